package io.ujrpc.dispatch;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.ujrpc.protocol.JsonRpcErrorCode;
import io.ujrpc.protocol.JsonRpcRequest;
import io.ujrpc.protocol.JsonRpcResponse;
import org.jspecify.annotations.Nullable;

/**
 * The timeout of one call of a method that has one: when it expires first, the call is
 * answered with {@link JsonRpcErrorCode#REQUEST_TIMEOUT}, the thread running the method
 * interrupted and a returned stage cancelled. Made only for methods with a timeout.
 */
final class CallDeadline implements Runnable {

	private final JsonRpcRequest request;

	private final long timeoutNanos;

	private @Nullable CompletableFuture<@Nullable JsonRpcResponse> target;

	private @Nullable ScheduledFuture<?> timer;

	/** The thread running the method, while it does. */
	private @Nullable Thread runner;

	private @Nullable CompletionStage<?> stage;

	private boolean expired;

	/** Whether the runner was interrupted by this deadline, so it clears the flag. */
	private boolean interrupted;

	CallDeadline(JsonRpcRequest request, long timeoutNanos) {
		this.request = request;
		this.timeoutNanos = timeoutNanos;
	}

	/**
	 * Start the clock, unless started already.
	 * @param target the future answered with the timeout error on expiry
	 */
	void start(CompletableFuture<@Nullable JsonRpcResponse> target) {
		synchronized (this) {
			if (this.target != null) {
				return;
			}
			this.target = target;
		}
		ScheduledFuture<?> timer = Timer.INSTANCE.schedule(this, this.timeoutNanos, TimeUnit.NANOSECONDS);
		synchronized (this) {
			this.timer = timer;
		}
		target.whenComplete((response, ex) -> timer.cancel(false));
	}

	boolean isExpired() {
		synchronized (this) {
			return this.expired;
		}
	}

	/**
	 * Mark the current thread as the method's, unless the deadline expired already.
	 * @return whether to run the method
	 */
	boolean enter() {
		synchronized (this) {
			if (this.expired) {
				return false;
			}
			this.runner = Thread.currentThread();
			return true;
		}
	}

	/** The method returned: the thread is no longer the method's. */
	void exit() {
		boolean clear;
		synchronized (this) {
			this.runner = null;
			clear = this.interrupted;
			this.interrupted = false;
		}
		if (clear) {
			// The interrupt was meant for the method, not for the pool's next task.
			Thread.interrupted();
		}
	}

	/**
	 * Cancel a stage the method returned when the deadline expires.
	 * @param stage the stage
	 */
	void cancels(CompletionStage<?> stage) {
		boolean cancelNow;
		synchronized (this) {
			this.stage = stage;
			cancelNow = this.expired;
		}
		if (cancelNow) {
			cancel(stage);
		}
	}

	@Override
	public void run() {
		CompletableFuture<@Nullable JsonRpcResponse> target;
		synchronized (this) {
			target = this.target;
			if (target == null || target.isDone()) {
				return;
			}
			// Before the answer: a call still queued must never start once its client
			// has been told it timed out.
			this.expired = true;
		}
		if (!target.complete(JsonRpcResponse.failure(this.request.id(), JsonRpcErrorCode.REQUEST_TIMEOUT.toError()))) {
			// The method answered first.
			return;
		}
		CompletionStage<?> stage;
		synchronized (this) {
			if (this.runner != null) {
				this.runner.interrupt();
				this.interrupted = true;
			}
			stage = this.stage;
		}
		if (stage != null) {
			cancel(stage);
		}
	}

	private static void cancel(CompletionStage<?> stage) {
		if (stage instanceof Future<?> future) {
			future.cancel(true);
			return;
		}
		try {
			stage.toCompletableFuture().cancel(true);
		}
		catch (UnsupportedOperationException ex) {
			// A stage that cannot be cancelled runs on; its result is dropped.
		}
	}

	/**
	 * One daemon thread for every deadline; cancelled deadlines leave its queue at once.
	 */
	private static final class Timer {

		static final ScheduledThreadPoolExecutor INSTANCE = create();

		private static ScheduledThreadPoolExecutor create() {
			ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (task) -> {
				Thread thread = new Thread(task, "ujrpc-deadlines");
				thread.setDaemon(true);
				return thread;
			});
			executor.setRemoveOnCancelPolicy(true);
			return executor;
		}

	}

}
