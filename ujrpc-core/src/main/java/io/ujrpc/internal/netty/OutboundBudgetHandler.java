package io.ujrpc.internal.netty;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * Counts every message written to a connection against the server's {@link MemoryBudget}
 * until the write completes (the bytes have left for the socket, or the write failed
 * because the connection closed), so that responses a client does not read are counted,
 * over all connections.
 * <p>
 * Nearest the socket after TLS, so that a write completes only once its TLS records are
 * written too. Shared by every connection of a server.
 */
@ChannelHandler.Sharable
public final class OutboundBudgetHandler extends ChannelOutboundHandlerAdapter {

	private final MemoryBudget budget;

	/**
	 * Create a handler.
	 * @param budget the server's budget
	 */
	public OutboundBudgetHandler(MemoryBudget budget) {
		this.budget = budget;
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		long bytes = MemoryBudget.sizeOf(msg);
		if (bytes == 0) {
			ctx.write(msg, promise);
			return;
		}
		ChannelPromise counted = promise;
		if (promise.isVoid()) {
			// A void promise has no listeners; a failure still reaches the pipeline, as
			// it would have.
			counted = ctx.newPromise();
			counted.addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
		}
		this.budget.acquire(bytes);
		MemoryBudget budget = this.budget;
		counted.addListener((written) -> budget.release(bytes));
		ctx.write(msg, counted);
	}

}
