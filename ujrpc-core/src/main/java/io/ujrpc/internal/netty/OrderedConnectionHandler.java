package io.ujrpc.internal.netty;

import java.util.concurrent.CompletableFuture;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.ujrpc.internal.netty.DrainableConnection;
import org.slf4j.Logger;

/**
 * The part of a protocol handler that every protocol shares: the ordered response queue,
 * graceful draining, the idle timeout, and closing on errors. Subclasses read requests,
 * queue their results, and write each result when its turn comes.
 *
 * @param <C> what the subclass needs to write a response besides its result
 */
public abstract class OrderedConnectionHandler<C> extends ChannelInboundHandlerAdapter implements DrainableConnection {

	private final int maxPending;

	private final Logger logger;

	/** The handler's context, set when it is added to the pipeline. */
	protected ChannelHandlerContext ctx;

	/** Responses in request order. */
	protected OrderedResponseQueue<C> queue;

	/** Graceful shutdown: the last pending response closes the connection. */
	protected boolean draining;

	/**
	 * Create a handler.
	 * @param maxPending how many responses may be pending before reading stops
	 * @param logger where connection errors are logged
	 */
	protected OrderedConnectionHandler(int maxPending, Logger logger) {
		this.maxPending = maxPending;
		this.logger = logger;
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.ctx = ctx;
		this.queue = new OrderedResponseQueue<>(ctx, this.maxPending, this::writeResponse);
		ctx.channel().attr(DrainableConnection.KEY).set(this);
	}

	/**
	 * Write one completed response, in order, without flushing.
	 * @param result the completed result; its value is the handler's to write or release
	 * @param context what was queued with it
	 * @param last whether no other response is pending after this one
	 */
	protected abstract void writeResponse(CompletableFuture<?> result, C context, boolean last);

	/**
	 * Close a connection that has nothing pending, for an idle timeout or a graceful
	 * shutdown.
	 * @param reason why, for protocols that can say so
	 */
	protected void closeIdle(String reason) {
		this.ctx.close();
	}

	@Override
	public void channelReadComplete(ChannelHandlerContext ctx) {
		this.queue.readComplete();
	}

	@Override
	public void channelWritabilityChanged(ChannelHandlerContext ctx) {
		this.queue.writabilityChanged();
		ctx.fireChannelWritabilityChanged();
	}

	@Override
	public void drain() {
		this.draining = true;
		if (this.queue.isEmpty()) {
			closeIdle("Server shutting down");
		}
		else {
			this.queue.stopReading();
		}
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
		if (evt instanceof IdleStateEvent) {
			// A connection waiting for a slow call is busy, not idle.
			if (this.queue.isEmpty()) {
				closeIdle("Idle timeout");
			}
			return;
		}
		ctx.fireUserEventTriggered(evt);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		this.queue.closed();
		ctx.fireChannelInactive();
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		ConnectionErrors.log(this.logger, ctx, cause);
		ctx.close();
	}

}
