package io.ujrpc.autoconfigure.client;

import io.ujrpc.client.JsonRpcClient;

/**
 * Customizes the builder of each auto-configured JSON-RPC client before it is built;
 * beans of this type are applied in order.
 */
@FunctionalInterface
public interface JsonRpcClientBuilderCustomizer {

	/**
	 * Customize a client's builder.
	 * @param name the client's name, as in {@code ujrpc.client.<name>.url}
	 * @param builder the builder, with the properties applied
	 */
	void customize(String name, JsonRpcClient.Builder builder);

}
