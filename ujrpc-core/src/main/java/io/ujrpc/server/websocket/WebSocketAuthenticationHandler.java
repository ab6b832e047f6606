package io.ujrpc.server.websocket;

import java.security.Principal;

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
import io.netty.util.AttributeKey;
import io.netty.util.CharsetUtil;
import io.ujrpc.context.ExchangeAuthenticationException;
import io.ujrpc.context.ExchangeAuthenticator;
import io.ujrpc.context.ExchangeContext;
import io.ujrpc.internal.netty.ExchangeContexts;
import io.ujrpc.protocol.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates the caller of a WebSocket connection at its handshake: refused
 * credentials get 401 with the authenticator's challenges and the connection closed,
 * before Netty answers 101; an accepted caller is kept as the connection's principal for
 * every message of the connection.
 * <p>
 * In the HTTP pipeline between the {@link WebSocketOriginHandler}, which lets only
 * handshakes of allowed origins reach it, and Netty's handshake handler; present only
 * when the server authenticates callers.
 */
final class WebSocketAuthenticationHandler extends ChannelInboundHandlerAdapter {

	/** The principal of the connection, set before the handshake is answered. */
	static final AttributeKey<Principal> PRINCIPAL = AttributeKey.valueOf(WebSocketAuthenticationHandler.class,
			"principal");

	private static final Logger logger = LoggerFactory.getLogger(WebSocketAuthenticationHandler.class);

	private final ExchangeAuthenticator authenticator;

	WebSocketAuthenticationHandler(ExchangeAuthenticator authenticator) {
		this.authenticator = authenticator;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (!(msg instanceof FullHttpRequest request)) {
			ctx.fireChannelRead(msg);
			return;
		}
		ExchangeContext exchange = ExchangeContexts.of(ctx.channel(), Protocol.WEBSOCKET,
				ExchangeContexts.headers(request.headers()));
		try {
			Principal principal = this.authenticator.authenticate(exchange).principal();
			if (principal != null) {
				ctx.channel().attr(PRINCIPAL).set(principal);
			}
		}
		catch (ExchangeAuthenticationException ex) {
			logger.debug("Refused the WebSocket handshake of {}: {}", ctx.channel(), ex.getMessage());
			request.release();
			ByteBuf body = Unpooled.copiedBuffer(ex.getMessage() + "\n", CharsetUtil.UTF_8);
			FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
					HttpResponseStatus.UNAUTHORIZED, body);
			response.headers()
				.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
				.setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
				.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
			for (String challenge : ex.getChallenges()) {
				response.headers().add(HttpHeaderNames.WWW_AUTHENTICATE, challenge);
			}
			ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
			return;
		}
		ctx.fireChannelRead(msg);
	}

}
