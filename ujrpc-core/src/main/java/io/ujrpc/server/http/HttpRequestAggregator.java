package io.ujrpc.server.http;

import java.util.List;

import io.netty.buffer.ByteBuf;
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
 * A body that arrives in pieces is held across reads. The decoder hands each piece on as
 * a slice of the buffer it was read into, so a piece of a few bytes would keep a whole
 * receive buffer (up to 64 KiB) alive until the request completes, and a slow client
 * would make the pooled allocator grow by a receive buffer per piece. A piece that fills
 * less than half of the buffer it comes from is therefore copied into a small buffer of
 * the aggregator's own (the next piece goes after it), so that what a request holds is
 * about what it has sent; a piece that fills its buffer is kept as it is.
 * <p>
 * Between the {@link HttpRequestValidator} and the {@link JsonRpcHttpHandler}; never sees
 * an {@code Expect} header, which the validator has handled.
 */
final class HttpRequestAggregator extends HttpObjectAggregator {

	/** The first buffer small pieces of a request's body are copied into. */
	static final int FIRST_PIECES_CAPACITY = 128;

	/** The largest buffer small pieces are copied into: each one is twice the last. */
	static final int MAX_PIECES_CAPACITY = 8192;

	private final int maxContentLength;

	/** A head whose body has not started: the next part says whether it is one piece. */
	private @Nullable HttpRequest held;

	/**
	 * Where the current request's small pieces are copied, each handed on as a slice of
	 * it: the aggregator's own reference, given up when the request completes or the
	 * buffer is full (the slices keep it until the request is released).
	 */
	private @Nullable ByteBuf pieces;

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
		if (this.pieces != null && msg instanceof HttpRequest) {
			// A request that never completed: its pieces went with it.
			releasePieces();
		}
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
		if (msg instanceof HttpContent content && !(msg instanceof LastHttpContent) && !isHandlingOversizedMessage()
				&& isPinning(content.content())) {
			HttpContent copy = content.replace(copyOf(ctx, content.content()));
			try {
				super.decode(ctx, copy, out);
			}
			finally {
				// Netty's aggregation keeps its own reference.
				copy.release();
			}
			return;
		}
		super.decode(ctx, msg, out);
		if (msg instanceof LastHttpContent) {
			releasePieces();
		}
	}

	/* A piece that keeps alive more than twice its own size. */
	private static boolean isPinning(ByteBuf piece) {
		ByteBuf buffer = piece;
		for (ByteBuf unwrapped = buffer.unwrap(); unwrapped != null; unwrapped = unwrapped.unwrap()) {
			buffer = unwrapped;
		}
		return piece.isReadable() && piece.readableBytes() < buffer.capacity() / 2;
	}

	/*
	 * The piece's bytes, as a slice of the pieces buffer (a new one when they do not
	 * fit).
	 */
	private ByteBuf copyOf(ChannelHandlerContext ctx, ByteBuf piece) {
		int length = piece.readableBytes();
		ByteBuf pieces = this.pieces;
		if (pieces == null || pieces.writableBytes() < length) {
			int capacity = Math.max(length,
					(pieces != null) ? Math.min(pieces.capacity() * 2, MAX_PIECES_CAPACITY) : FIRST_PIECES_CAPACITY);
			releasePieces();
			// A fixed capacity: the slices handed on point into it, it never moves.
			pieces = ctx.alloc().buffer(capacity, capacity);
			this.pieces = pieces;
		}
		int index = pieces.writerIndex();
		pieces.writeBytes(piece, piece.readerIndex(), length);
		return pieces.retainedSlice(index, length);
	}

	private void releasePieces() {
		ByteBuf pieces = this.pieces;
		if (pieces != null) {
			this.pieces = null;
			pieces.release();
		}
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

	/*
	 * The request with its body, as the aggregation makes it: the content is retained,
	 * the message it came in is the caller's to release.
	 */
	static FullHttpRequest whole(HttpRequest head, LastHttpContent last) {
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
		releasePieces();
		super.channelInactive(ctx);
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) throws Exception {
		this.held = null;
		releasePieces();
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
