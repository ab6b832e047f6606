package io.ujrpc.benchmarks.jmh;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.ujrpc.server.config.HttpSettings;
import io.ujrpc.server.http.HttpServerInitializer;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The whole HTTP pipeline of one keep-alive connection, without a socket: the bytes of a
 * {@code POST /} with {@code sum(1, 2)} go into an {@link EmbeddedChannel} assembled by
 * {@link HttpServerInitializer} (HTTP decoder, aggregator, JSON-RPC handler, encoder) and
 * the bytes of the response come out.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HttpPipelineBenchmark {

	private final ByteBufAllocator allocator = PooledByteBufAllocator.DEFAULT;

	private EmbeddedChannel channel;

	private byte[] request;

	@Setup(Level.Trial)
	public void setUp() {
		HttpSettings settings = new HttpSettings(0, "/", Map.of(), 5 * 1024 * 1024, 4096, 8192, Duration.ZERO,
				Duration.ofSeconds(20), Duration.ofSeconds(60), 1024);
		this.channel = new EmbeddedChannel(new HttpServerInitializer(settings, null, HotPath.exchange()));
		byte[] body = HotPath.bytes(HotPath.SUM);
		this.request = HotPath
			.bytes("POST / HTTP/1.1\r\nHost: 127.0.0.1:8085\r\nContent-Type: application/json\r\nContent-Length: "
					+ body.length + "\r\n\r\n" + HotPath.SUM);
		StringBuilder response = new StringBuilder();
		this.channel.writeInbound(inbound());
		for (Object out; (out = this.channel.readOutbound()) != null;) {
			response.append(((ByteBuf) out).toString(StandardCharsets.UTF_8));
			ReferenceCountUtil.release(out);
		}
		HotPath.check(response.toString(), "HTTP/1.1 200 OK");
		HotPath.check(response.toString(), "\"result\":3");
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.channel.finishAndReleaseAll();
	}

	@Benchmark
	public void sum(Blackhole blackhole) {
		this.channel.writeInbound(inbound());
		for (Object out; (out = this.channel.readOutbound()) != null;) {
			blackhole.consume(((ByteBuf) out).readableBytes());
			ReferenceCountUtil.release(out);
		}
	}

	/**
	 * The request as a socket read leaves it: in a pooled direct buffer the pipeline
	 * releases.
	 */
	private ByteBuf inbound() {
		return this.allocator.directBuffer(this.request.length).writeBytes(this.request);
	}

}
