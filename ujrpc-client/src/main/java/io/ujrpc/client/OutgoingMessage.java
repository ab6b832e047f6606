package io.ujrpc.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * One payload to send, a single call or a batch, with its timeout and the HTTP headers
 * its observation propagates.
 */
final class OutgoingMessage {

	private final List<PendingCall> calls;

	private final boolean batch;

	private final Duration timeout;

	private final AtomicInteger remaining;

	private volatile @Nullable ScheduledFuture<?> timer;

	private volatile @Nullable Object attachment;

	OutgoingMessage(List<PendingCall> calls, boolean batch, Duration timeout) {
		this.calls = calls;
		this.batch = batch;
		this.timeout = timeout;
		this.remaining = new AtomicInteger(calls.size());
		for (PendingCall call : calls) {
			call.attach(this);
		}
	}

	/*
	 * Remember what carries the message, so that a timeout can take it back.
	 */
	void attach(Object attachment) {
		this.attachment = attachment;
	}

	@Nullable Object attachment() {
		return this.attachment;
	}

	List<PendingCall> calls() {
		return this.calls;
	}

	boolean batch() {
		return this.batch;
	}

	Duration timeout() {
		return this.timeout;
	}

	List<JsonRpcClientCodec.Request> requests() {
		return this.calls.stream().map(PendingCall::request).toList();
	}

	/*
	 * Return the headers the first call's observation asked to propagate: one HTTP
	 * request carries one trace context, so a batch carries its first call's.
	 */
	Map<String, String> propagationHeaders() {
		for (PendingCall call : this.calls) {
			if (call.context() != null) {
				Map<String, String> carrier = call.context().getCarrier();
				return (carrier != null) ? carrier : Map.of();
			}
		}
		return Map.of();
	}

	boolean expectsResponse() {
		for (PendingCall call : this.calls) {
			if (!call.isNotification()) {
				return true;
			}
		}
		return false;
	}

	void timer(ScheduledFuture<?> timer) {
		this.timer = timer;
		if (this.remaining.get() == 0) {
			timer.cancel(false);
		}
	}

	void callDone() {
		if (this.remaining.decrementAndGet() == 0) {
			ScheduledFuture<?> timer = this.timer;
			if (timer != null) {
				timer.cancel(false);
			}
		}
	}

	boolean isDone() {
		return this.remaining.get() == 0;
	}

	void acknowledgeNotifications() {
		for (PendingCall call : this.calls) {
			if (call.isNotification()) {
				call.acknowledge();
			}
		}
	}

	void failAll(Throwable failure) {
		for (PendingCall call : this.calls) {
			call.fail(failure);
		}
	}

	JsonRpcTimeoutException timeoutException(String server) {
		String what = (!this.batch) ? "Call to '" + this.calls.get(0).request().method() + "'"
				: "Batch of " + this.calls.size() + " calls";
		return new JsonRpcTimeoutException(
				what + " on " + server + " timed out after " + this.timeout.toMillis() + " ms");
	}

}
