package io.ujrpc.server.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.ujrpc.internal.netty.HttpRefusal;

/**
 * Why a request is refused before it is handled: the status to answer with and a short
 * message for the client. Travels down the pipeline as the failed decoder result of an
 * empty request (see {@link #asRequest}), so that its answer is written by the
 * {@link JsonRpcHttpHandler} in order after the responses still pending before it, and
 * the connection is closed after it.
 */
final class RequestRejection extends HttpRefusal {

	RequestRejection(HttpResponseStatus status, String message) {
		super(status, message);
	}

	/**
	 * An empty request standing for the refused one, its decoder result this failure.
	 * @param method the refused request's method, so that a HEAD gets no body
	 * @return the request, to pass on instead of the refused one
	 */
	FullHttpRequest asRequest(HttpMethod method) {
		FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, "/", Unpooled.EMPTY_BUFFER);
		request.setDecoderResult(DecoderResult.failure(this));
		return request;
	}

}
