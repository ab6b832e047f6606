package io.ujrpc.internal.netty;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the responses of one connection in request order, however their calls complete,
 * with one flush per read batch and read backpressure. Shared by every protocol handler;
 * all methods run on the channel's event loop.
 * <p>
 * A response that is ready while nothing is queued before it is written at once, anything
 * else waits in a queue. Writes made while a read batch is being handled are flushed
 * once, when the batch ends ({@link #readComplete()}), so pipelined requests read
 * together are answered with one write. The channel reads only while fewer than a limit
 * of responses are pending, its send buffer has room, and {@link #stopReading()} has not
 * been called.
 * <p>
 * A response that is ready while it waits behind a slower one is counted against the
 * server's {@link MemoryBudget} until it is written (and then, until it has left, by the
 * {@link OutboundBudgetHandler}) or released.
 *
 * @param <C> what the protocol handler needs to write a response besides its result
 */
public final class OrderedResponseQueue<C> {

	private static final Logger logger = LoggerFactory.getLogger(OrderedResponseQueue.class);

	private final ChannelHandlerContext ctx;

	private final int maxPending;

	private final ResponseWriter<C> writer;

	private final @Nullable MemoryBudget budget;

	private final ArrayDeque<Pending<C>> queue = new ArrayDeque<>();

	/** Inside a read batch: writes wait for {@link #readComplete}. */
	private boolean reading;

	private boolean needsFlush;

	private boolean stopped;

	/** The handler holds requests back: do not read more until it has dispatched them. */
	private boolean held;

	/**
	 * Another handler holds reading off: a streamed body its method has not caught up
	 * with.
	 */
	private boolean suspended;

	private @Nullable Runnable roomListener;

	private boolean closed;

	/**
	 * Create a queue for one connection.
	 * @param ctx the context of the handler that writes
	 * @param maxPending how many responses may be pending before reading stops
	 * @param writer writes one completed response
	 */
	public OrderedResponseQueue(ChannelHandlerContext ctx, int maxPending, ResponseWriter<C> writer) {
		this.ctx = ctx;
		this.maxPending = maxPending;
		this.writer = writer;
		this.budget = MemoryBudget.of(ctx.channel());
	}

	/**
	 * Note that a read batch has started: writes are flushed when it completes.
	 */
	public void readStarted() {
		this.reading = true;
	}

	/**
	 * Note that the read batch is over, and flush what it wrote.
	 */
	public void readComplete() {
		this.reading = false;
		flushIfNeeded();
	}

	/**
	 * Queue a response, or write it now when it is ready and nothing waits before it.
	 * @param result the future result; its value is handed to the writer, which owns it
	 * @param context what else the writer needs
	 */
	public void add(CompletableFuture<?> result, C context) {
		if (this.queue.isEmpty() && result.isDone()) {
			write(result, context, true);
			if (!this.reading) {
				flushIfNeeded();
			}
			return;
		}
		Pending<C> pending = new Pending<>(result, context);
		this.queue.add(pending);
		if (result.isDone()) {
			// It may have completed on another thread since the check above, while it was
			// first in line: nothing else would write it then.
			pending.charge(this.budget);
			drain();
			return;
		}
		result.whenComplete((value, ex) -> onCompletion(pending));
		updateAutoRead();
	}

	/**
	 * Return whether the connection has no room for another response: the limit of
	 * pending responses is reached, or the send buffer holds more than its high-water
	 * mark, written or not yet flushed, or the output is shut (the client will read no
	 * more). A handler that dispatches nothing more until there is room bounds what one
	 * connection holds to about one response past the mark, however many requests one
	 * read brought.
	 * @return {@code true} when saturated
	 */
	public boolean isSaturated() {
		return this.queue.size() >= this.maxPending || !isWritable();
	}

	private boolean isWritable() {
		Channel channel = this.ctx.channel();
		return channel.isWritable() && !(channel instanceof DuplexChannel duplex && duplex.isOutputShutdown());
	}

	/**
	 * Hold reading off, or let it resume, while the handler has requests it has not yet
	 * dispatched.
	 * @param held whether to hold reading
	 */
	public void hold(boolean held) {
		this.held = held;
		updateAutoRead();
	}

	/**
	 * Hold reading off, or let it resume, for a handler before this one, such as one that
	 * streams a request body into a method that reads slower than the client sends.
	 * @param suspended whether to hold reading
	 */
	public void suspend(boolean suspended) {
		this.suspended = suspended;
		updateAutoRead();
	}

	/**
	 * Set what to call when a saturated connection has room again.
	 * @param listener the listener, called on the event loop
	 */
	public void onRoom(Runnable listener) {
		this.roomListener = listener;
	}

	/**
	 * Return whether no response is pending.
	 * @return {@code true} when every response has been written
	 */
	public boolean isEmpty() {
		return this.queue.isEmpty();
	}

	/**
	 * Stop reading from the connection for good, as it is about to close.
	 */
	public void stopReading() {
		this.stopped = true;
		updateAutoRead();
	}

	/**
	 * Note that the channel's writability changed; resumes or pauses reading.
	 */
	public void writabilityChanged() {
		updateAutoRead();
		notifyRoom();
	}

	private void notifyRoom() {
		Runnable listener = this.roomListener;
		if (listener != null && !this.closed && !isSaturated()) {
			listener.run();
		}
	}

	/**
	 * Note that the connection is closed: results are released instead of written, now
	 * for those that are ready and later for the others.
	 */
	public void closed() {
		this.closed = true;
		// Whatever is ready is let go now, even behind a call that is still running.
		for (Iterator<Pending<C>> pending = this.queue.iterator(); pending.hasNext();) {
			Pending<C> next = pending.next();
			if (next.result.isDone()) {
				pending.remove();
				if (next.claim(this.budget)) {
					release(next.result);
				}
			}
		}
		drain();
	}

	private void onCompletion(Pending<C> pending) {
		pending.charge(this.budget);
		if (this.ctx.executor().inEventLoop()) {
			drain();
			return;
		}
		try {
			this.ctx.executor().execute(this::drainAndFlush);
		}
		catch (RejectedExecutionException ex) {
			// The event loop is gone, and with it the connection; nothing to answer, but
			// the response is still ours to release.
			logger.debug("Response completed after its event loop shut down", ex);
			if (pending.claim(this.budget)) {
				release(pending.result);
			}
		}
	}

	private static void release(CompletableFuture<?> result) {
		if (!result.isCompletedExceptionally()) {
			ReferenceCountUtil.release(result.join());
		}
	}

	private void drain() {
		Pending<C> head;
		while ((head = this.queue.peek()) != null && head.result.isDone()) {
			this.queue.poll();
			if (head.claim(this.budget)) {
				write(head.result, head.context, this.queue.isEmpty());
			}
		}
		updateAutoRead();
		if (!this.reading) {
			flushIfNeeded();
		}
		notifyRoom();
	}

	/**
	 * Drain from a task of its own. Such a task may run between a read and its
	 * read-complete, and once reading has stopped the transport need not deliver a
	 * read-complete at all (io_uring does not), so it flushes what it wrote itself.
	 */
	private void drainAndFlush() {
		drain();
		flushIfNeeded();
	}

	private void write(CompletableFuture<?> result, C context, boolean last) {
		if (this.closed) {
			release(result);
			return;
		}
		this.writer.write(result, context, last);
		this.needsFlush = true;
	}

	private void flushIfNeeded() {
		if (this.needsFlush) {
			this.needsFlush = false;
			this.ctx.flush();
		}
		updateAutoRead();
	}

	/**
	 * Read only while the client keeps up: stop when too many requests are in flight or
	 * the socket's send buffer is full, and for good once the connection is closing.
	 */
	private void updateAutoRead() {
		if (this.closed) {
			return;
		}
		boolean read = !this.stopped && !this.held && !this.suspended && this.queue.size() < this.maxPending
				&& isWritable();
		if (this.ctx.channel().config().isAutoRead() != read) {
			this.ctx.channel().config().setAutoRead(read);
			if (!read && this.reading) {
				// Reading stops inside a read: do not count on a read-complete to flush.
				this.ctx.executor().execute(this::flushIfNeeded);
			}
		}
	}

	/**
	 * Writes one completed response, in order, without flushing.
	 *
	 * @param <C> what the writer needs besides the result
	 */
	@FunctionalInterface
	public interface ResponseWriter<C> {

		/**
		 * Write a response.
		 * @param result the completed result; its value is the writer's to write or
		 * release
		 * @param context what was queued with it
		 * @param last whether no other response is pending after this one
		 */
		void write(CompletableFuture<?> result, C context, boolean last);

	}

	/**
	 * A response waiting for its turn. Claimed once, by whoever writes or releases it:
	 * the event loop, or the completing thread when the event loop is gone. Charged to
	 * the budget at most once, when it completes before it is claimed; the claim gives
	 * the charge back.
	 */
	private static final class Pending<C> extends AtomicInteger {

		private static final int OPEN = 0;

		private static final int CHARGED = 1;

		private static final int CLAIMED = 2;

		private final CompletableFuture<?> result;

		private final C context;

		/** Written before the state moves to {@link #CHARGED}, read after. */
		private long charged;

		Pending(CompletableFuture<?> result, C context) {
			this.result = result;
			this.context = context;
		}

		void charge(@Nullable MemoryBudget budget) {
			if (budget == null || get() != OPEN || this.result.isCompletedExceptionally()) {
				return;
			}
			long bytes = MemoryBudget.sizeOf(this.result.join());
			this.charged = bytes;
			if (bytes > 0 && compareAndSet(OPEN, CHARGED)) {
				budget.acquire(bytes);
			}
		}

		boolean claim(@Nullable MemoryBudget budget) {
			int previous = getAndSet(CLAIMED);
			if (previous == CHARGED && budget != null) {
				budget.release(this.charged);
			}
			return previous != CLAIMED;
		}

	}

}
