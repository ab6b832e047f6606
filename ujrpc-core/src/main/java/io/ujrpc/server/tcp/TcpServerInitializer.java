package io.ujrpc.server.tcp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import io.ujrpc.internal.netty.IdleTimeouts;
import io.ujrpc.dispatch.JsonRpcDispatcher;
import io.ujrpc.protocol.JsonRpcCodec;

/**
 * Assembles the pipeline of a raw TCP connection: the only place that does.
 */
public final class TcpServerInitializer extends ChannelInitializer<Channel> {

	private final TcpSettings settings;

	private final JsonRpcDispatcher dispatcher;

	private final JsonRpcCodec codec;

	/**
	 * Create an initializer.
	 * @param settings the listener's limits
	 * @param dispatcher answers JSON-RPC payloads
	 * @param codec writes the error that ends a stream that cannot be framed
	 */
	public TcpServerInitializer(TcpSettings settings, JsonRpcDispatcher dispatcher, JsonRpcCodec codec) {
		this.settings = settings;
		this.dispatcher = dispatcher;
		this.codec = codec;
	}

	@Override
	protected void initChannel(Channel channel) {
		ChannelPipeline pipeline = channel.pipeline();
		IdleStateHandler idle = IdleTimeouts.handler(this.settings.idleTimeout());
		if (idle != null) {
			pipeline.addLast("idle", idle);
		}
		pipeline.addLast("decoder", new JsonValueDecoder(this.settings.maxRequestSize()));
		pipeline.addLast("handler", new JsonRpcTcpHandler(this.settings, this.dispatcher, this.codec));
	}

}
