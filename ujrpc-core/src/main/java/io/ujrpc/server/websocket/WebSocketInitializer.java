package io.ujrpc.server.websocket;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.ujrpc.internal.netty.JsonRpcExchange;
import io.ujrpc.server.config.WebSocketSettings;

/**
 * Adds the WebSocket endpoint to an HTTP connection's pipeline: the origin check, Netty's
 * handshake and frame handling, and the handler that, once the handshake is done, swaps
 * the HTTP request handler for a JSON-RPC WebSocket one. The only place that assembles
 * WebSocket handlers; called by the HTTP initializer.
 */
public final class WebSocketInitializer {

	private final WebSocketSettings settings;

	private final JsonRpcExchange exchange;

	private final WebSocketServerProtocolConfig protocolConfig;

	/**
	 * Create an initializer for one listener.
	 * @param settings the endpoint's settings
	 * @param exchange answers JSON-RPC payloads
	 */
	public WebSocketInitializer(WebSocketSettings settings, JsonRpcExchange exchange) {
		this.settings = settings;
		this.exchange = exchange;
		this.protocolConfig = protocolConfig(settings);
	}

	/**
	 * Add the upgrade handlers, after the HTTP aggregator and before the HTTP request
	 * handler named {@code handler}.
	 * @param pipeline the connection's pipeline
	 */
	public void addUpgradeHandlers(ChannelPipeline pipeline) {
		pipeline.addLast("ws-origin", new WebSocketOriginHandler(this.settings));
		if (this.exchange.authenticator() != null) {
			pipeline.addLast("ws-auth", new WebSocketAuthenticationHandler(this.exchange.authenticator(),
					this.exchange.dispatcher().blockingExecutor()));
		}
		pipeline.addLast("ws-protocol", new WebSocketServerProtocolHandler(this.protocolConfig));
		pipeline.addLast("ws-upgrade", new WebSocketUpgradeHandler(this.settings, this.exchange));
	}

	private static WebSocketServerProtocolConfig protocolConfig(WebSocketSettings settings) {
		WebSocketDecoderConfig decoder = WebSocketDecoderConfig.newBuilder()
			.maxFramePayloadLength(settings.maxFrameSize())
			// Answered by WebSocketProtocolViolationHandler, with a lingering close.
			.closeOnProtocolViolation(false)
			.build();
		return WebSocketServerProtocolConfig.newBuilder()
			.websocketPath(settings.path())
			// Binary frames in CBOR or MessagePack, for clients that ask for them.
			.subprotocols(WebSocketUpgradeHandler.SUBPROTOCOLS)
			.checkStartsWith(true)
			.handleCloseFrames(true)
			// Closing is ours: JsonRpcWebSocketHandler sends the close frame it means.
			// Netty's default would also turn every close of a connection still on HTTP
			// into a WebSocket close frame written into the HTTP stream.
			.sendCloseFrame(null)
			.dropPongFrames(true)
			.handshakeTimeoutMillis(10_000)
			.decoderConfig(decoder)
			.build();
	}

}
