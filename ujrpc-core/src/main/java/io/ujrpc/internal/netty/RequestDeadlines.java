package io.ujrpc.internal.netty;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import org.jspecify.annotations.Nullable;

/**
 * The deadlines of one connection's requests, separate from its idle timeout: a request
 * must arrive whole within the request timeout of its first byte, and on HTTP its head
 * within the header timeout, however slowly the bytes trickle in (a slowloris resets an
 * idle timer with every byte; it cannot move a deadline).
 * <p>
 * Two handlers share the state: {@link #start()} sits before the protocol decoder and
 * starts the clock on the first byte of a request; {@link #progress(Function)} sits after
 * it and stops the clock when the decoder has produced the head and then the whole
 * request. When a deadline passes, a {@link RequestTimeoutEvent} travels the pipeline;
 * the protocol handler answers it (HTTP with 408) and closes the connection.
 */
public final class RequestDeadlines {

	/** The channel attribute under which a connection's deadlines are found. */
	public static final AttributeKey<RequestDeadlines> KEY = AttributeKey.valueOf(RequestDeadlines.class, "deadlines");

	private long headerNanos;

	private final long requestNanos;

	private @Nullable ChannelHandlerContext ctx;

	private @Nullable ScheduledFuture<?> timer;

	private boolean inRequest;

	private boolean headReceived;

	private long startedAt;

	/** When the request in progress is due, if {@link #deadlineSet}. */
	private long deadline;

	private boolean deadlineSet;

	/** When the armed {@link #timer} fires. */
	private long firesAt;

	/** What the timer runs: one object for the connection's lifetime. */
	private final Runnable expiry = this::expired;

	/**
	 * Create the deadlines of one connection.
	 * @param headerTimeout how long the head of a request may take, or zero for no limit
	 * beyond the request timeout; only protocols with a head use it
	 * @param requestTimeout how long a whole request may take, or zero for no limit
	 */
	public RequestDeadlines(Duration headerTimeout, Duration requestTimeout) {
		this.headerNanos = headerTimeout.toNanos();
		this.requestNanos = requestTimeout.toNanos();
	}

	/**
	 * Whether a connection needs deadlines at all.
	 * @param headerTimeout the header timeout
	 * @param requestTimeout the request timeout
	 * @return {@code false} when both are zero
	 */
	public static boolean enabled(Duration headerTimeout, Duration requestTimeout) {
		return !headerTimeout.isZero() || !requestTimeout.isZero();
	}

	/**
	 * Drop the header timeout, for a protocol without heads (WebSocket, after the
	 * handshake): from then on only the request timeout applies.
	 */
	public void noHeads() {
		this.headerNanos = 0;
	}

	/**
	 * Give the request being received, whose head has arrived, another deadline for its
	 * body, such as a streamed upload's: the timeout counts from the request's first
	 * byte, as the request timeout does.
	 * @param timeout the body's deadline, or zero for none
	 */
	public void streamed(Duration timeout) {
		if (!this.inRequest) {
			return;
		}
		long nanos = timeout.toNanos();
		if (nanos > 0) {
			long now = System.nanoTime();
			deadline(now, Math.max(0, this.startedAt + nanos - now));
		}
		else {
			this.deadlineSet = false;
		}
	}

	/**
	 * Return the handler that starts the clock, to sit before the protocol decoder.
	 * @return the handler
	 */
	public ChannelInboundHandlerAdapter start() {
		return new Start();
	}

	/**
	 * Return the handler that stops the clock, to sit after the protocol decoder.
	 * @param stage says what a decoded message completes
	 * @return the handler
	 */
	public ChannelInboundHandlerAdapter progress(Function<Object, Stage> stage) {
		return new Progress(stage);
	}

	/**
	 * Whether a request has started to arrive and is not yet whole.
	 * @return {@code true} between a request's first byte and its end
	 */
	public boolean isReceiving() {
		return this.inRequest;
	}

	private void bytesRead(ChannelHandlerContext ctx) {
		if (this.inRequest) {
			return;
		}
		this.ctx = ctx;
		this.inRequest = true;
		this.headReceived = false;
		long now = System.nanoTime();
		this.startedAt = now;
		long nanos = shortestTimeout();
		if (nanos > 0) {
			deadline(now, nanos);
		}
		else {
			this.deadlineSet = false;
		}
	}

	private void decoded(Stage stage) {
		if (!this.inRequest || stage == Stage.NONE) {
			return;
		}
		if (stage == Stage.REQUEST) {
			// The timer stays armed: the next request's deadline is no earlier, and a
			// timer that finds no request in progress lapses.
			this.inRequest = false;
			return;
		}
		this.headReceived = true;
		if (this.requestNanos > 0) {
			long now = System.nanoTime();
			deadline(now, Math.max(0, this.startedAt + this.requestNanos - now));
		}
		else {
			this.deadlineSet = false;
		}
	}

	/*
	 * Set the deadline of the request in progress. The connection's one timer is armed
	 * only when none is, or when the armed one would fire too late; one that fires early
	 * arms itself again for the deadline then in force. It is never armed further ahead
	 * than the shortest timeout, so that the next request's deadline is never earlier
	 * than it: a keep-alive connection schedules about one task per shortest timeout, not
	 * two per request.
	 */
	private void deadline(long now, long nanos) {
		this.deadline = now + nanos;
		this.deadlineSet = true;
		ScheduledFuture<?> timer = this.timer;
		if (timer != null) {
			if (this.firesAt - this.deadline <= 0) {
				return;
			}
			timer.cancel(false);
			this.timer = null;
		}
		arm(now, nanos);
	}

	private void arm(long now, long nanos) {
		ChannelHandlerContext ctx = this.ctx;
		if (ctx != null) {
			long shortest = shortestTimeout();
			if (shortest > 0 && shortest < nanos) {
				nanos = shortest;
			}
			this.firesAt = now + nanos;
			this.timer = ctx.executor().schedule(this.expiry, nanos, TimeUnit.NANOSECONDS);
		}
	}

	private long shortestTimeout() {
		if (this.headerNanos > 0 && this.requestNanos > 0) {
			return Math.min(this.headerNanos, this.requestNanos);
		}
		return (this.headerNanos > 0) ? this.headerNanos : this.requestNanos;
	}

	private void expired() {
		ChannelHandlerContext ctx = this.ctx;
		this.timer = null;
		if (ctx == null || !this.inRequest || !this.deadlineSet || !ctx.channel().isActive()) {
			return;
		}
		long now = System.nanoTime();
		long left = this.deadline - now;
		if (left > 0) {
			arm(now, left);
			return;
		}
		this.inRequest = false;
		ctx.fireUserEventTriggered(this.headReceived ? RequestTimeoutEvent.REQUEST : RequestTimeoutEvent.HEADER);
	}

	private void cancel() {
		ScheduledFuture<?> timer = this.timer;
		if (timer != null) {
			timer.cancel(false);
			this.timer = null;
		}
	}

	/**
	 * What a decoded message completes.
	 */
	public enum Stage {

		/** Nothing: a part of a request. */
		NONE,

		/** The head of a request. */
		HEAD,

		/** A whole request. */
		REQUEST

	}

	/**
	 * Fired when a request missed its deadline.
	 */
	public enum RequestTimeoutEvent {

		/** The head did not arrive in time. */
		HEADER,

		/** The head arrived, the rest did not. */
		REQUEST

	}

	private final class Start extends ChannelInboundHandlerAdapter {

		@Override
		public void handlerAdded(ChannelHandlerContext ctx) {
			ctx.channel().attr(KEY).set(RequestDeadlines.this);
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (msg instanceof ByteBuf buffer && buffer.isReadable()) {
				bytesRead(ctx);
			}
			ctx.fireChannelRead(msg);
		}

		@Override
		public void channelInactive(ChannelHandlerContext ctx) {
			cancel();
			ctx.fireChannelInactive();
		}

		@Override
		public void handlerRemoved(ChannelHandlerContext ctx) {
			cancel();
		}

	}

	private final class Progress extends ChannelInboundHandlerAdapter {

		private final Function<Object, Stage> stage;

		Progress(Function<Object, Stage> stage) {
			this.stage = stage;
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			decoded(this.stage.apply(msg));
			ctx.fireChannelRead(msg);
		}

	}

}
