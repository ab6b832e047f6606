package io.ujrpc.array;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.context.ExchangeContext;
import io.ujrpc.dispatch.JsonRpcDispatcher;
import io.ujrpc.dispatch.MethodRegistry;
import io.ujrpc.internal.netty.JsonRpcExchange;
import io.ujrpc.observation.ServerMetricsListener;
import io.ujrpc.protocol.Encoding;
import io.ujrpc.protocol.JsonRpcCodec;
import io.ujrpc.protocol.Protocol;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.cbor.CBORGenerator;
import tools.jackson.dataformat.cbor.CBORMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CBOR typed arrays (RFC 8746) among params, read straight into the Java array of their
 * element type: what each parameter type receives, in either byte order and at sizes
 * around the reader's scratch buffers, compared with what the bytes say; what stays as it
 * was (typed arrays deeper in params, tags without a Java array, partial elements);
 * malformed ones; and many threads reading at once.
 */
class CborTypedArrayParamsTests {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final CBORMapper CBOR = CBORMapper.builder().build();

	/** Element counts: empty, small, around 8 KiB of bytes, past the 1 MiB kept. */
	private static final int[] COUNTS = { 0, 1, 3, 1023, 1024, 1025, 8192, 200_000, 5 };

	/** The tags with a Java array type, and that type. */
	private static final Object[][] TAGS = { { 86, double[].class }, { 82, double[].class }, { 85, float[].class },
			{ 81, float[].class }, { 79, long[].class }, { 75, long[].class }, { 78, int[].class }, { 74, int[].class },
			{ 77, short[].class }, { 73, short[].class } };

	private final Methods methods = new Methods();

	private final JsonRpcExchange exchange = new JsonRpcExchange(
			new JsonRpcDispatcher(MethodRegistry.builder(MAPPER).addAnnotated(this.methods).build(), Runnable::run,
					false),
			new JsonRpcCodec(MAPPER, 100), ServerMetricsListener.NONE);

	private final Random random = new Random(8746);

	@Test
	void everyTypedArrayWithAJavaTypeBindsToThatArrayInItsByteOrder() {
		int checked = 0;
		for (Object[] tag : TAGS) {
			int number = (int) tag[0];
			Class<?> type = (Class<?>) tag[1];
			for (int count : COUNTS) {
				byte[] bytes = randomBytes(count * size(type));
				JsonNode reply = answer(request(method(type), number, bytes));
				Object expected = read(bytes, type, order(number));
				assertThat(this.methods.received).as("tag %d x %d", number, count)
					.isInstanceOf(type)
					.satisfies((received) -> assertThat(
							Arrays.deepEquals(new Object[] { received }, new Object[] { expected }))
						.isTrue());
				// Answered as the little-endian typed array of the same values.
				assertThat(reply.get("result").binaryValue()).as("tag %d x %d", number, count)
					.isEqualTo(PrimitiveArrays.toBytes(expected));
				checked++;
			}
		}
		assertThat(checked).isEqualTo(TAGS.length * COUNTS.length);
	}

	@Test
	void aTypedArrayBoundToAnotherArrayTypeIsItsLittleEndianBytes() {
		double[] values = { 1.5, -0.0, Double.NaN, 1e-300 };
		byte[] little = bytes(values, ByteOrder.LITTLE_ENDIAN);
		for (int tag : new int[] { 86, 82 }) {
			byte[] sent = (tag == 86) ? little : bytes(values, ByteOrder.BIG_ENDIAN);
			answer(request("longs", tag, sent));
			assertThat((long[]) this.methods.received).as("tag %d", tag)
				.containsExactly((long[]) PrimitiveArrays.fromBytes(little, 0, little.length, long[].class));
			answer(request("bytes", tag, sent));
			assertThat((byte[]) this.methods.received).as("tag %d", tag).isEqualTo(little);
			// Through Jackson's binding too: a type made from a long[] by its creator.
			assertThat(answer(request("samples", tag, sent)).has("result")).as("tag %d", tag).isTrue();
			assertThat(((Samples) this.methods.received).values())
				.containsExactly((long[]) PrimitiveArrays.fromBytes(little, 0, little.length, long[].class));
			answer(request("shorts", tag, sent));
			assertThat((short[]) this.methods.received).as("tag %d", tag)
				.containsExactly((short[]) PrimitiveArrays.fromBytes(little, 0, little.length, short[].class));
		}
	}

	@Test
	void anObjectParameterReceivesTheJavaArrayAndAnswersItAsATypedArray() throws Exception {
		double[] values = { 0.25, 3, -7.5 };
		JsonNode reply = answer(request("object", 82, bytes(values, ByteOrder.BIG_ENDIAN)));
		assertThat(this.methods.received).isInstanceOf(double[].class);
		assertThat((double[]) this.methods.received).containsExactly(values);
		ByteBuf answered = answerBuffer(request("object", 86, bytes(values, ByteOrder.LITTLE_ENDIAN)));
		byte[] body = ByteBufUtil.getBytes(answered);
		answered.release();
		boolean tagged = false;
		try (var parser = (tools.jackson.dataformat.cbor.CBORParser) CBOR.createParser(body)) {
			while (parser.nextToken() != null) {
				if ("result".equals(parser.currentName())
						&& parser.currentToken() == tools.jackson.core.JsonToken.VALUE_EMBEDDED_OBJECT) {
					assertThat(parser.getCurrentTag()).isEqualTo(86);
					assertThat(parser.getBinaryValue()).isEqualTo(bytes(values, ByteOrder.LITTLE_ENDIAN));
					tagged = true;
				}
			}
		}
		assertThat(tagged).isTrue();
		assertThat(reply.get("result").binaryValue()).isEqualTo(bytes(values, ByteOrder.LITTLE_ENDIAN));
	}

	@Test
	void namedParamsAreReadSoToo() {
		double[] values = { 4, 5 };
		answer(envelope("doubles", nested(86, bytes(values, ByteOrder.LITTLE_ENDIAN))));
		assertThat((double[]) this.methods.received).containsExactly(values);
	}

	@Test
	void typedArraysDeeperInParamsStayBinaryData() {
		double[] values = { 1, 2 };
		byte[] big = bytes(values, ByteOrder.BIG_ENDIAN);
		answer(request("tree", nested(82, big)));
		JsonNode tree = (JsonNode) this.methods.received;
		assertThat(tree.get("values").isBinary()).isTrue();
		assertThat(tree.get("values").binaryValue()).isEqualTo(bytes(values, ByteOrder.LITTLE_ENDIAN));
		// And a record's double[] member binds from it, as it did.
		answer(request("holder", nested(82, big)));
		assertThat(((Holder) this.methods.received).values()).containsExactly(values);
		// A typed array of 247 bytes, whose length byte is undefined's, is not taken for
		// it.
		byte[] odd = randomBytes(247);
		answer(request("object", 86, odd));
		assertThat(this.methods.received).isEqualTo(odd);
	}

	/* A map {"values": the tagged byte string}. */
	private static byte[] nested(int tag, byte[] bytes) {
		ByteArrayOutputStream param = new ByteArrayOutputStream();
		try (CBORGenerator generator = (CBORGenerator) CBOR.createGenerator(param)) {
			generator.writeStartObject();
			generator.writeName("values");
			generator.writeTag(tag);
			generator.writeBinary(bytes);
			generator.writeEndObject();
		}
		return param.toByteArray();
	}

	@Test
	void tagsWithoutAJavaArrayStayBinaryData() {
		byte[] bytes = { 1, 2, 3, 4 };
		// uint16, little-endian: the bytes as they are.
		answer(request("object", 69, bytes));
		assertThat(this.methods.received).isEqualTo(bytes);
		// uint16, big-endian: swapped into little-endian.
		answer(request("object", 65, bytes));
		assertThat(this.methods.received).isEqualTo(new byte[] { 2, 1, 4, 3 });
		// float16 and sint8.
		answer(request("object", 84, bytes));
		assertThat(this.methods.received).isEqualTo(bytes);
		answer(request("object", 72, bytes));
		assertThat(this.methods.received).isEqualTo(bytes);
	}

	@Test
	void partialElementsStayBinaryDataForTheBindingToRefuse() {
		byte[] twelve = randomBytes(12);
		JsonNode refused = answer(request("doubles", 86, twelve));
		assertThat(refused.get("error").get("code").intValue()).isEqualTo(-32602);
		assertThat(refused.get("error").get("message").stringValue())
			.contains("12 bytes, not a whole number of 8-byte elements");
		answer(request("object", 82, twelve));
		assertThat(this.methods.received).isEqualTo(twelve);
	}

	@Test
	void aTypedArrayWhereAParameterTakesNoArrayIsRefusedByKind() {
		JsonNode refused = answer(request("text", 86, bytes(new double[] { 1 }, ByteOrder.LITTLE_ENDIAN)));
		assertThat(refused.get("error").get("code").intValue()).isEqualTo(-32602);
		assertThat(refused.get("error").get("message").stringValue()).contains("parameter 'value' is")
			.doesNotContain("[D")
			.doesNotContain("double[]");
		JsonNode notAnArray = answer(request("array", 86, bytes(new double[] { 1 }, ByteOrder.LITTLE_ENDIAN)));
		assertThat(notAnArray.get("error").get("code").intValue()).isEqualTo(-32602);
		assertThat(notAnArray.get("error").get("message").stringValue()).contains("a typed array");
	}

	@Test
	void chunkedByteStringsAreReadWhole() {
		double[] values = new double[40];
		for (int i = 0; i < values.length; i++) {
			values[i] = this.random.nextDouble();
		}
		byte[] data = bytes(values, ByteOrder.LITTLE_ENDIAN);
		ByteArrayOutputStream typed = new ByteArrayOutputStream();
		typed.write(0xd8);
		typed.write(86);
		typed.write(0x5f);
		// Chunks of 7, 100 and the rest: no chunk boundary on an element's.
		int[] cuts = { 0, 7, 107, data.length };
		for (int i = 0; i + 1 < cuts.length; i++) {
			int length = cuts[i + 1] - cuts[i];
			typed.write(0x58);
			typed.write(length);
			typed.write(data, cuts[i], length);
		}
		typed.write(0xff);
		answer(request("doubles", typed.toByteArray()));
		assertThat((double[]) this.methods.received).containsExactly(values);
	}

	@Test
	void malformedTypedArraysAreParseErrors() {
		byte[] whole = request("doubles", 86, randomBytes(800));
		for (int cut : new int[] { whole.length - 1, whole.length - 500, whole.length - 800 }) {
			JsonNode reply = answer(Arrays.copyOf(whole, cut));
			assertThat(reply.get("error").get("code").intValue()).as("cut at %d", cut).isEqualTo(-32700);
		}
		// Tag 86 on a simple value, on undefined, and on a length that runs past the end.
		for (byte[] value : new byte[][] { { (byte) 0xd8, 86, (byte) 0xe9 }, { (byte) 0xd8, 86, (byte) 0xf7 },
				{ (byte) 0xd8, 86, 0x5a, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2 } }) {
			JsonNode reply = answer(request("doubles", value));
			assertThat(reply.has("error")).as("%s: %s", Arrays.toString(value), reply).isTrue();
			assertThat(reply.get("error").get("code").intValue()).as(Arrays.toString(value)).isEqualTo(-32700);
		}
		// The next request is read as ever.
		answer(request("doubles", 86, bytes(new double[] { 9 }, ByteOrder.LITTLE_ENDIAN)));
		assertThat((double[]) this.methods.received).containsExactly(9);
	}

	@Test
	void threadsReadingAtOnceEachGetTheirOwnArrays() throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(6);
		try {
			List<Future<Integer>> done = new ArrayList<>();
			for (int t = 0; t < 6; t++) {
				long seed = t;
				done.add(threads.submit(() -> {
					Random random = new Random(seed);
					int answered = 0;
					for (int i = 0; i < 300; i++) {
						double[] values = new double[random.nextInt(3000)];
						for (int j = 0; j < values.length; j++) {
							values[j] = random.nextDouble();
						}
						byte[] little = bytes(values, ByteOrder.LITTLE_ENDIAN);
						JsonNode reply = answer(request("echo", 86, little));
						assertThat(reply.get("result").binaryValue()).isEqualTo(little);
						answered++;
					}
					return answered;
				}));
			}
			for (Future<Integer> each : done) {
				assertThat(each.get(60, TimeUnit.SECONDS)).isEqualTo(300);
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

	private JsonNode answer(byte[] body) {
		ByteBuf reply = answerBuffer(body);
		try {
			return CBOR.readTree(ByteBufUtil.getBytes(reply));
		}
		finally {
			reply.release();
		}
	}

	private ByteBuf answerBuffer(byte[] body) {
		return this.exchange
			.answer(Unpooled.wrappedBuffer(body), UnpooledByteBufAllocator.DEFAULT,
					ExchangeContext.local(Protocol.HTTP), Encoding.CBOR, Encoding.CBOR)
			.join();
	}

	/* A request whose one positional param is the tagged byte string. */
	private static byte[] request(String method, int tag, byte[] bytes) {
		ByteArrayOutputStream param = new ByteArrayOutputStream();
		try (CBORGenerator generator = (CBORGenerator) CBOR.createGenerator(param)) {
			generator.writeTag(tag);
			generator.writeBinary(bytes);
		}
		return request(method, param.toByteArray());
	}

	/* A request whose one positional param is the CBOR given. */
	private static byte[] request(String method, byte[] param) {
		byte[] params = new byte[param.length + 1];
		params[0] = (byte) 0x81;
		System.arraycopy(param, 0, params, 1, param.length);
		return envelope(method, params);
	}

	/* A request whose params are the CBOR given. */
	private static byte[] envelope(String method, byte[] params) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.write(0xa4);
		text(body, "jsonrpc");
		text(body, "2.0");
		text(body, "id");
		body.write(1);
		text(body, "method");
		text(body, method);
		text(body, "params");
		body.write(params, 0, params.length);
		return body.toByteArray();
	}

	private static void text(ByteArrayOutputStream out, String text) {
		out.write(0x60 | text.length());
		out.write(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, text.length());
	}

	private byte[] randomBytes(int length) {
		byte[] bytes = new byte[length];
		this.random.nextBytes(bytes);
		return bytes;
	}

	private static String method(Class<?> type) {
		return (type == double[].class) ? "doubles" : (type == float[].class) ? "floats"
				: (type == long[].class) ? "longs" : (type == int[].class) ? "ints" : "shorts";
	}

	private static int size(Class<?> type) {
		return (type == double[].class || type == long[].class) ? 8
				: (type == float[].class || type == int[].class) ? 4 : 2;
	}

	private static ByteOrder order(int tag) {
		return ((tag & 0x04) != 0) ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
	}

	/* What the bytes say, read element by element. */
	private static Object read(byte[] bytes, Class<?> type, ByteOrder order) {
		ByteBuffer buffer = ByteBuffer.wrap(bytes).order(order);
		int count = bytes.length / size(type);
		if (type == double[].class) {
			double[] values = new double[count];
			for (int i = 0; i < count; i++) {
				values[i] = buffer.getDouble(i * 8);
			}
			return values;
		}
		if (type == float[].class) {
			float[] values = new float[count];
			for (int i = 0; i < count; i++) {
				values[i] = buffer.getFloat(i * 4);
			}
			return values;
		}
		if (type == long[].class) {
			long[] values = new long[count];
			for (int i = 0; i < count; i++) {
				values[i] = buffer.getLong(i * 8);
			}
			return values;
		}
		if (type == int[].class) {
			int[] values = new int[count];
			for (int i = 0; i < count; i++) {
				values[i] = buffer.getInt(i * 4);
			}
			return values;
		}
		short[] values = new short[count];
		for (int i = 0; i < count; i++) {
			values[i] = buffer.getShort(i * 2);
		}
		return values;
	}

	private static byte[] bytes(double[] values, ByteOrder order) {
		ByteBuffer buffer = ByteBuffer.allocate(values.length * 8).order(order);
		for (double value : values) {
			buffer.putDouble(value);
		}
		return buffer.array();
	}

	/**
	 * A record with an array member.
	 *
	 * @param values the member
	 */
	record Holder(double[] values) {
	}

	/**
	 * Made from a {@code long[]} by Jackson's binding.
	 *
	 * @param values the values
	 */
	record Samples(long[] values) {

		@com.fasterxml.jackson.annotation.JsonCreator(
				mode = com.fasterxml.jackson.annotation.JsonCreator.Mode.DELEGATING)
		static Samples of(long[] values) {
			return new Samples(values);
		}

	}

	/**
	 * Methods that keep what they were given.
	 */
	static class Methods {

		volatile Object received;

		@JsonRpcMethod("doubles")
		public double[] doubles(double[] values) {
			this.received = values;
			return values;
		}

		@JsonRpcMethod("floats")
		public float[] floats(float[] values) {
			this.received = values;
			return values;
		}

		@JsonRpcMethod("longs")
		public long[] longs(long[] values) {
			this.received = values;
			return values;
		}

		@JsonRpcMethod("ints")
		public int[] ints(int[] values) {
			this.received = values;
			return values;
		}

		@JsonRpcMethod("shorts")
		public short[] shorts(short[] values) {
			this.received = values;
			return values;
		}

		@JsonRpcMethod("bytes")
		public byte[] bytes(byte[] values) {
			this.received = values;
			return values;
		}

		@JsonRpcMethod("object")
		public Object object(Object value) {
			this.received = value;
			return value;
		}

		@JsonRpcMethod("tree")
		public JsonNode tree(JsonNode value) {
			this.received = value;
			return value;
		}

		@JsonRpcMethod("holder")
		public int holder(Holder holder) {
			this.received = holder;
			return holder.values().length;
		}

		@JsonRpcMethod("samples")
		public int samples(Samples samples) {
			this.received = samples;
			return samples.values().length;
		}

		@JsonRpcMethod("text")
		public String text(String value) {
			return value;
		}

		@JsonRpcMethod("array")
		public NdArray array(NdArray value) {
			return value;
		}

		@JsonRpcMethod("echo")
		public double[] echo(double[] values) {
			return values;
		}

	}

}
