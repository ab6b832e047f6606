package io.ujrpc.server.http;

import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.ujrpc.dispatch.JsonRpcDispatcher;

/**
 * Assembles the pipeline of an HTTP/1.1 connection: the only place that does.
 */
public final class HttpServerInitializer extends ChannelInitializer<Channel> {

	private final HttpSettings settings;

	private final JsonRpcDispatcher dispatcher;

	private final HttpRoutes routes;

	/**
	 * Create an initializer.
	 * @param settings the listener's limits and paths
	 * @param dispatcher answers JSON-RPC payloads
	 * @param routes the other paths served
	 */
	public HttpServerInitializer(HttpSettings settings, JsonRpcDispatcher dispatcher, HttpRoutes routes) {
		this.settings = settings;
		this.dispatcher = dispatcher;
		this.routes = routes;
	}

	@Override
	protected void initChannel(Channel channel) {
		ChannelPipeline pipeline = channel.pipeline();
		long idleMillis = this.settings.idleTimeout().toMillis();
		if (idleMillis > 0) {
			pipeline.addLast("idle", new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS));
		}
		HttpDecoderConfig decoderConfig = new HttpDecoderConfig()
			.setMaxInitialLineLength(this.settings.maxInitialLineLength())
			.setMaxHeaderSize(this.settings.maxHeaderSize())
			.setMaxChunkSize(Math.min(this.settings.maxContentLength(), 1024 * 1024));
		pipeline.addLast("codec", new HttpServerCodec(decoderConfig));
		pipeline.addLast("aggregator", new HttpRequestAggregator(this.settings.maxContentLength()));
		pipeline.addLast("handler", new JsonRpcHttpHandler(this.settings, this.dispatcher, this.routes));
	}

}
