package io.ujrpc.benchmarks.jmh;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The least a call's meters cost, whoever records them: what Micrometer's own meters take
 * for one call of {@code jsonrpc.server.requests} as Prometheus registers them, with
 * nothing of ujrpc around them. {@code timer} is one {@link Timer#record} of a duration
 * timed with two clock reads; {@code timerAndActive} adds the {@code .active}
 * {@link LongTaskTimer}'s start and stop, whose sample times the call (one clock read at
 * each end), as the starter records a call; {@code clock} is the two clock reads alone.
 * Compared with a call's cost with metrics off, this bounds what metrics on ÷ off can be.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MeterFloorBenchmark {

	private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

	private Timer timer;

	private LongTaskTimer active;

	@Setup
	public void setUp() {
		String[] tags = { "method", "sum", "transport", "http", "outcome", "SUCCESS", "status", "0", "error", "none" };
		this.timer = Timer.builder("jsonrpc.server.requests").tags(tags).register(this.registry);
		this.active = LongTaskTimer.builder("jsonrpc.server.requests.active")
			.tags("method", "sum", "transport", "http")
			.register(this.registry);
	}

	@Benchmark
	public long clock() {
		long start = System.nanoTime();
		return System.nanoTime() - start;
	}

	@Benchmark
	public long timer() {
		long start = System.nanoTime();
		long duration = System.nanoTime() - start;
		this.timer.record(duration, TimeUnit.NANOSECONDS);
		return duration;
	}

	@Benchmark
	public long timerAndActive() {
		LongTaskTimer.Sample sample = this.active.start();
		long duration = sample.stop();
		this.timer.record(duration, TimeUnit.NANOSECONDS);
		return duration;
	}

}
