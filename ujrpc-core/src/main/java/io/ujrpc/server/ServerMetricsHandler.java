package io.ujrpc.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Reports a connection's life and the bytes it reads and writes to a
 * {@link ServerMetricsListener}. Sits first in the pipeline, so it counts what crosses
 * the socket, protocol framing included.
 */
@ChannelHandler.Sharable
final class ServerMetricsHandler extends ChannelDuplexHandler {

	private final String transport;

	private final ServerMetricsListener listener;

	ServerMetricsHandler(String transport, ServerMetricsListener listener) {
		this.transport = transport;
		this.listener = listener;
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		this.listener.connectionOpened(this.transport);
		ctx.fireChannelActive();
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		this.listener.connectionClosed(this.transport);
		ctx.fireChannelInactive();
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		int bytes = size(msg);
		if (bytes > 0) {
			this.listener.bytesReceived(this.transport, bytes);
		}
		ctx.fireChannelRead(msg);
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		int bytes = size(msg);
		if (bytes > 0) {
			this.listener.bytesSent(this.transport, bytes);
		}
		ctx.write(msg, promise);
	}

	private static int size(Object msg) {
		if (msg instanceof ByteBuf buffer) {
			return buffer.readableBytes();
		}
		if (msg instanceof ByteBufHolder holder) {
			return holder.content().readableBytes();
		}
		return 0;
	}

}
