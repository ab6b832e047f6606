package io.ujrpc.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Aggregates a request and its body, up to a limit. Over the limit, it hands a
 * {@link RequestRejection} (413) to the next handler instead of answering by itself, so
 * that the 413 is written in order after any pipelined responses still pending, and
 * discards the rest of the body.
 * <p>
 * Between the {@link HttpRequestValidator} and the {@link JsonRpcHttpHandler}; never sees
 * an {@code Expect} header, which the validator has handled.
 */
final class HttpRequestAggregator extends HttpObjectAggregator {

	private final int maxContentLength;

	HttpRequestAggregator(int maxContentLength) {
		super(maxContentLength);
		this.maxContentLength = maxContentLength;
	}

	@Override
	protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
		HttpMethod method = (oversized instanceof HttpRequest request) ? request.method() : HttpMethod.POST;
		ctx.fireChannelRead(new RequestRejection(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
				"Request body is over the limit of " + this.maxContentLength + " bytes")
			.asRequest(method));
	}

}
