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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The echo of 8192 doubles through {@link JsonRpcExchange#answer}, metrics on, with the
 * parameter declared as a user declares it: {@code Object echo(Object x)} (Jackson binds
 * a {@code List<Double>}) and {@code double[] echo_doubles(double[] x)}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EchoBenchmark {

	private static final int COUNT = 8192;

	private final ByteBufAllocator allocator = PooledByteBufAllocator.DEFAULT;

	private JsonRpcExchange exchange;

	private ByteBuf object;

	private ByteBuf doubles;

	@Setup(Level.Trial)
	public void setUp() {
		this.exchange = HotPath.exchange(new HotPath.Metrics());
		this.object = payload(HotPath.echoDoubles("echo", COUNT));
		this.doubles = payload(HotPath.echoDoubles("echo_doubles", COUNT));
		HotPath.check(answer(this.object), "8191.508191]");
		HotPath.check(answer(this.doubles), "8191.508191]");
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.object.release();
		this.doubles.release();
	}

	@Benchmark
	public int object8192() {
		return call(this.object);
	}

	@Benchmark
	public int doubleArray8192() {
		return call(this.doubles);
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
