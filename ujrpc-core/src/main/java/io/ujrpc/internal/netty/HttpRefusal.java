package io.ujrpc.internal.netty;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Why an HTTP request is refused before it is handled: the status and a short message for
 * the client. Set as the failed decoder result of the request it refuses, which then
 * travels on to the HTTP request handler, so that the refusal is written in order after
 * the responses still pending, and the connection closed after it. Shared by the HTTP and
 * WebSocket handlers that refuse requests (a WebSocket handshake that is not one, or from
 * an origin that is not allowed).
 */
public class HttpRefusal extends DecoderException {

	private final HttpResponseStatus status;

	/**
	 * Create a refusal.
	 * @param status the status that answers the request
	 * @param message what the client is told
	 */
	public HttpRefusal(HttpResponseStatus status, String message) {
		super(message);
		this.status = status;
	}

	/**
	 * The status that answers the request.
	 * @return the status
	 */
	public HttpResponseStatus status() {
		return this.status;
	}

	@Override
	public synchronized Throwable fillInStackTrace() {
		// A client's fault, answered and logged at DEBUG: the stack says nothing.
		return this;
	}

}
