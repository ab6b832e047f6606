package io.ujrpc.server.http;

import java.util.List;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import org.jspecify.annotations.Nullable;

/**
 * Aggregates a request and its body, up to a limit. Over the limit, it hands a
 * {@link RequestRejection} (413) to the next handler instead of answering by itself, so
 * that the 413 is written in order after any pipelined responses still pending, and
 * discards the rest of the body.
 * <p>
 * A body that the decoder passes on in one piece (a {@code Content-Length} body that
 * arrived whole, the common request) becomes the request's content as it is: no composite
 * buffer, no new header maps. A head is held until its next part shows which way it goes;
 * everything else is Netty's aggregation.
 * <p>
 * Between the {@link HttpRequestValidator} and the {@link JsonRpcHttpHandler}; never sees
 * an {@code Expect} header, which the validator has handled.
 */
final class HttpRequestAggregator extends HttpObjectAggregator {

	private final int maxContentLength;

	/** A head whose body has not started: the next part says whether it is one piece. */
	private @Nullable HttpRequest held;

	HttpRequestAggregator(int maxContentLength) {
		super(maxContentLength);
		this.maxContentLength = maxContentLength;
	}

	@Override
	public boolean acceptInboundMessage(Object msg) throws Exception {
		// Netty's aggregation takes content only after a head it has seen.
		return (this.held != null && msg instanceof HttpContent) || super.acceptInboundMessage(msg);
	}

	@Override
	protected void decode(ChannelHandlerContext ctx, HttpObject msg, List<Object> out) throws Exception {
		HttpRequest held = this.held;
		if (held != null) {
			this.held = null;
			if (msg instanceof LastHttpContent last && last.decoderResult().isSuccess()
					&& last.content().readableBytes() <= this.maxContentLength) {
				out.add(whole(held, last));
				return;
			}
			super.decode(ctx, held, out);
		}
		else if (isHeld(msg)) {
			this.held = (HttpRequest) msg;
			return;
		}
		super.decode(ctx, msg, out);
	}

	/*
	 * A head read without failure, of a request whose body has a known length within the
	 * limit (a longer one is refused by Netty's aggregation at once, before its body is
	 * sent); a chunked one goes to Netty's, which rewrites its framing headers.
	 */
	private boolean isHeld(HttpObject msg) {
		if (!(msg instanceof HttpRequest request) || msg instanceof FullHttpMessage
				|| !request.decoderResult().isSuccess()) {
			return false;
		}
		if (request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)) {
			return false;
		}
		try {
			return HttpUtil.getContentLength(request, 0L) <= this.maxContentLength;
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	/* The content is handed on: the message it came in is released after this. */
	private static FullHttpRequest whole(HttpRequest head, LastHttpContent last) {
		HttpHeaders headers = head.headers();
		if (!headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
			// As Netty's aggregation says of every aggregated request.
			headers.set(HttpHeaderNames.CONTENT_LENGTH, String.valueOf(last.content().readableBytes()));
		}
		FullHttpRequest request = new DefaultFullHttpRequest(head.protocolVersion(), head.method(), head.uri(),
				last.content().retain(), headers, last.trailingHeaders());
		request.setDecoderResult(head.decoderResult());
		return request;
	}

	@Override
	public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
		if (this.held != null && !ctx.channel().config().isAutoRead()) {
			// The body is still to come, as for a request being aggregated.
			ctx.read();
		}
		super.channelReadComplete(ctx);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		this.held = null;
		super.channelInactive(ctx);
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) throws Exception {
		this.held = null;
		super.handlerRemoved(ctx);
	}

	@Override
	protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
		HttpMethod method = (oversized instanceof HttpRequest request) ? request.method() : HttpMethod.POST;
		ctx.fireChannelRead(new RequestRejection(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
				"Request body is over the limit of " + this.maxContentLength + " bytes")
			.asRequest(method));
	}

}
