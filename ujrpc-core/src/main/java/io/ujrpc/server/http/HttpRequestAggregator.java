package io.ujrpc.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;

/**
 * Aggregates a request and its body, up to a limit. Over the limit, it hands
 * {@link OversizedRequest} to the next handler instead of answering by itself, so that
 * the 413 is written in order after any pipelined responses still pending.
 * <p>
 * Between Netty's request decoder and the {@link JsonRpcHttpHandler}.
 */
final class HttpRequestAggregator extends HttpObjectAggregator {

	HttpRequestAggregator(int maxContentLength) {
		super(maxContentLength);
	}

	@Override
	protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
		ctx.fireChannelRead(OversizedRequest.INSTANCE);
	}

}
