package io.ujrpc.client;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a call cannot be completed because of the connection: the server cannot be
 * reached, the connection closed before the response, TLS failed, or an HTTP status other
 * than 200 and 204 came back.
 * <p>
 * Whether the server ran the call is unknown; the next call reconnects.
 */
public class JsonRpcTransportException extends JsonRpcClientException {

	/**
	 * Create an exception.
	 * @param message what went wrong, naming the server
	 * @param cause the cause or {@code null}
	 */
	public JsonRpcTransportException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
