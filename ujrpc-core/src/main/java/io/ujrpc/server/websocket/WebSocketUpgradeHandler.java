package io.ujrpc.server.websocket;

import java.security.Principal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.ujrpc.context.ExchangeContext;
import io.ujrpc.internal.netty.ExchangeContexts;
import io.ujrpc.internal.netty.IdleConnectionHandler;
import io.ujrpc.internal.netty.IdleTimeouts;
import io.ujrpc.internal.netty.JsonRpcExchange;
import io.ujrpc.internal.netty.RequestDeadlines;
import io.ujrpc.protocol.Encoding;
import io.ujrpc.protocol.Protocol;
import io.ujrpc.server.config.WebSocketSettings;

/**
 * Turns an HTTP pipeline into a JSON-RPC WebSocket pipeline once the handshake is done:
 * the HTTP request handler named {@code handler} is replaced by a
 * {@link JsonRpcWebSocketHandler}, fragmented messages are aggregated up to the frame
 * limit by a {@link WebSocketMessageAggregator}, and the idle timeout becomes the
 * WebSocket one.
 * <p>
 * In the HTTP pipeline after Netty's {@code WebSocketServerProtocolHandler}, whose
 * handshake-complete event it waits for; removes itself then.
 */
final class WebSocketUpgradeHandler extends ChannelInboundHandlerAdapter {

	/**
	 * The subprotocols served: binary frames carry CBOR or MessagePack; text frames are
	 * JSON whatever was chosen.
	 */
	static final String SUBPROTOCOLS = "jsonrpc-cbor,jsonrpc-msgpack";

	private final WebSocketSettings settings;

	private final JsonRpcExchange exchange;

	/**
	 * Create a handler.
	 * @param settings the WebSocket settings
	 * @param exchange answers JSON-RPC payloads
	 */
	WebSocketUpgradeHandler(WebSocketSettings settings, JsonRpcExchange exchange) {
		this.settings = settings;
		this.exchange = exchange;
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
		if (!(evt instanceof WebSocketServerProtocolHandler.HandshakeComplete)) {
			ctx.fireUserEventTriggered(evt);
			return;
		}
		ChannelPipeline pipeline = ctx.pipeline();
		ExchangeContext context = ExchangeContexts.of(ctx.channel(), Protocol.WEBSOCKET,
				ExchangeContexts.headers(((WebSocketServerProtocolHandler.HandshakeComplete) evt).requestHeaders()));
		Principal principal = ctx.channel().attr(WebSocketAuthenticationHandler.PRINCIPAL).getAndSet(null);
		if (principal != null) {
			// Authenticated at the handshake, for every message of the connection.
			context = context.withPrincipal(principal);
		}
		if (pipeline.get(WebSocketOriginHandler.class) != null) {
			pipeline.remove(WebSocketOriginHandler.class);
		}
		if (pipeline.get(WebSocketAuthenticationHandler.class) != null) {
			pipeline.remove(WebSocketAuthenticationHandler.class);
		}
		if (pipeline.get("validator") != null) {
			// The HTTP request validator: nothing left for it to check.
			pipeline.remove("validator");
		}
		if (pipeline.get(IdleConnectionHandler.class) != null) {
			pipeline.remove(IdleConnectionHandler.class);
		}
		IdleConnectionHandler idle = IdleTimeouts.handler(this.settings.idleTimeout());
		if (idle != null) {
			pipeline.addBefore(ctx.name(), "idle", idle);
		}
		if (pipeline.context("wsdecoder") != null) {
			pipeline.addAfter("wsdecoder", "ws-violation", new WebSocketProtocolViolationHandler());
		}
		pipeline.addAfter(ctx.name(), "ws-aggregator", new WebSocketMessageAggregator(this.settings.maxFrameSize()));
		RequestDeadlines deadlines = ctx.channel().attr(RequestDeadlines.KEY).get();
		if (deadlines != null) {
			// Messages have no head: only the request timeout applies from now on.
			deadlines.noHeads();
		}
		String subprotocol = ((WebSocketServerProtocolHandler.HandshakeComplete) evt).selectedSubprotocol();
		Encoding binary = "jsonrpc-cbor".equals(subprotocol) ? Encoding.CBOR
				: "jsonrpc-msgpack".equals(subprotocol) ? Encoding.MESSAGE_PACK : null;
		pipeline.replace("handler", "handler",
				new JsonRpcWebSocketHandler(this.settings, this.exchange, context, binary));
		ctx.fireUserEventTriggered(evt);
		pipeline.remove(this);
	}

}
