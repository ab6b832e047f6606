package io.ujrpc.server.tcp;

import java.time.Duration;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.ujrpc.internal.netty.IdleConnectionHandler;
import io.ujrpc.internal.netty.IdleTimeouts;
import io.ujrpc.internal.netty.JsonRpcExchange;
import io.ujrpc.internal.netty.RequestDeadlines;
import io.ujrpc.server.config.TcpSettings;

/**
 * Assembles the pipeline of a raw TCP connection: the only place that does.
 */
public final class TcpServerInitializer extends ChannelInitializer<Channel> {

	private final TcpSettings settings;

	private final JsonRpcExchange exchange;

	/**
	 * Create an initializer.
	 * @param settings the listener's limits
	 * @param exchange answers JSON-RPC payloads
	 */
	public TcpServerInitializer(TcpSettings settings, JsonRpcExchange exchange) {
		this.settings = settings;
		this.exchange = exchange;
	}

	@Override
	protected void initChannel(Channel channel) {
		ChannelPipeline pipeline = channel.pipeline();
		IdleConnectionHandler idle = IdleTimeouts.handler(this.settings.idleTimeout());
		if (idle != null) {
			pipeline.addLast("idle", idle);
		}
		RequestDeadlines deadlines = RequestDeadlines.enabled(Duration.ZERO, this.settings.requestTimeout())
				? new RequestDeadlines(Duration.ZERO, this.settings.requestTimeout()) : null;
		if (deadlines != null) {
			pipeline.addLast("deadline", deadlines.start());
		}
		pipeline.addLast("decoder", new JsonValueDecoder(this.settings.maxRequestSize()));
		if (deadlines != null) {
			// Every message the framer passes on is a whole value, or the error that ends
			// the stream.
			pipeline.addLast("deadline-progress", deadlines.progress((message) -> RequestDeadlines.Stage.REQUEST));
		}
		pipeline.addLast("handler", new JsonRpcTcpHandler(this.settings, this.exchange));
	}

}
