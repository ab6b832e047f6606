package io.ujrpc.benchmarks.jmh;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.ujrpc.internal.netty.ServerMetricsHandler;
import io.ujrpc.protocol.Protocol;
import io.ujrpc.server.config.HttpSettings;
import io.ujrpc.server.http.HttpServerInitializer;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The whole HTTP pipeline of one keep-alive connection, without a socket: the bytes of a
 * {@code POST /} go into an {@link EmbeddedChannel} assembled as {@code JsonRpcServer}
 * assembles it (with {@code metrics=on}, the server metrics handler first, then what
 * {@link HttpServerInitializer} adds: HTTP decoder, aggregator, JSON-RPC handler,
 * encoder) and the bytes of the response come out.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HttpPipelineBenchmark {

	private static final int BATCH = 100;

	private final ByteBufAllocator allocator = PooledByteBufAllocator.DEFAULT;

	/**
	 * The metrics: {@code on}, {@code off}, or (with {@code -p}) {@code on-without-ltt},
	 * as {@code management.metrics.observations.ignored-meters=long-task-timer} makes
	 * them.
	 */
	@Param({ "on", "off" })
	private String metrics;

	private EmbeddedChannel channel;

	private byte[] sum;

	private byte[] batch;

	@Setup(Level.Trial)
	public void setUp() {
		HttpSettings settings = new HttpSettings(0, "/", Map.of(), 5 * 1024 * 1024, 4096, 8192, Duration.ZERO,
				Duration.ofSeconds(20), Duration.ofSeconds(60), 1024);
		HotPath.Metrics metrics = HotPath.Metrics.of(this.metrics);
		HttpServerInitializer http = new HttpServerInitializer(settings, null, HotPath.exchange(metrics));
		this.channel = (metrics != null)
				? new EmbeddedChannel(
						new ChannelHandler[] { new ServerMetricsHandler(Protocol.HTTP, metrics.listener), http })
				: new EmbeddedChannel(http);
		this.sum = request(HotPath.SUM);
		this.batch = request(HotPath.batch(BATCH));
		String sum = exchange(this.sum);
		HotPath.check(sum, "HTTP/1.1 200 OK");
		HotPath.check(sum, "\"result\":3");
		HotPath.check(exchange(this.batch), "\"result\":3,\"id\":" + BATCH + "}]");
		if (metrics != null && metrics.observedCalls() != 1 + BATCH) {
			throw new IllegalStateException("Calls not observed: " + metrics.observedCalls());
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.channel.finishAndReleaseAll();
	}

	@Benchmark
	public void sum(Blackhole blackhole) {
		call(this.sum, blackhole);
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void batch100(Blackhole blackhole) {
		call(this.batch, blackhole);
	}

	private void call(byte[] request, Blackhole blackhole) {
		this.channel.writeInbound(inbound(request));
		for (Object out; (out = this.channel.readOutbound()) != null;) {
			blackhole.consume(((ByteBuf) out).readableBytes());
			ReferenceCountUtil.release(out);
		}
	}

	private String exchange(byte[] request) {
		StringBuilder response = new StringBuilder();
		this.channel.writeInbound(inbound(request));
		for (Object out; (out = this.channel.readOutbound()) != null;) {
			response.append(((ByteBuf) out).toString(StandardCharsets.UTF_8));
			ReferenceCountUtil.release(out);
		}
		return response.toString();
	}

	private static byte[] request(String body) {
		return HotPath.bytes("POST / HTTP/1.1\r\nHost: 127.0.0.1:8085\r\nContent-Type: application/json\r\n"
				+ "Content-Length: " + HotPath.bytes(body).length + "\r\n\r\n" + body);
	}

	/**
	 * The request as a socket read leaves it: in a pooled direct buffer the pipeline
	 * releases.
	 */
	private ByteBuf inbound(byte[] request) {
		return this.allocator.directBuffer(request.length).writeBytes(request);
	}

}
