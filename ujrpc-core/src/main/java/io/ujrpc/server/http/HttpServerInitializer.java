package io.ujrpc.server.http;

import java.util.LinkedHashMap;
import java.util.Map;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.ujrpc.internal.netty.IdleConnectionHandler;
import io.ujrpc.internal.netty.IdleTimeouts;
import io.ujrpc.internal.netty.JsonRpcExchange;
import io.ujrpc.internal.netty.RequestDeadlines;
import io.ujrpc.server.config.HttpSettings;
import io.ujrpc.server.config.RestSettings;
import io.ujrpc.server.config.WebSocketSettings;
import io.ujrpc.server.websocket.WebSocketInitializer;
import org.jspecify.annotations.Nullable;

/**
 * Assembles the pipeline of an HTTP/1.1 connection, with the WebSocket upgrade when it is
 * on: the only place that does. In order from the socket: the idle timeout, the response
 * encoder, the strict request decoder, the {@link HttpRequestValidator}, the aggregator,
 * with the REST mapping on the {@link StreamingRequestHandler} before it, the WebSocket
 * upgrade handlers, and the {@link JsonRpcHttpHandler}.
 */
public final class HttpServerInitializer extends ChannelInitializer<Channel> {

	/**
	 * The name of the HTTP response encoder in the pipeline.
	 */
	static final String ENCODER = "encoder";

	private final HttpSettings settings;

	private final @Nullable WebSocketInitializer webSocket;

	private final JsonRpcExchange exchange;

	private final HttpRoutes routes;

	private final HttpDecoderConfig decoderConfig;

	private final @Nullable CorsPolicy cors;

	private final @Nullable RestExchange rest;

	/**
	 * Create an initializer.
	 * @param settings the listener's limits, path and routes
	 * @param webSocket the WebSocket endpoint, or {@code null} for none
	 * @param exchange answers JSON-RPC payloads
	 */
	public HttpServerInitializer(HttpSettings settings, @Nullable WebSocketSettings webSocket,
			JsonRpcExchange exchange) {
		this(settings, webSocket, exchange, null);
	}

	/**
	 * Create an initializer.
	 * @param settings the listener's limits, path and routes
	 * @param webSocket the WebSocket endpoint, or {@code null} for none
	 * @param exchange answers JSON-RPC payloads
	 * @param rest the REST mapping, or {@code null} for none
	 * @throws io.ujrpc.dispatch.MethodRegistrationException when REST routes conflict
	 */
	public HttpServerInitializer(HttpSettings settings, @Nullable WebSocketSettings webSocket, JsonRpcExchange exchange,
			@Nullable RestSettings rest) {
		this.rest = (rest != null) ? restExchange(settings, webSocket, exchange, rest) : null;
		this.settings = settings;
		this.webSocket = (webSocket != null) ? new WebSocketInitializer(webSocket, exchange) : null;
		this.exchange = exchange;
		this.routes = HttpRoutes.of(settings.routes());
		this.cors = (settings.cors() != null) ? new CorsPolicy(settings.cors()) : null;
		// Built once per listener; decoders only read it.
		this.decoderConfig = new HttpDecoderConfig().setMaxInitialLineLength(settings.maxInitialLineLength())
			.setMaxHeaderSize(settings.maxHeaderSize())
			.setMaxChunkSize(Math.min(settings.maxContentLength(), 1024 * 1024));
	}

	private static RestExchange restExchange(HttpSettings settings, @Nullable WebSocketSettings webSocket,
			JsonRpcExchange exchange, RestSettings rest) {
		Map<String, String> reserved = new LinkedHashMap<>();
		if (settings.jsonRpcPath() != null) {
			reserved.put(settings.jsonRpcPath(), "the JSON-RPC endpoint");
		}
		if (webSocket != null) {
			reserved.put(webSocket.path(), "the WebSocket endpoint");
		}
		settings.routes().keySet().forEach((prefix) -> {
			String base = (prefix.length() > 1 && prefix.endsWith("/")) ? prefix.substring(0, prefix.length() - 1)
					: prefix;
			if (!base.equals("/")) {
				// A route on "/" takes what nothing else does: REST routes come first.
				reserved.put(base + "/*", "the HTTP route");
			}
		});
		RestRoutes routes = RestRoutes.of(exchange.dispatcher().registry(), rest, exchange.codec().mapper(), reserved);
		return new RestExchange(routes, rest, exchange);
	}

	@Override
	protected void initChannel(Channel channel) {
		ChannelPipeline pipeline = channel.pipeline();
		IdleConnectionHandler idle = IdleTimeouts.handler(this.settings.idleTimeout());
		if (idle != null) {
			pipeline.addLast("idle", idle);
		}
		// The encoder sits nearer the socket than the decoder, so that whatever replaces
		// the decoder after a WebSocket handshake writes through the frame encoder.
		// JSON-RPC responses are written already encoded, from the encoder's context, so
		// they skip it; everything else (statuses, routes, the handshake) goes through
		// it.
		pipeline.addLast(ENCODER, new HttpResponseEncoder());
		HttpSettings settings = this.settings;
		RequestDeadlines deadlines = RequestDeadlines.enabled(settings.headerTimeout(), settings.requestTimeout())
				? new RequestDeadlines(settings.headerTimeout(), settings.requestTimeout()) : null;
		if (deadlines != null) {
			pipeline.addLast("deadline", deadlines.start());
		}
		pipeline.addLast("decoder", new StrictHttpRequestDecoder(this.decoderConfig, settings.maxContentLength()));
		if (deadlines != null) {
			pipeline.addLast("deadline-progress", deadlines.progress(HttpServerInitializer::stage));
		}
		RestExchange rest = this.rest;
		if (rest != null) {
			RestRoutes routes = rest.routes();
			pipeline.addLast("validator", new HttpRequestValidator(settings.maxContentLength(),
					(request) -> StreamingRequestHandler.streams(routes, request), rest.settings().maxStreamSize()));
			pipeline.addLast("streaming", new StreamingRequestHandler(routes, rest.settings()));
		}
		else {
			pipeline.addLast("validator", new HttpRequestValidator(settings.maxContentLength()));
		}
		pipeline.addLast("aggregator", new HttpRequestAggregator(this.settings.maxContentLength()));
		if (this.webSocket != null) {
			this.webSocket.addUpgradeHandlers(pipeline);
		}
		pipeline.addLast("handler", new JsonRpcHttpHandler(this.settings, this.exchange, this.routes, this.cors, rest));
	}

	/*
	 * What a message from the HTTP decoder, or after a WebSocket handshake from the frame
	 * decoder, completes.
	 */
	private static RequestDeadlines.Stage stage(Object message) {
		if (message instanceof LastHttpContent
				|| (message instanceof WebSocketFrame frame && frame.isFinalFragment())) {
			return RequestDeadlines.Stage.REQUEST;
		}
		if (message instanceof HttpRequest) {
			return RequestDeadlines.Stage.HEAD;
		}
		return RequestDeadlines.Stage.NONE;
	}

}
