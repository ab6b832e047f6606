package io.ujrpc.server.websocket;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.ujrpc.internal.netty.LingeringClose;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a frame the decoder refused (over the size limit: 1009; malformed: 1002;
 * invalid UTF-8: 1007) with a close frame of that status, and then closes with a
 * {@link LingeringClose}, so that the client reads the close frame rather than a reset
 * while it is still sending the rest of an oversized frame.
 * <p>
 * In the WebSocket pipeline right after the frame decoder, ahead of Netty's protocol
 * handler, which would close the connection at once.
 */
final class WebSocketProtocolViolationHandler extends ChannelInboundHandlerAdapter {

	private static final Logger logger = LoggerFactory.getLogger(WebSocketProtocolViolationHandler.class);

	private boolean closing;

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
			.addListener(LingeringClose.AFTER_WRITE);
	}

}
