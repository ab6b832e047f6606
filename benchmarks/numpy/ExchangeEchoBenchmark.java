import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
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
 * Usage: java -cp ujrpc-core-classes:deps ExchangeEchoBenchmark [seconds per round
 * [cases...]]: a case is echo, echoObject, msgpack, cbor or the path of one of run.sh's request
 * bodies (what its load measures, without the sockets).
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
		boolean binary = true;
		try {
			Class.forName("io.ujrpc.protocol.Encoding");
		}
		catch (ClassNotFoundException ex) {
			binary = false;
		}
		MethodRegistry.Builder methods = MethodRegistry.builder(mapper).addAnnotated(new Methods());
		if (binary) {
			methods.addAnnotated(new Binary.Arrays());
		}
		MethodRegistry registry = methods.build();
		JsonRpcExchange exchange = new JsonRpcExchange(new JsonRpcDispatcher(registry, Runnable::run, false),
				new JsonRpcCodec(mapper, 100), new ServerMetricsListener() {
				});
		Random random = new Random(8192);
		StringBuilder list = new StringBuilder("[");
		for (int i = 0; i < 8192; i++) {
			list.append(i == 0 ? "" : ",").append(random.nextDouble());
		}
		list.append("]");
		double[] values = new double[8192];
		for (int i = 0; i < values.length; i++) {
			values[i] = random.nextDouble();
		}
		java.util.List<String> cases = new java.util.ArrayList<>(
				binary ? java.util.List.of("echo", "echoObject", "msgpack", "cbor") : java.util.List.of("echo", "echoObject"));
		if (args.length > 1) {
			cases = java.util.Arrays.asList(args).subList(1, args.length);
		}
		for (String method : cases) {
			byte[] body = ("{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":[" + list + "],\"id\":1}")
				.getBytes(StandardCharsets.UTF_8);
			String encoding = method;
			if (method.equals("msgpack") || method.equals("cbor")) {
				body = Binary.body(method, values);
			}
			else if (method.endsWith(".body")) {
				// one of run.sh's request bodies (make_bodies.py), e.g. benchmarks/target/numpy/bodies/cbor-8192.body
				body = java.nio.file.Files.readAllBytes(java.nio.file.Path.of(method));
				String name = java.nio.file.Path.of(method).getFileName().toString();
				encoding = name.startsWith("msgpack") ? "msgpack" : name.startsWith("cbor") ? "cbor" : "json";
			}
			// As the server reads a request: into a pooled direct buffer, and answers into another.
			ByteBuf payload = PooledByteBufAllocator.DEFAULT.directBuffer(body.length).writeBytes(body);
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
					// A large body in a direct buffer is read as a stream, which moves its
					// reader index.
					payload.readerIndex(0);
					ByteBuf reply = (encoding.equals("msgpack") || encoding.equals("cbor"))
							? Binary.answer(exchange, payload, encoding)
							: exchange.answer(payload, PooledByteBufAllocator.DEFAULT, Protocol.HTTP).join();
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
					"%s 8192 doubles: %.1f us CPU per call, %.1f us wall (best of 4 rounds)%n",
					method.startsWith("echo") ? method + " json-list" : method.endsWith(".body") ? method : method + " bin",
					bestCpu,
					best);
		}
	}

	/**
	 * The binary encodings, apart: linked only when the classes have them.
	 */
	static final class Binary {

		public static class Arrays {

			@JsonRpcMethod(value = "echoArray", nonBlocking = true)
			public io.ujrpc.array.NdArray echoArray(io.ujrpc.array.NdArray array) {
				return array;
			}

		}

		static byte[] body(String encoding, double[] values) throws java.io.IOException {
			byte[] data = new byte[values.length * 8];
			ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().put(values);
			if (encoding.equals("msgpack")) {
				org.msgpack.core.MessageBufferPacker packer = org.msgpack.core.MessagePack.newDefaultBufferPacker();
				packer.packMapHeader(4);
				packer.packString("jsonrpc").packString("2.0").packString("method").packString("echo");
				packer.packString("params").packArrayHeader(1).packBinaryHeader(data.length).writePayload(data);
				packer.packString("id").packInt(1);
				return packer.toByteArray();
			}
			java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
			tools.jackson.dataformat.cbor.CBORMapper cbor = tools.jackson.dataformat.cbor.CBORMapper.builder().build();
			try (tools.jackson.dataformat.cbor.CBORGenerator generator = (tools.jackson.dataformat.cbor.CBORGenerator) cbor
				.createGenerator(out)) {
				generator.writeStartObject();
				generator.writeStringProperty("jsonrpc", "2.0");
				generator.writeStringProperty("method", "echo");
				generator.writeName("params");
				generator.writeStartArray();
				generator.writeTag(86);
				generator.writeBinary(data);
				generator.writeEndArray();
				generator.writeNumberProperty("id", 1);
				generator.writeEndObject();
			}
			return out.toByteArray();
		}

		static ByteBuf answer(JsonRpcExchange exchange, ByteBuf payload, String encoding) {
			io.ujrpc.protocol.Encoding value = encoding.equals("msgpack") ? io.ujrpc.protocol.Encoding.MESSAGE_PACK
					: io.ujrpc.protocol.Encoding.CBOR;
			return exchange.answer(payload, PooledByteBufAllocator.DEFAULT,
					io.ujrpc.context.ExchangeContext.local(Protocol.HTTP), value, value).join();
		}

	}

}
