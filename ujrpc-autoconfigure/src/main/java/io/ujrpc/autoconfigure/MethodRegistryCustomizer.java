package io.ujrpc.autoconfigure;

import io.ujrpc.dispatch.MethodRegistry;

/**
 * Customizes the {@link MethodRegistry.Builder} before the application's JSON-RPC methods
 * are added to it: parameter validation, exception resolvers, service discovery, reserved
 * names. Every bean of this type is applied, in
 * {@link org.springframework.core.annotation.Order order}.
 */
@FunctionalInterface
public interface MethodRegistryCustomizer {

	/**
	 * Customize the builder.
	 * @param builder the builder, still without methods
	 */
	void customize(MethodRegistry.Builder builder);

}
