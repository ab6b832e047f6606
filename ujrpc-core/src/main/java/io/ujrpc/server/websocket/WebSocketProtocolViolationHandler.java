package io.ujrpc.server.websocket;

import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.ssl.SslHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a frame the decoder refused (over the size limit: 1009; malformed: 1002;
 * invalid UTF-8: 1007) with a close frame of that status, and then closes the way a
 * lingering close does, so that the client reads the close frame rather than a reset: the
 * server's side is shut, and what the client still sends (the rest of an oversized frame)
 * is read and thrown away by the frame decoder, until the client closes or
 * {@link #MAX_MILLIS} have passed. TLS connections are closed once the close frame is
 * written.
 * <p>
 * In the WebSocket pipeline right after the frame decoder, ahead of Netty's protocol
 * handler, which would close the connection at once.
 */
final class WebSocketProtocolViolationHandler extends ChannelInboundHandlerAdapter {

	private static final Logger logger = LoggerFactory.getLogger(WebSocketProtocolViolationHandler.class);

	/** The longest time, in milliseconds, spent reading after the close frame. */
	static final long MAX_MILLIS = 5_000;

	private boolean closing;

	/** Reading on after the close frame: the handlers after this one are done. */
	private boolean lingering;

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		if (!(cause instanceof CorruptedWebSocketFrameException corrupted)) {
			ctx.fireExceptionCaught(cause);
			return;
		}
		logger.debug("Refused a WebSocket frame on {}: {}", ctx.channel(), cause.getMessage());
		if (this.closing || !ctx.channel().isActive()) {
			return;
		}
		this.closing = true;
		String reason = (cause.getMessage() != null) ? cause.getMessage() : corrupted.closeStatus().reasonText();
		ctx.writeAndFlush(new CloseWebSocketFrame(corrupted.closeStatus(), reason))
			.addListener((ChannelFutureListener) this::linger);
	}

	@Override
	public void channelReadComplete(ChannelHandlerContext ctx) {
		if (!this.lingering) {
			ctx.fireChannelReadComplete();
		}
		else if (ctx.channel().isActive()) {
			// The response queue after this handler would stop reading once the output is
			// shut; one read at a time instead.
			ctx.read();
		}
	}

	@Override
	public void channelWritabilityChanged(ChannelHandlerContext ctx) {
		if (!this.lingering) {
			ctx.fireChannelWritabilityChanged();
		}
	}

	private void linger(ChannelFuture written) {
		Channel channel = written.channel();
		if (!written.isSuccess() || !channel.isActive() || !(channel instanceof DuplexChannel duplex)
				|| channel.pipeline().get(SslHandler.class) != null) {
			channel.close();
			return;
		}
		channel.eventLoop().schedule(() -> channel.close(), MAX_MILLIS, TimeUnit.MILLISECONDS);
		this.lingering = true;
		duplex.shutdownOutput().addListener((ChannelFutureListener) (shut) -> {
			if (!shut.isSuccess()) {
				channel.close();
			}
		});
		channel.read();
	}

}
