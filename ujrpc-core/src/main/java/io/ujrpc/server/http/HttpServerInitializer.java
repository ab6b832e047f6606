package io.ujrpc.server.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.ujrpc.internal.netty.IdleTimeouts;
import io.ujrpc.dispatch.JsonRpcDispatcher;
import io.ujrpc.server.websocket.WebSocketOriginHandler;
import io.ujrpc.server.websocket.WebSocketSettings;
import io.ujrpc.server.websocket.WebSocketUpgradeHandler;

/**
 * Assembles the pipeline of an HTTP/1.1 connection, with the WebSocket upgrade when it is
 * on: the only place that does.
 */
public final class HttpServerInitializer extends ChannelInitializer<Channel> {

	/**
	 * The name of the HTTP response encoder in the pipeline.
	 */
	static final String ENCODER = "encoder";

	private final HttpSettings settings;

	private final WebSocketSettings webSocket;

	private final JsonRpcDispatcher dispatcher;

	private final HttpRoutes routes;

	private final HttpDecoderConfig decoderConfig;

	/**
	 * Create an initializer.
	 * @param settings the listener's limits and paths
	 * @param dispatcher answers JSON-RPC payloads
	 * @param routes the other paths served
	 */
	public HttpServerInitializer(HttpSettings settings, JsonRpcDispatcher dispatcher, HttpRoutes routes) {
		this(settings, null, dispatcher, routes);
	}

	/**
	 * Create an initializer that also upgrades to WebSocket.
	 * @param settings the listener's limits and paths
	 * @param webSocket the WebSocket endpoint, or {@code null} for none
	 * @param dispatcher answers JSON-RPC payloads
	 * @param routes the other paths served
	 */
	public HttpServerInitializer(HttpSettings settings, WebSocketSettings webSocket, JsonRpcDispatcher dispatcher,
			HttpRoutes routes) {
		this.settings = settings;
		this.webSocket = webSocket;
		this.dispatcher = dispatcher;
		this.routes = routes;
		// Built once per listener; decoders only read it.
		this.decoderConfig = new HttpDecoderConfig().setMaxInitialLineLength(settings.maxInitialLineLength())
			.setMaxHeaderSize(settings.maxHeaderSize())
			.setMaxChunkSize(Math.min(settings.maxContentLength(), 1024 * 1024));
	}

	@Override
	protected void initChannel(Channel channel) {
		ChannelPipeline pipeline = channel.pipeline();
		IdleStateHandler idle = IdleTimeouts.handler(this.settings.idleTimeout());
		if (idle != null) {
			pipeline.addLast("idle", idle);
		}
		// The encoder sits nearer the socket than the decoder, so that whatever replaces
		// the decoder after a WebSocket handshake writes through the frame encoder.
		// JSON-RPC
		// responses are written already encoded, from the encoder's context, so they skip
		// it; everything else (statuses, routes, the handshake) goes through it.
		pipeline.addLast(ENCODER, new HttpResponseEncoder());
		pipeline.addLast("decoder", new HttpRequestDecoder(this.decoderConfig));
		pipeline.addLast("aggregator", new HttpRequestAggregator(this.settings.maxContentLength()));
		if (this.webSocket != null) {
			// After the handshake, the upgrade handler swaps the HTTP handler for a
			// WebSocket one; Netty's handshaker swaps the codec for frame codecs.
			pipeline.addLast("ws-origin", new WebSocketOriginHandler(this.webSocket));
			pipeline.addLast("ws-protocol", new WebSocketServerProtocolHandler(webSocketConfig(this.webSocket)));
			pipeline.addLast("ws-upgrade", new WebSocketUpgradeHandler(this.webSocket, this.dispatcher));
		}
		pipeline.addLast("handler", new JsonRpcHttpHandler(this.settings, this.dispatcher, this.routes));
	}

	private static WebSocketServerProtocolConfig webSocketConfig(WebSocketSettings webSocket) {
		WebSocketDecoderConfig decoder = WebSocketDecoderConfig.newBuilder()
			.maxFramePayloadLength(webSocket.maxFrameSize())
			.closeOnProtocolViolation(true)
			.build();
		return WebSocketServerProtocolConfig.newBuilder()
			.websocketPath(webSocket.path())
			.checkStartsWith(true)
			.handleCloseFrames(true)
			.dropPongFrames(true)
			.handshakeTimeoutMillis(10_000)
			.decoderConfig(decoder)
			.build();
	}

}
