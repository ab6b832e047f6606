package io.ujrpc.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.ujrpc.internal.netty.RequestDeadlines;
import io.ujrpc.server.config.RestSettings;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims the requests whose {@code application/octet-stream} body streams into a method
 * (one with an {@link java.io.InputStream} parameter) before the aggregator would buffer
 * them whole: the head goes on as a {@link StreamedRequest}, and the body's chunks into
 * its {@link StreamedBody}, never past this handler. Everything else passes untouched.
 * <p>
 * A streamed body has its own limits: over {@link RestSettings#maxStreamSize()} (by its
 * {@code Content-Length} up front, or as it arrives) it gets 413, and from its head on
 * its deadline is {@link RestSettings#streamTimeout()} instead of the request timeout.
 * Either way the rest of the connection's input is dropped, and it closes once answered.
 * <p>
 * Between the {@link HttpRequestValidator} and the aggregator.
 */
final class StreamingRequestHandler extends ChannelInboundHandlerAdapter {

	private static final Logger logger = LoggerFactory.getLogger(StreamingRequestHandler.class);

	private final RestRoutes routes;

	private final RestSettings settings;

	/** The body being received, or {@code null} between streamed requests. */
	private @Nullable StreamedBody body;

	private long received;

	/** A streamed body was refused: the connection closes, nothing more is read. */
	private boolean dropping;

	StreamingRequestHandler(RestRoutes routes, RestSettings settings) {
		this.routes = routes;
		this.settings = settings;
	}

	/**
	 * Whether a request's body would stream into its method.
	 * @param routes the routes
	 * @param request the request's head
	 * @return whether this handler claims it
	 */
	static boolean streams(RestRoutes routes, HttpRequest request) {
		return lookup(routes, request) != null;
	}

	private static RestRoutes.@Nullable Lookup lookup(RestRoutes routes, HttpRequest request) {
		if (request instanceof FullHttpRequest || !request.decoderResult().isSuccess()
				|| !isOctetStream(request.headers().get(HttpHeaderNames.CONTENT_TYPE))) {
			return null;
		}
		RestRoutes.Lookup lookup = routes.find(request.method(), RequestTargets.path(request.uri()));
		return (lookup != null && lookup.target() != null && lookup.target().streamsBody()) ? lookup : null;
	}

	static boolean isOctetStream(@Nullable String contentType) {
		if (contentType == null) {
			return false;
		}
		int end = contentType.indexOf(';');
		return ((end < 0) ? contentType : contentType.substring(0, end)).trim()
			.equalsIgnoreCase("application/octet-stream");
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (this.dropping) {
			ReferenceCountUtil.release(msg);
			return;
		}
		StreamedBody body = this.body;
		if (body != null) {
			if (msg instanceof HttpContent content) {
				receive(ctx, body, content);
			}
			else {
				ctx.fireChannelRead(msg);
			}
			return;
		}
		if (msg instanceof HttpRequest request) {
			RestRoutes.Lookup lookup = lookup(this.routes, request);
			if (lookup != null) {
				start(ctx, request, lookup);
				return;
			}
		}
		ctx.fireChannelRead(msg);
	}

	private void start(ChannelHandlerContext ctx, HttpRequest request, RestRoutes.Lookup lookup) {
		long length = HttpUtil.getContentLength(request, -1L);
		if (length > this.settings.maxStreamSize()) {
			logger.debug("Refused a streamed body of {} bytes on {}", length, ctx.channel());
			this.dropping = true;
			ctx.fireChannelRead(new RequestRejection(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
					"Request body is over the limit of " + this.settings.maxStreamSize() + " bytes")
				.asRequest(request.method()));
			return;
		}
		RequestDeadlines deadlines = ctx.channel().attr(RequestDeadlines.KEY).get();
		if (deadlines != null) {
			deadlines.streamed(this.settings.streamTimeout());
		}
		JsonRpcHttpHandler handler = ctx.pipeline().get(JsonRpcHttpHandler.class);
		StreamedBody body = new StreamedBody(ctx.executor(), (suspend) -> {
			if (handler != null) {
				handler.suspendReading(suspend);
			}
		});
		this.body = body;
		this.received = 0;
		ctx.fireChannelRead(new StreamedRequest(request, lookup, body));
	}

	private void receive(ChannelHandlerContext ctx, StreamedBody body, HttpContent content) {
		boolean last = content instanceof LastHttpContent;
		try {
			if (content.decoderResult().isFailure()) {
				// A malformed chunk, or one refused (the server's memory budget): the
				// connection cannot go on.
				Throwable cause = content.decoderResult().cause();
				body.abort((cause instanceof RequestRejection refusal)
						? new StreamAbortedException(refusal.status(), refusal.getMessage())
						: new StreamAbortedException(HttpResponseStatus.BAD_REQUEST, "Malformed request body"));
				this.dropping = true;
				return;
			}
			this.received += content.content().readableBytes();
			if (this.received > this.settings.maxStreamSize()) {
				logger.debug("Streamed body over {} bytes on {}", this.settings.maxStreamSize(), ctx.channel());
				body.abort(new StreamAbortedException(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
						"Request body is over the limit of " + this.settings.maxStreamSize() + " bytes"));
				this.dropping = true;
				return;
			}
			body.offer(content.content().retain());
			if (last) {
				body.end();
				this.body = null;
			}
		}
		finally {
			content.release();
		}
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
		StreamedBody body = this.body;
		if (evt instanceof RequestDeadlines.RequestTimeoutEvent && body != null) {
			this.dropping = true;
			if (body.abort(new StreamAbortedException(HttpResponseStatus.REQUEST_TIMEOUT,
					"Request body not received in time"))) {
				// The method still reads: its route answers 408 and closes.
				logger.debug("Streamed body not received in time on {}", ctx.channel());
				return;
			}
		}
		ctx.fireUserEventTriggered(evt);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		StreamedBody body = this.body;
		if (body != null) {
			this.body = null;
			body.abort(new StreamAbortedException(HttpResponseStatus.BAD_REQUEST,
					"Connection closed before the request body ended"));
		}
		ctx.fireChannelInactive();
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		StreamedBody body = this.body;
		if (body != null) {
			this.body = null;
			body.abort(new StreamAbortedException(HttpResponseStatus.BAD_REQUEST, "Connection closed"));
		}
	}

}
