package io.ujrpc.benchmarks.jmh;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.ujrpc.internal.netty.JsonRpcExchange;
import io.ujrpc.protocol.Protocol;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link JsonRpcExchange#answer}: request bytes in a pooled direct buffer (as a socket
 * read leaves them), parse, find the method, bind, invoke, encode into a pooled buffer,
 * release; with the metrics of an app with Actuator and Prometheus ({@code metrics=on})
 * and without ({@code off}). Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is
 * bytes allocated per call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DispatchBenchmark {

	private static final int BATCH = 100;

	private final ByteBufAllocator allocator = PooledByteBufAllocator.DEFAULT;

	/**
	 * The metrics: {@code on}, {@code off}, or (with {@code -p}) {@code on-without-ltt},
	 * as {@code management.metrics.observations.ignored-meters=long-task-timer} makes
	 * them.
	 */
	@Param({ "on", "off" })
	private String metrics;

	private JsonRpcExchange exchange;

	private ByteBuf sum;

	private ByteBuf batch;

	@Setup(Level.Trial)
	public void setUp() {
		HotPath.Metrics metrics = HotPath.Metrics.of(this.metrics);
		this.exchange = HotPath.exchange(metrics);
		this.sum = payload(HotPath.SUM);
		this.batch = payload(HotPath.batch(BATCH));
		HotPath.check(answer(this.sum), "\"result\":3");
		HotPath.check(answer(this.batch), "\"result\":3,\"id\":" + BATCH + "}]");
		if (metrics != null && metrics.observedCalls() != 1 + BATCH) {
			throw new IllegalStateException("Calls not observed: " + metrics.observedCalls());
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.sum.release();
		this.batch.release();
	}

	@Benchmark
	public int sum() {
		return call(this.sum);
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public int batch100() {
		return call(this.batch);
	}

	private int call(ByteBuf payload) {
		ByteBuf response = this.exchange.answer(payload.readerIndex(0), this.allocator, Protocol.HTTP).join();
		int size = response.readableBytes();
		response.release();
		return size;
	}

	private String answer(ByteBuf payload) {
		ByteBuf response = this.exchange.answer(payload.readerIndex(0), this.allocator, Protocol.HTTP).join();
		try {
			return response.toString(StandardCharsets.UTF_8);
		}
		finally {
			response.release();
		}
	}

	private ByteBuf payload(String body) {
		byte[] bytes = HotPath.bytes(body);
		return this.allocator.directBuffer(bytes.length).writeBytes(bytes);
	}

}
