package io.ujrpc.internal.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.ujrpc.observation.ServerMetricsListener;
import io.ujrpc.protocol.Protocol;

/**
 * Reports a connection's life and the bytes it reads and writes to a
 * {@link ServerMetricsListener}. Sits first in the pipeline, so it counts what crosses
 * the socket, protocol framing included.
 */
@ChannelHandler.Sharable
public final class ServerMetricsHandler extends ChannelDuplexHandler {

	private final Protocol protocol;

	private final ServerMetricsListener listener;

	/**
	 * Create a handler for one listener.
	 * @param protocol the listener's wire protocol
	 * @param listener where to report
	 */
	public ServerMetricsHandler(Protocol protocol, ServerMetricsListener listener) {
		this.protocol = protocol;
		this.listener = listener;
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		this.listener.connectionOpened(this.protocol);
		ctx.fireChannelActive();
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		this.listener.connectionClosed(this.protocol);
		ctx.fireChannelInactive();
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		int bytes = size(msg);
		if (bytes > 0) {
			this.listener.bytesReceived(this.protocol, bytes);
		}
		ctx.fireChannelRead(msg);
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		int bytes = size(msg);
		if (bytes > 0) {
			this.listener.bytesSent(this.protocol, bytes);
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
