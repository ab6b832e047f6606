package io.ujrpc.protocol;

import tools.jackson.databind.JsonNode;

/**
 * One element of a decoded JSON-RPC payload: a valid {@link JsonRpcRequest} or an
 * {@link InvalidRequest} that is answered with an error.
 */
public sealed interface JsonRpcEntry permits JsonRpcRequest, InvalidRequest {

	/**
	 * Return the id to answer with; {@code null} for a notification, which gets no
	 * response.
	 * @return the id, {@link tools.jackson.databind.node.NullNode} for an explicit null
	 */
	JsonNode id();

}
