package io.ujrpc.autoconfigure;

import io.ujrpc.server.JsonRpcServer;

/**
 * Customizes the {@link JsonRpcServer.Builder} before the server is built. Every bean of
 * this type is applied, in {@link org.springframework.core.annotation.Order order}.
 */
@FunctionalInterface
public interface JsonRpcServerCustomizer {

	/**
	 * Customize the builder.
	 * @param builder the builder, already configured from properties
	 */
	void customize(JsonRpcServer.Builder builder);

}
