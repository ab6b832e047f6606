package io.ujrpc.internal.netty;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;

/**
 * Closes a connection the way nginx's lingering close does, once its last response is
 * written: the server's side is shut (the client reads the response and then the end of
 * the stream), and what the client still sends, such as the rest of a body that was
 * refused, is read and thrown away until the client closes, {@link #MAX_BYTES} have been
 * thrown away, or {@link #MAX_MILLIS} have passed, whichever comes first. Closing at once
 * with unread bytes would make the operating system send a reset, which can destroy the
 * response before the client has read it.
 * <p>
 * The one lingering close of every protocol: after an HTTP response that closes the
 * connection (a refused request, say a 413 whose body is still arriving), and after a
 * WebSocket close frame for a message or frame over the limit.
 * <p>
 * Only for plain TCP connections: a TLS connection, or a channel that cannot shut one
 * side, is closed at once.
 */
public final class LingeringClose extends ChannelInboundHandlerAdapter {

	/** The most bytes read and thrown away after the last response. */
	public static final long MAX_BYTES = 16 * 1024 * 1024;

	/** The longest time, in milliseconds, spent reading after the last response. */
	public static final long MAX_MILLIS = 5_000;

	/** Starts a lingering close once the write it listens to is done. */
	public static final ChannelFutureListener AFTER_WRITE = LingeringClose::start;

	private long discarded;

	private @Nullable ScheduledFuture<?> deadline;

	private LingeringClose() {
	}

	private static void start(ChannelFuture written) {
		Channel channel = written.channel();
		ChannelPipeline pipeline = channel.pipeline();
		if (!written.isSuccess() || !channel.isActive() || !(channel instanceof DuplexChannel duplex)
				|| pipeline.get(SslHandler.class) != null || pipeline.get(LingeringClose.class) != null) {
			channel.close();
			return;
		}
		LingeringClose handler = new LingeringClose();
		// Ahead of every decoder (HTTP, WebSocket frames): nothing more is parsed.
		if (pipeline.context("budget") != null) {
			pipeline.addAfter("budget", "linger", handler);
		}
		else {
			pipeline.addFirst("linger", handler);
		}
		handler.deadline = channel.eventLoop().schedule(() -> channel.close(), MAX_MILLIS, TimeUnit.MILLISECONDS);
		duplex.shutdownOutput().addListener((ChannelFutureListener) (shut) -> {
			if (!shut.isSuccess()) {
				channel.close();
			}
		});
		// The response queue stopped reading for good; read on, one read at a time.
		channel.read();
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof ByteBuf buffer) {
			this.discarded += buffer.readableBytes();
		}
		ReferenceCountUtil.release(msg);
		if (this.discarded > MAX_BYTES) {
			ctx.close();
		}
	}

	@Override
	public void channelReadComplete(ChannelHandlerContext ctx) {
		// Not passed on: the handlers after this one are done with the connection.
		if (ctx.channel().isActive()) {
			ctx.read();
		}
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
		if (evt instanceof ChannelInputShutdownEvent) {
			ctx.close();
			return;
		}
		ctx.fireUserEventTriggered(evt);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		if (this.deadline != null) {
			this.deadline.cancel(false);
		}
		ctx.fireChannelInactive();
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		// A reset from a client that went away: nothing left to answer.
		ctx.close();
	}

}
