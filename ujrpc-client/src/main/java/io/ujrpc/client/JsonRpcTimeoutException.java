package io.ujrpc.client;

/**
 * Thrown when no response arrived within the call's timeout; whether the server ran the
 * call is unknown.
 */
public class JsonRpcTimeoutException extends JsonRpcTransportException {

	/**
	 * Create an exception.
	 * @param message which call timed out, after how long
	 */
	public JsonRpcTimeoutException(String message) {
		super(message, null);
	}

}
