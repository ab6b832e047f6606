package io.ujrpc.benchmarks.peer;

import tools.jackson.databind.JsonNode;

/**
 * A JSON-RPC error to answer with.
 */
public class JsonRpcException extends RuntimeException {

	private final int code;

	public JsonRpcException(int code, String message) {
		super(message, null, false, false);
		this.code = code;
	}

	public int getCode() {
		return this.code;
	}

	/**
	 * Turns this error into a response object.
	 * @param id the request id, {@code null} when it could not be read
	 * @return the error response
	 */
	public JsonNode toResponse(JsonNode id) {
		return JsonRpc.error(id, this.code, getMessage());
	}

}
