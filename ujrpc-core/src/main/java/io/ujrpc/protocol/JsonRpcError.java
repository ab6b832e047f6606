package io.ujrpc.protocol;

/**
 * A JSON-RPC 2.0 error object.
 *
 * @param code the error code
 * @param message a short description of the error
 * @param data additional information, serialized with Jackson, or {@code null} to omit
 * the member
 */
public record JsonRpcError(int code, String message, Object data) {

	/**
	 * Create an error without data.
	 * @param code the error code
	 * @param message a short description of the error
	 */
	public JsonRpcError(int code, String message) {
		this(code, message, null);
	}

	/**
	 * Create a new instance, checking that the message is present.
	 * @param code the error code
	 * @param message a short description of the error
	 * @param data additional information or {@code null}
	 */
	public JsonRpcError {
		if (message == null) {
			throw new IllegalArgumentException("message: null (expected: a short description)");
		}
	}

}
