package io.ujrpc.server.websocket;

import java.security.Principal;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

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
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AttributeKey;
import io.netty.util.CharsetUtil;
import io.netty.util.ReferenceCountUtil;
import io.ujrpc.context.ExchangeAuthenticator;
import io.ujrpc.context.ExchangeContext;
import io.ujrpc.internal.netty.ExchangeAuthentication;
import io.ujrpc.internal.netty.ExchangeContexts;
import io.ujrpc.protocol.JsonRpcErrorCode;
import io.ujrpc.protocol.Protocol;
import org.jspecify.annotations.Nullable;
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

	private final Executor blockingExecutor;

	/** A handshake whose caller is being authenticated off the I/O thread. */
	private @Nullable FullHttpRequest authenticating;

	WebSocketAuthenticationHandler(ExchangeAuthenticator authenticator, Executor blockingExecutor) {
		this.authenticator = authenticator;
		this.blockingExecutor = blockingExecutor;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (this.authenticating != null) {
			// RFC 6455 4.1: nothing follows a handshake before its answer.
			ReferenceCountUtil.release(msg);
			return;
		}
		if (!(msg instanceof FullHttpRequest request)) {
			ctx.fireChannelRead(msg);
			return;
		}
		ExchangeContext exchange = ExchangeContexts.of(ctx.channel(), Protocol.WEBSOCKET,
				ExchangeContexts.headers(request.headers()));
		CompletableFuture<ExchangeContext> authenticated = ExchangeAuthentication.authenticate(this.authenticator,
				exchange, this.blockingExecutor, ctx.executor());
		if (authenticated.isDone()) {
			handshake(ctx, request, authenticated);
			return;
		}
		// Nothing is read meanwhile (what the client sends before the 101 is not allowed
		// anyway); Netty's handshaker takes reading over once it has answered.
		this.authenticating = request;
		ctx.channel().config().setAutoRead(false);
		authenticated.whenComplete((done, ex) -> {
			FullHttpRequest handshake = this.authenticating;
			if (handshake == null) {
				// The connection closed meanwhile.
				return;
			}
			this.authenticating = null;
			ctx.channel().config().setAutoRead(true);
			handshake(ctx, handshake, authenticated);
		});
	}

	private void handshake(ChannelHandlerContext ctx, FullHttpRequest request,
			CompletableFuture<ExchangeContext> authenticated) {
		ExchangeAuthentication.Failure failure;
		try {
			Principal principal = authenticated.join().principal();
			if (principal != null) {
				ctx.channel().attr(PRINCIPAL).set(principal);
			}
			ctx.fireChannelRead(request);
			return;
		}
		catch (CompletionException ex) {
			failure = ExchangeAuthentication.failure(ex, ctx.channel());
		}
		request.release();
		ByteBuf body = Unpooled.copiedBuffer(failure.message() + "\n", CharsetUtil.UTF_8);
		FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, failure.status(), body);
		response.headers()
			.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
			.setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
			.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
		if (failure.code() == JsonRpcErrorCode.SERVER_BUSY) {
			response.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
		}
		for (String challenge : failure.challenges()) {
			response.headers().add(HttpHeaderNames.WWW_AUTHENTICATE, challenge);
		}
		ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		releaseAuthenticating();
		ctx.fireChannelInactive();
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		releaseAuthenticating();
	}

	private void releaseAuthenticating() {
		FullHttpRequest request = this.authenticating;
		if (request != null) {
			this.authenticating = null;
			request.release();
		}
	}

}
