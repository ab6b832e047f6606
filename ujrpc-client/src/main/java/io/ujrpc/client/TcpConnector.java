package io.ujrpc.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.json.JsonObjectDecoder;
import io.netty.handler.flush.FlushConsolidationHandler;

/**
 * Raw TCP, framed as the server frames it: each request one JSON value followed by a
 * newline, responses read as a stream of JSON values.
 */
final class TcpConnector extends MultiplexedConnector {

	TcpConnector(ClientSettings settings, EventLoopGroup group, ClientTransport transport) {
		super(settings, group, transport);
	}

	@Override
	void initialize(SocketChannel channel) {
		ChannelPipeline pipeline = channel.pipeline();
		if (this.settings.sslContext() != null) {
			pipeline.addLast("ssl",
					this.settings.sslContext().newHandler(channel.alloc(), this.settings.host(), this.settings.port()));
		}
		pipeline.addLast("flush", new FlushConsolidationHandler(256, true));
		pipeline.addLast("framing", new JsonObjectDecoder(this.settings.maxResponseSize()));
		pipeline.addLast("values", new ValueHandler());
		pipeline.addLast("calls", new CallHandler());
	}

	@Override
	Object frame(ByteBuf message) {
		return message;
	}

	@Override
	boolean newline() {
		return true;
	}

	/**
	 * Hands each framed JSON value to the call handler and releases it.
	 */
	private static final class ValueHandler extends ChannelInboundHandlerAdapter {

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			ByteBuf value = (ByteBuf) msg;
			try {
				ctx.pipeline().get(CallHandler.class).responses(ctx, value);
			}
			finally {
				value.release();
			}
		}

	}

}
