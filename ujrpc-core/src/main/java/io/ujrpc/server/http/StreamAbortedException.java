package io.ujrpc.server.http;

import java.io.IOException;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.ujrpc.annotation.JsonRpcErrorMapping;

/**
 * What a method reading a streamed request body gets when the body will not arrive whole:
 * it went over the size limit, missed its deadline, or the connection closed. The REST
 * route then answers with the status of the cause, whatever the method returned.
 */
@JsonRpcErrorMapping(code = -32001, message = "Request body aborted", httpStatus = 400)
final class StreamAbortedException extends IOException {

	private final HttpResponseStatus status;

	StreamAbortedException(HttpResponseStatus status, String message) {
		super(message, null);
		this.status = status;
	}

	/**
	 * The status that answers the request.
	 * @return 413, 408, or 400 for a closed connection (nobody reads it)
	 */
	HttpResponseStatus status() {
		return this.status;
	}

	@Override
	public synchronized Throwable fillInStackTrace() {
		// A client's fault: the stack says nothing.
		return this;
	}

}
