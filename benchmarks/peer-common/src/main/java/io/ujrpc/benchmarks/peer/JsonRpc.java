package io.ujrpc.benchmarks.peer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON-RPC 2.0 envelope as an application without a JSON-RPC library writes it: read
 * a call out of a tree, build result and error objects, read positional parameters.
 */
public final class JsonRpc {

	/** Invalid JSON was received by the server. */
	public static final int PARSE_ERROR = -32700;

	/** The JSON sent is not a valid Request object. */
	public static final int INVALID_REQUEST = -32600;

	/** The method does not exist / is not available. */
	public static final int METHOD_NOT_FOUND = -32601;

	/** Invalid method parameter(s). */
	public static final int INVALID_PARAMS = -32602;

	/** Internal JSON-RPC error. */
	public static final int INTERNAL_ERROR = -32603;

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private JsonRpc() {
	}

	/**
	 * Reads one call out of a request object.
	 * @param node a request object (a batch element or the whole body)
	 * @return the call
	 * @throws InvalidRequestException if the node is not a valid request object
	 */
	public static Call call(JsonNode node) {
		if (!node.isObject()) {
			throw new InvalidRequestException(null, "Request must be an object");
		}
		JsonNode id = node.get("id");
		if (id != null && !(id.isString() || id.isNumber() || id.isNull())) {
			throw new InvalidRequestException(null, "id must be a string, a number or null");
		}
		JsonNode version = node.get("jsonrpc");
		if (version == null || !version.isString() || !"2.0".equals(version.stringValue())) {
			throw new InvalidRequestException(id, "jsonrpc must be \"2.0\"");
		}
		JsonNode method = node.get("method");
		if (method == null || !method.isString()) {
			throw new InvalidRequestException(id, "method must be a string");
		}
		JsonNode params = node.get("params");
		if (params != null && !params.isContainer()) {
			throw new InvalidRequestException(id, "params must be an array or an object");
		}
		return new Call(id, method.stringValue(), params);
	}

	public static JsonNode result(JsonNode id, JsonNode result) {
		ObjectNode response = nodes.objectNode();
		response.put("jsonrpc", "2.0");
		response.set("result", result);
		response.set("id", id);
		return response;
	}

	public static JsonNode error(JsonNode id, int code, String message) {
		ObjectNode response = nodes.objectNode();
		response.put("jsonrpc", "2.0");
		ObjectNode error = response.putObject("error");
		error.put("code", code);
		error.put("message", message);
		response.set("id", (id != null) ? id : NullNode.getInstance());
		return response;
	}

	public static JsonRpcException methodNotFound(String method) {
		return new JsonRpcException(METHOD_NOT_FOUND, "Method not found: " + method);
	}

	public static JsonNode number(long value) {
		return nodes.numberNode(value);
	}

	public static ArrayNode array() {
		return nodes.arrayNode();
	}

	/**
	 * One JSON-RPC call.
	 *
	 * @param id the id; {@code null} for a notification (a JSON {@code null} id is not
	 * one)
	 * @param method the method name
	 * @param params the parameters, or {@code null} when the request has none
	 */
	public record Call(JsonNode id, String method, JsonNode params) {

		public boolean isNotification() {
			return this.id == null;
		}

		/**
		 * Checks the positional parameters.
		 * @param count the number of parameters the method takes
		 * @return the parameters
		 */
		public ArrayNode positionalParams(int count) {
			if (this.params == null && count == 0) {
				return nodes.arrayNode();
			}
			if (this.params == null || !this.params.isArray() || this.params.size() != count) {
				throw new JsonRpcException(INVALID_PARAMS,
						this.method + " takes " + count + " positional parameter(s)");
			}
			return (ArrayNode) this.params;
		}

		public long longParam(int index, int count) {
			JsonNode param = positionalParams(count).get(index);
			if (!param.isIntegralNumber() || !param.canConvertToLong()) {
				throw new JsonRpcException(INVALID_PARAMS, "param " + index + " must be an integer");
			}
			return param.longValue();
		}

		public int fiboParam() {
			long n = longParam(0, 1);
			if (n < 0 || n > BenchmarkMethods.MAX_FIBO_N) {
				throw new JsonRpcException(INVALID_PARAMS,
						"n: " + n + " (expected: 0.." + BenchmarkMethods.MAX_FIBO_N + ")");
			}
			return (int) n;
		}

	}

	/**
	 * The request object itself is not valid; answered even when it has no id.
	 */
	public static final class InvalidRequestException extends JsonRpcException {

		private final JsonNode id;

		InvalidRequestException(JsonNode id, String message) {
			super(INVALID_REQUEST, "Invalid Request: " + message);
			this.id = id;
		}

		public JsonNode toResponse() {
			return toResponse(this.id);
		}

	}

}
