package io.ujrpc.server.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.ujrpc.internal.netty.MemoryBudget;
import org.jspecify.annotations.Nullable;

/**
 * Joins the fragments of a WebSocket message into one frame, up to a limit, within the
 * server's {@link MemoryBudget}. A message whose fragments add up to more than the limit
 * fails with a {@link TooLongFrameException} as soon as the fragment that crosses it
 * arrives (the handler closes with 1009); nothing of it is held past that. A fragmented
 * message that starts while the budget is exhausted, or whose next fragment does not fit
 * in it, is dropped to its last fragment and stands as {@link #SERVER_BUSY}, which the
 * handler answers with -32000; the connection stays open. Unfragmented messages pass as
 * they are: they are whole already.
 * <p>
 * The frame decoder has checked the order of fragments (a continuation only inside a
 * message, no new message inside one). In the WebSocket pipeline after Netty's protocol
 * handler, before the {@link JsonRpcWebSocketHandler}.
 */
final class WebSocketMessageAggregator extends ChannelInboundHandlerAdapter {

	/** Stands for a message refused for want of memory. */
	static final Object SERVER_BUSY = new Object() {

		@Override
		public String toString() {
			return "SERVER_BUSY";
		}

	};

	private static final int MAX_COMPONENTS = 1024;

	private final int maxMessageSize;

	private @Nullable MemoryBudget budget;

	/** The message being joined; {@code null} between messages. */
	private @Nullable CompositeByteBuf message;

	private boolean text;

	private long held;

	WebSocketMessageAggregator(int maxMessageSize) {
		this.maxMessageSize = maxMessageSize;
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.budget = MemoryBudget.of(ctx.channel());
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (!(msg instanceof WebSocketFrame frame)) {
			ctx.fireChannelRead(msg);
			return;
		}
		if (frame instanceof ContinuationWebSocketFrame) {
			continueMessage(ctx, frame);
			return;
		}
		if (frame.isFinalFragment()
				|| !(frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame)) {
			ctx.fireChannelRead(frame);
			return;
		}
		// The first fragment of a message: new work.
		this.text = frame instanceof TextWebSocketFrame;
		if (this.budget != null && this.budget.isExhausted()) {
			frame.release();
			refuse(ctx);
			return;
		}
		this.message = ctx.alloc().compositeBuffer(MAX_COMPONENTS);
		append(ctx, frame);
	}

	private void continueMessage(ChannelHandlerContext ctx, WebSocketFrame frame) {
		if (this.message == null) {
			// The rest of a message refused or cut off.
			frame.release();
			return;
		}
		append(ctx, frame);
	}

	private void append(ChannelHandlerContext ctx, WebSocketFrame frame) {
		CompositeByteBuf message = this.message;
		ByteBuf content = frame.content();
		int bytes = content.readableBytes();
		boolean last = frame.isFinalFragment();
		if (bytes > this.maxMessageSize - message.readableBytes()) {
			frame.release();
			discard();
			ctx.fireExceptionCaught(
					new TooLongFrameException("Message is over the limit of " + this.maxMessageSize + " bytes"));
			return;
		}
		if (this.budget != null) {
			if (!this.budget.tryAcquire(bytes)) {
				frame.release();
				discard();
				refuse(ctx);
				return;
			}
			this.held += bytes;
		}
		message.addComponent(true, content.retain());
		frame.release();
		if (message.numComponents() >= MAX_COMPONENTS) {
			message.consolidate();
		}
		if (last) {
			this.message = null;
			releaseHeld();
			ctx.fireChannelRead(
					this.text ? new TextWebSocketFrame(true, 0, message) : new BinaryWebSocketFrame(true, 0, message));
		}
	}

	private void refuse(ChannelHandlerContext ctx) {
		ctx.fireChannelRead(SERVER_BUSY);
	}

	/* Let go of the message being joined; its remaining fragments are dropped. */
	private void discard() {
		if (this.message != null) {
			this.message.release();
			this.message = null;
		}
		releaseHeld();
	}

	private void releaseHeld() {
		if (this.budget != null) {
			this.budget.release(this.held);
		}
		this.held = 0;
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		discard();
		ctx.fireChannelInactive();
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		discard();
	}

}
