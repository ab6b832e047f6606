package io.ujrpc.client;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a call fails on the client's side rather than with a JSON-RPC error from
 * the server: a response that cannot be read, or a result that does not fit the expected
 * type.
 * <p>
 * An error object sent by the server surfaces as
 * {@link io.ujrpc.protocol.JsonRpcException} instead.
 */
public class JsonRpcClientException extends RuntimeException {

	/**
	 * Create an exception.
	 * @param message what went wrong
	 * @param cause the cause or {@code null}
	 */
	public JsonRpcClientException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
