package io.ujrpc.benchmarks.loadgen;

import java.net.InetSocketAddress;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.util.ByteProcessor;
import io.netty.util.concurrent.Future;

/**
 * Raw TCP with newline-delimited JSON: each request is the body followed by {@code \n},
 * each response one JSON value followed by {@code \n}. JSON text cannot hold a raw
 * newline, so counting newlines counts responses without parsing them.
 */
final class TcpTransport implements Transport {

	private final InetSocketAddress address;

	private final ByteBuf request;

	TcpTransport(InetSocketAddress address, byte[] body) {
		this.address = address;
		ByteBuf buffer = Unpooled.directBuffer(body.length + 1);
		buffer.writeBytes(body).writeByte('\n');
		this.request = Unpooled.unreleasableBuffer(buffer);
	}

	@Override
	public Future<Channel> connect(Bootstrap bootstrap, ResponseListener listener) {
		return HttpTransport.ready(bootstrap.handler(new ChannelInitializer<>() {

			@Override
			protected void initChannel(Channel channel) {
				channel.pipeline().addLast(new LineCountingHandler(listener));
			}

		}).connect(this.address));
	}

	@Override
	public void write(Channel channel) {
		channel.write(this.request.duplicate(), channel.voidPromise());
	}

	/** Reports one response per newline received. */
	private static final class LineCountingHandler extends ChannelInboundHandlerAdapter {

		private final ResponseListener listener;

		LineCountingHandler(ResponseListener listener) {
			this.listener = listener;
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object message) {
			ByteBuf buffer = (ByteBuf) message;
			try {
				int index = buffer.readerIndex();
				int end = buffer.writerIndex();
				while (index < end) {
					int newline = buffer.forEachByte(index, end - index, ByteProcessor.FIND_LF);
					if (newline < 0) {
						break;
					}
					this.listener.onResponse(true);
					index = newline + 1;
				}
			}
			finally {
				buffer.release();
			}
		}

	}

}
