package io.ujrpc.protocol;

/**
 * The error codes of the JSON-RPC 2.0 specification, each with the specification's own
 * wording as its message.
 *
 * @see <a href="https://www.jsonrpc.org/specification#error_object">JSON-RPC 2.0, 5.1
 * Error object</a>
 */
public enum JsonRpcErrorCode {

	/**
	 * "Invalid JSON was received by the server. An error occurred on the server while
	 * parsing the JSON text."
	 */
	PARSE_ERROR(-32700, "Parse error"),

	/**
	 * In the specification's words: the JSON sent is not a valid Request object.
	 */
	INVALID_REQUEST(-32600, "Invalid Request"),

	/**
	 * In the specification's words: the method does not exist / is not available.
	 */
	METHOD_NOT_FOUND(-32601, "Method not found"),

	/**
	 * In the specification's words: invalid method parameter(s).
	 */
	INVALID_PARAMS(-32602, "Invalid params"),

	/**
	 * In the specification's words: internal JSON-RPC error.
	 */
	INTERNAL_ERROR(-32603, "Internal error"),

	/**
	 * An implementation-defined server error (the specification reserves -32000 to
	 * -32099): the server cannot take more work right now; retry later.
	 */
	SERVER_BUSY(-32000, "Server busy"),

	/**
	 * An implementation-defined server error: the call needs an authenticated caller and
	 * came without valid credentials (HTTP's 401). Over HTTP, a single request answered
	 * with it gets status 401 and a {@code WWW-Authenticate} challenge.
	 */
	UNAUTHORIZED(-32001, "Unauthorized"),

	/**
	 * An implementation-defined server error: the caller is authenticated but not allowed
	 * to call the method (HTTP's 403). Over HTTP, a single request answered with it gets
	 * status 403.
	 */
	FORBIDDEN(-32003, "Forbidden"),

	/**
	 * An implementation-defined server error: the method did not answer before its
	 * timeout (HTTP's 408); a blocking method is interrupted, a returned
	 * {@code CompletionStage} cancelled.
	 */
	REQUEST_TIMEOUT(-32008, "Request timed out");

	private final int code;

	private final String message;

	JsonRpcErrorCode(int code, String message) {
		this.code = code;
		this.message = message;
	}

	/**
	 * Return the numeric code sent on the wire.
	 * @return the code
	 */
	public int code() {
		return this.code;
	}

	/**
	 * Return the specification's message for this code.
	 * @return the message
	 */
	public String message() {
		return this.message;
	}

	/**
	 * Return an error object with this code and the specification's message.
	 * @return the error
	 */
	public JsonRpcError toError() {
		return new JsonRpcError(this.code, this.message, null);
	}

	/**
	 * Return an error object with this code and the specification's message followed by a
	 * detail.
	 * @param detail what exactly was wrong
	 * @return the error
	 */
	public JsonRpcError toError(String detail) {
		return new JsonRpcError(this.code, this.message + ": " + detail, null);
	}

}
