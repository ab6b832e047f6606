package io.ujrpc.server.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.CharsetUtil;
import io.ujrpc.server.config.WebSocketSettings;

/**
 * Decides which requests reach Netty's WebSocket handshake: a well-formed request on the
 * WebSocket path from an allowed browser origin does; one from an origin that is not
 * allowed is refused with 403; everything else (other paths, and the refused and
 * oversized requests the HTTP handlers pass on, and their markers) goes straight to the
 * HTTP request handler, past the handshake handler, which would answer such requests by
 * itself, ahead of the responses still pending, or fail on what is not an HTTP request.
 * <p>
 * In the HTTP pipeline after the aggregator and before Netty's
 * {@code WebSocketServerProtocolHandler}; removed once the handshake is done.
 */
final class WebSocketOriginHandler extends ChannelInboundHandlerAdapter {

	private final String path;

	private final AllowedOrigins allowedOrigins;

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
		if (msg instanceof FullHttpRequest request && request.decoderResult().isSuccess()
				&& isWebSocketPath(request.uri())) {
			String origin = request.headers().get(HttpHeaderNames.ORIGIN);
			String host = request.headers().get(HttpHeaderNames.HOST);
			boolean secure = ctx.pipeline().get(SslHandler.class) != null;
			if (!this.allowedOrigins.isAllowed(origin, host, secure)) {
				request.release();
				ByteBuf body = Unpooled.copiedBuffer("Origin " + origin + " is not allowed\n", CharsetUtil.UTF_8);
				FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
						HttpResponseStatus.FORBIDDEN, body);
				response.headers()
					.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
					.setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
					.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
				ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
				return;
			}
			ctx.fireChannelRead(msg);
			return;
		}
		ChannelHandlerContext last = ctx.pipeline().context(WebSocketUpgradeHandler.class);
		((last != null) ? last : ctx).fireChannelRead(msg);
	}

	private boolean isWebSocketPath(String uri) {
		return uri.startsWith(this.path) && (uri.length() == this.path.length() || uri.charAt(this.path.length()) == '/'
				|| uri.charAt(this.path.length()) == '?');
	}

}
