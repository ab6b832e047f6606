package io.ujrpc.benchmarks.loadgen;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What a run measured. Safe to update from every event loop at once. Only requests whose
 * start (the intended send time in an open loop, the real one in a closed loop) falls in
 * the measured window count, however late their response arrives.
 */
final class Stats {

	private static final long HIGHEST_NANOS = TimeUnit.HOURS.toNanos(1);

	private final Plan plan;

	private final Recorder latencies = new Recorder(HIGHEST_NANOS, 3);

	final LongAdder sent = new LongAdder();

	final LongAdder completed = new LongAdder();

	final LongAdder non2xx = new LongAdder();

	final LongAdder errors = new LongAdder();

	final LongAdder timeouts = new LongAdder();

	final LongAdder unsent = new LongAdder();

	Stats(Plan plan) {
		this.plan = plan;
	}

	void sent(long start) {
		if (this.plan.measured(start)) {
			this.sent.increment();
		}
	}

	void completed(long start, long now, boolean success) {
		if (this.plan.measured(start)) {
			this.latencies.recordValue(Math.min(now - start, HIGHEST_NANOS));
			this.completed.increment();
			if (!success) {
				this.non2xx.increment();
			}
		}
	}

	/** A request lost with its connection. */
	void lost(long start) {
		if (this.plan.measured(start)) {
			this.errors.increment();
		}
	}

	/** A connection that could not be opened. */
	void connectFailed(long now) {
		if (now >= this.plan.measureStart()) {
			this.errors.increment();
		}
	}

	/** A request still unanswered when the run ended. */
	void timedOut(long start) {
		if (this.plan.measured(start)) {
			this.timeouts.increment();
		}
	}

	/** Call once, at the end. */
	Histogram histogram() {
		return this.latencies.getIntervalHistogram();
	}

}
