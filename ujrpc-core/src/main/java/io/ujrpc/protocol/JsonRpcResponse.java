package io.ujrpc.protocol;

import tools.jackson.databind.JsonNode;

/**
 * A JSON-RPC 2.0 response object: a result or an error, and the request's id.
 *
 * @param id the id of the request, a null node when it could not be read
 * @param result the result, serialized with Jackson (may be {@code null})
 * @param error the error, or {@code null} for a success
 */
public record JsonRpcResponse(JsonNode id, Object result, JsonRpcError error) implements JsonRpcReply {

	/**
	 * Create a successful response.
	 * @param id the request's id
	 * @param result the result
	 * @return the response
	 */
	public static JsonRpcResponse success(JsonNode id, Object result) {
		return new JsonRpcResponse(id, result, null);
	}

	/**
	 * Create an error response.
	 * @param id the request's id
	 * @param error the error
	 * @return the response
	 */
	public static JsonRpcResponse failure(JsonNode id, JsonRpcError error) {
		return new JsonRpcResponse(id, null, error);
	}

	/**
	 * Whether this response carries an error.
	 * @return {@code true} for an error response
	 */
	public boolean isError() {
		return this.error != null;
	}

}
