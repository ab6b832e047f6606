package io.ujrpc.protocol;

/**
 * Thrown by a JSON-RPC method to answer the call with a specific error object.
 * <p>
 * The code, message and data are sent to the client as they are. Codes from -32768 to
 * -32000 are reserved by the specification; -32000 to -32099 are for server errors.
 */
public class JsonRpcException extends RuntimeException {

	private final int code;

	private final transient Object data;

	/**
	 * Create an exception that becomes an error object without data.
	 * @param code the error code
	 * @param message the error message
	 */
	public JsonRpcException(int code, String message) {
		this(code, message, null);
	}

	/**
	 * Create an exception that becomes an error object with data.
	 * @param code the error code
	 * @param message the error message
	 * @param data additional information, serialized with Jackson, or {@code null}
	 */
	public JsonRpcException(int code, String message, Object data) {
		super(message, null, false, false);
		this.code = code;
		this.data = data;
	}

	/**
	 * Return the error code.
	 * @return the code
	 */
	public int getCode() {
		return this.code;
	}

	/**
	 * Return the error data.
	 * @return the data or {@code null}
	 */
	public Object getData() {
		return this.data;
	}

	/**
	 * Return the error object this exception stands for.
	 * @return the error
	 */
	public JsonRpcError toError() {
		String message = getMessage();
		return new JsonRpcError(this.code, (message != null) ? message : "Error " + this.code, this.data);
	}

}
