package io.ujrpc.server.websocket;

import java.util.Set;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.ujrpc.internal.netty.DrainableConnection;
import io.ujrpc.internal.netty.HttpRefusal;
import io.ujrpc.internal.netty.OrderedConnectionHandler;
import io.ujrpc.server.config.WebSocketSettings;
import org.jspecify.annotations.Nullable;

/**
 * Decides which requests reach Netty's WebSocket handshake: a well-formed handshake on
 * the WebSocket path from an allowed browser origin does; one from an origin that is not
 * allowed is refused with 403, one that is not a handshake Netty would take with 400 (or
 * 426 for another WebSocket version), through the HTTP request handler, in order;
 * everything else (other paths, and the refused and oversized requests the HTTP handlers
 * pass on, and their markers) goes straight to the HTTP request handler, past the
 * handshake handler, which would answer such requests by itself, ahead of the responses
 * still pending, or fail on what is not an HTTP request. A handshake reaches the
 * handshake handler only once the answers of the requests before it are written, so that
 * its {@code 101} is in order too.
 * <p>
 * In the HTTP pipeline after the aggregator and before Netty's
 * {@code WebSocketServerProtocolHandler}; removed once the handshake is done.
 */
final class WebSocketOriginHandler extends ChannelInboundHandlerAdapter {

	/** The versions Netty's handshaker takes (13, and the drafts 8 and 7). */
	private static final Set<String> SUPPORTED_VERSIONS = Set.of("13", "8", "7");

	private final String path;

	private final AllowedOrigins allowedOrigins;

	/** A handshake waiting for the answers of the requests before it. */
	private @Nullable FullHttpRequest waiting;

	/** The handshake's last handler, which the HTTP request handler follows. */
	private @Nullable ChannelHandlerContext upgradeContext;

	/**
	 * Create a handler.
	 * @param settings the WebSocket settings
	 */
	WebSocketOriginHandler(WebSocketSettings settings) {
		this.path = settings.path();
		this.allowedOrigins = new AllowedOrigins(settings.allowedOrigins());
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		FullHttpRequest waiting = this.waiting;
		if (waiting != null) {
			// RFC 6455 4.1: nothing follows a handshake before its answer. The decoder
			// refuses what comes in the same read; this is what a later one brought.
			ReferenceCountUtil.release(msg);
			this.waiting = null;
			waiting.setDecoderResult(DecoderResult.failure(new HttpRefusal(HttpResponseStatus.BAD_REQUEST,
					"Data sent before the WebSocket handshake was answered")));
			toHttpHandler(ctx, waiting);
			return;
		}
		if (msg instanceof FullHttpRequest request && request.decoderResult().isSuccess()
				&& isWebSocketPath(request.uri())) {
			HttpRefusal refusal = check(ctx, request);
			if (refusal == null) {
				handshakeInTurn(ctx, request);
				return;
			}
			// Answered by the HTTP request handler, in order, and not by Netty's
			// handshake handler, which would write its refusal at once, ahead of the
			// responses still pending.
			request.setDecoderResult(DecoderResult.failure(refusal));
		}
		toHttpHandler(ctx, msg);
	}

	/*
	 * Netty's handshake handler writes its 101 (and the authentication handler its 401)
	 * at once: the handshake reaches them only once the answers of the requests before it
	 * are written, and nothing is read meanwhile.
	 */
	private void handshakeInTurn(ChannelHandlerContext ctx, FullHttpRequest request) {
		if (!(ctx.channel().attr(DrainableConnection.KEY).get() instanceof OrderedConnectionHandler<?> connection)) {
			ctx.fireChannelRead(request);
			return;
		}
		this.waiting = request;
		connection.afterPendingResponses(() -> {
			FullHttpRequest handshake = this.waiting;
			if (handshake != null) {
				this.waiting = null;
				ctx.fireChannelRead(handshake);
			}
		});
	}

	private void toHttpHandler(ChannelHandlerContext ctx, Object msg) {
		// Looked up once a connection, not once a request.
		ChannelHandlerContext last = this.upgradeContext;
		if (last == null || last.isRemoved()) {
			last = ctx.pipeline().context(WebSocketUpgradeHandler.class);
			this.upgradeContext = last;
		}
		((last != null) ? last : ctx).fireChannelRead(msg);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		releaseWaiting();
		ctx.fireChannelInactive();
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		releaseWaiting();
	}

	private void releaseWaiting() {
		FullHttpRequest waiting = this.waiting;
		if (waiting != null) {
			this.waiting = null;
			waiting.release();
		}
	}

	/*
	 * What Netty's handshaker would refuse (RFC 6455 section 4.2.1), and the origin.
	 */
	private @Nullable HttpRefusal check(ChannelHandlerContext ctx, FullHttpRequest request) {
		HttpHeaders headers = request.headers();
		if (request.method() != HttpMethod.GET) {
			return new HttpRefusal(HttpResponseStatus.BAD_REQUEST, "A WebSocket handshake is a GET request");
		}
		if (!headers.containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
			return new HttpRefusal(HttpResponseStatus.BAD_REQUEST,
					"Not a WebSocket handshake: the request needs Upgrade: websocket");
		}
		if (!headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)) {
			return new HttpRefusal(HttpResponseStatus.BAD_REQUEST,
					"Not a WebSocket handshake: the request needs Connection: Upgrade");
		}
		String version = headers.get(HttpHeaderNames.SEC_WEBSOCKET_VERSION);
		if (version == null || !SUPPORTED_VERSIONS.contains(version.strip())) {
			return new HttpRefusal(HttpResponseStatus.UPGRADE_REQUIRED, "WebSocket version 13 is required");
		}
		String key = headers.get(HttpHeaderNames.SEC_WEBSOCKET_KEY);
		if (key == null || key.isBlank()) {
			return new HttpRefusal(HttpResponseStatus.BAD_REQUEST,
					"Not a WebSocket handshake: the request needs Sec-WebSocket-Key");
		}
		String origin = headers.get(HttpHeaderNames.ORIGIN);
		String host = headers.get(HttpHeaderNames.HOST);
		boolean secure = ctx.pipeline().get(SslHandler.class) != null;
		if (!this.allowedOrigins.isAllowed(origin, host, secure)) {
			return new HttpRefusal(HttpResponseStatus.FORBIDDEN, "Origin " + origin + " is not allowed");
		}
		return null;
	}

	private boolean isWebSocketPath(String uri) {
		return uri.startsWith(this.path) && (uri.length() == this.path.length() || uri.charAt(this.path.length()) == '/'
				|| uri.charAt(this.path.length()) == '?');
	}

}
