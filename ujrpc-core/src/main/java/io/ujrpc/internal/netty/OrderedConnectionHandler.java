package io.ujrpc.internal.netty;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;
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

	/**
	 * The server's memory budget, or {@code null} on a channel of no server: new work is
	 * refused while it is exhausted.
	 */
	protected @Nullable MemoryBudget budget;

	/** Graceful shutdown: the last pending response closes the connection. */
	protected boolean draining;

	/**
	 * Requests read while the connection had no room for their responses, in order: they
	 * are dispatched when it has, so that one read of many small requests with large
	 * responses cannot pile those responses up in memory.
	 */
	private final ArrayDeque<Object> deferred = new ArrayDeque<>();

	private boolean replaying;

	/**
	 * What runs once every response pending before it has been written, such as a
	 * WebSocket handshake that another handler answers; reading is held off until then.
	 */
	private @Nullable Runnable afterPending;

	/** The client half-closed: a request still arriving never will. */
	private boolean inputShut;

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
		this.budget = MemoryBudget.of(ctx.channel());
		// A response is the last only when no request waits to be dispatched, and none
		// is arriving, either.
		this.queue = new OrderedResponseQueue<>(ctx, this.maxPending, (result, context, last) -> writeResponse(result,
				context, last && this.deferred.isEmpty() && !isReceiving()));
		this.queue.onRoom(() -> {
			replay();
			runAfterPending();
		});
		ctx.channel().attr(DrainableConnection.KEY).set(this);
	}

	@Override
	public final void channelRead(ChannelHandlerContext ctx, Object msg) {
		this.queue.readStarted();
		if (!this.deferred.isEmpty() || this.queue.isSaturated() || isHeld()) {
			this.deferred.add(msg);
			this.queue.hold(true);
			return;
		}
		read(ctx, msg);
	}

	/**
	 * Whether the handler takes no request for now (while it authenticates the caller,
	 * say): requests read meanwhile wait, in order, until {@link #resume()}.
	 * @return {@code true} to hold requests back
	 */
	protected boolean isHeld() {
		return false;
	}

	/**
	 * Put a message that {@link #read} got back in front of those waiting, to be read
	 * again once the handler is no longer {@linkplain #isHeld() held}.
	 * @param msg the message, still to be released by a later read
	 */
	protected final void readLater(Object msg) {
		this.deferred.addFirst(msg);
		this.queue.hold(true);
	}

	/**
	 * Read the requests that waited while the handler was {@linkplain #isHeld() held}.
	 */
	protected final void resume() {
		replay();
	}

	/**
	 * Handle one decoded message: dispatch a request and queue its result, in order.
	 * @param ctx the handler's context
	 * @param msg the message, the handler's to release
	 */
	protected abstract void read(ChannelHandlerContext ctx, Object msg);

	private void replay() {
		if (this.replaying || this.deferred.isEmpty()) {
			return;
		}
		this.replaying = true;
		try {
			while (!this.deferred.isEmpty() && !this.queue.isSaturated() && !isHeld()) {
				read(this.ctx, this.deferred.poll());
			}
		}
		finally {
			this.replaying = false;
		}
		if (this.deferred.isEmpty()) {
			this.queue.hold(this.afterPending != null);
			if (this.draining && this.queue.isEmpty()) {
				closeIdle("Server shutting down");
			}
		}
	}

	/**
	 * Run an action once every response pending now has been written, in order, and not
	 * read from the connection until then: for a request that a handler before this one
	 * answers itself, such as a WebSocket handshake, whose answer must not overtake the
	 * answers of the requests before it. Runs at once when nothing is pending; never when
	 * the connection drains or closes first (the caller releases what it holds then).
	 * @param action what to run, on the event loop
	 */
	public void afterPendingResponses(Runnable action) {
		if (this.queue.isEmpty() && this.deferred.isEmpty() && !this.draining) {
			action.run();
			return;
		}
		this.afterPending = action;
		this.queue.hold(true);
	}

	private void runAfterPending() {
		Runnable action = this.afterPending;
		if (action == null || !this.queue.isEmpty() || !this.deferred.isEmpty()) {
			return;
		}
		this.afterPending = null;
		this.queue.hold(false);
		if (!this.draining) {
			action.run();
		}
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
		// After whatever was written but not yet flushed (the answers of the read that
		// ended with a half-close, say): writes complete in order.
		this.ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
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
		if (isReceiving()) {
			// A request is arriving (a body half received, say): it is read on, and
			// answered if it arrives within the grace period and its own deadline; the
			// connection closes after its answer.
			return;
		}
		if (this.queue.isEmpty() && this.deferred.isEmpty()) {
			closeIdle("Server shutting down");
		}
		else {
			this.queue.stopReading();
		}
	}

	private boolean isReceiving() {
		if (this.inputShut) {
			return false;
		}
		RequestDeadlines deadlines = this.ctx.channel().attr(RequestDeadlines.KEY).get();
		return deadlines != null && deadlines.isReceiving();
	}

	/**
	 * Answer a request that missed its deadline: by default, answer what is pending, then
	 * close. Protocols that can say so override this.
	 * @param event which deadline passed
	 */
	protected void requestTimedOut(RequestDeadlines.RequestTimeoutEvent event) {
		drain();
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
		if (evt instanceof RequestDeadlines.RequestTimeoutEvent timeout) {
			requestTimedOut(timeout);
			return;
		}
		if (evt instanceof ChannelInputShutdownEvent) {
			// The client half-closed: it sends nothing more, but still reads. Answer what
			// it sent, then close.
			this.inputShut = true;
			drain();
			return;
		}
		if (evt instanceof IdleStateEvent) {
			// A connection waiting for a slow call is busy, not idle.
			if (this.queue.isEmpty() && this.deferred.isEmpty()) {
				closeIdle("Idle timeout");
			}
			return;
		}
		ctx.fireUserEventTriggered(evt);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		while (!this.deferred.isEmpty()) {
			ReferenceCountUtil.release(this.deferred.poll());
		}
		this.queue.closed();
		ctx.fireChannelInactive();
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		ConnectionErrors.log(this.logger, ctx, cause);
		ctx.close();
	}

}
