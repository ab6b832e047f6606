import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.dispatch.JsonRpcDispatcher;
import io.ujrpc.dispatch.MethodRegistry;
import io.ujrpc.internal.netty.JsonRpcExchange;
import io.ujrpc.observation.ServerMetricsListener;
import io.ujrpc.protocol.JsonRpcCodec;
import io.ujrpc.protocol.Protocol;
import tools.jackson.databind.json.JsonMapper;

/**
 * The exchange without sockets: decode, dispatch and encode of an echo of 8192 doubles as
 * a JSON list, to `double[] echo(double[])` and `Object echo(Object)`, timed per call
 * in thread CPU time and wall time (best of several rounds, after warm-up): on a loaded
 * machine the CPU time is the steadier of the two. Runs against whichever ujrpc-core is on the
 * class path, so the same file measures before and after a change in one run.
 * Usage: java -cp ujrpc-core-classes:deps ExchangeEchoBenchmark [seconds per round]
 */
public class ExchangeEchoBenchmark {

	public static class Methods {

		@JsonRpcMethod(value = "echo", nonBlocking = true)
		public double[] echo(double[] values) {
			return values;
		}

		@JsonRpcMethod(value = "echoObject", nonBlocking = true)
		public Object echoObject(Object values) {
			return values;
		}

	}

	public static void main(String[] args) throws Exception {
		double seconds = (args.length > 0) ? Double.parseDouble(args[0]) : 1.0;
		JsonMapper mapper = JsonMapper.builder().build();
		MethodRegistry registry = MethodRegistry.builder(mapper).addAnnotated(new Methods()).build();
		JsonRpcExchange exchange = new JsonRpcExchange(new JsonRpcDispatcher(registry, Runnable::run, false),
				new JsonRpcCodec(mapper, 100), new ServerMetricsListener() {
				});
		Random random = new Random(8192);
		StringBuilder list = new StringBuilder("[");
		for (int i = 0; i < 8192; i++) {
			list.append(i == 0 ? "" : ",").append(random.nextDouble());
		}
		list.append("]");
		for (String method : new String[] { "echo", "echoObject" }) {
			byte[] body = ("{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":[" + list + "],\"id\":1}")
				.getBytes(StandardCharsets.UTF_8);
			ByteBuf payload = Unpooled.wrappedBuffer(body);
			double best = Double.MAX_VALUE;
			double bestCpu = Double.MAX_VALUE;
			java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
			for (int round = 0; round < 6; round++) {
				long calls = 0;
				long cpuStart = threads.getCurrentThreadCpuTime();
				long start = System.nanoTime();
				long end = start + (long) (seconds * 1e9);
				long now;
				do {
					ByteBuf reply = exchange.answer(payload, UnpooledByteBufAllocator.DEFAULT, Protocol.HTTP).join();
					if (reply.readableBytes() < body.length / 2) {
						throw new IllegalStateException(reply.toString(StandardCharsets.UTF_8));
					}
					reply.release();
					calls++;
					now = System.nanoTime();
				}
				while (now < end);
				double micros = (now - start) / 1e3 / calls;
				double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e3 / calls;
				if (round >= 2) {
					best = Math.min(best, micros);
					bestCpu = Math.min(bestCpu, cpu);
				}
			}
			System.out.printf(Locale.ROOT,
					"%s json-list-8192: %.1f us CPU per call, %.1f us wall (best of 4 rounds)%n", method, bestCpu,
					best);
		}
	}

}
