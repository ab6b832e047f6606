package io.ujrpc.array;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.annotation.JsonRpcParam;
import io.ujrpc.dispatch.JsonRpcDispatcher;
import io.ujrpc.dispatch.MethodRegistry;
import io.ujrpc.internal.netty.JsonRpcExchange;
import io.ujrpc.observation.ServerMetricsListener;
import io.ujrpc.protocol.JsonRpcCodec;
import io.ujrpc.protocol.JsonRpcRequest;
import io.ujrpc.protocol.Protocol;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Arrays as base64 in JSON, read and written the whole way through an exchange: the text
 * written straight into the output buffer in chunks is the text Jackson writes.
 */
class Base64ExchangeTests {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final int[] COUNTS = { 0, 1, 2, 3, 7, 1023, 1024, 1025, 2048, 3071, 3072, 3073, 6144, 8192 };

	private final JsonRpcExchange exchange = new JsonRpcExchange(
			new JsonRpcDispatcher(MethodRegistry.builder(MAPPER).addAnnotated(new Methods()).build(), Runnable::run,
					false),
			new JsonRpcCodec(MAPPER, 100), ServerMetricsListener.NONE);

	private final Random random = new Random(64);

	@Test
	void everyDtypeEchoesAsBase64AtEverySize() {
		int echoes = 0;
		for (DType type : DType.values()) {
			for (int count : COUNTS) {
				byte[] data = littleEndian(type, count);
				String buffer = Base64.getEncoder().encodeToString(data);
				String reply = answer("echo", "{\"buffer\":\"" + buffer + "\",\"dtype\":\"" + type.dtypeName()
						+ "\",\"shape\":[" + count + "]}");
				assertThat(reply).as("%s x %d", type.dtypeName(), count)
					.isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":{\"buffer\":\"" + buffer + "\",\"dtype\":\""
							+ type.dtypeName() + "\",\"shape\":[" + count + "]},\"id\":1}");
				echoes++;
			}
		}
		assertThat(echoes).isEqualTo(DType.values().length * COUNTS.length);
	}

	@Test
	void bigEndianBase64IsSwappedOnceAndEchoedLittleEndian() {
		for (DType type : DType.values()) {
			if (type.size() == 1) {
				continue;
			}
			for (int count : COUNTS) {
				byte[] little = littleEndian(type, count);
				byte[] big = PrimitiveArrays.swap(little.clone(), type.size());
				String dtype = ">" + type.dtypeName().substring(1);
				String reply = answer("echo", "{\"buffer\":\"" + Base64.getEncoder().encodeToString(big)
						+ "\",\"dtype\":\"" + dtype + "\",\"shape\":[" + count + "]}");
				assertThat(reply).as("%s x %d", dtype, count)
					.contains("\"buffer\":\"" + Base64.getEncoder().encodeToString(little) + "\",\"dtype\":\""
							+ type.dtypeName() + "\"");
			}
		}
	}

	@Test
	void bigEndianBinaryLeavesTheTreesBytesAlone() {
		byte[] big = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putInt(1).putInt(2).array();
		ObjectNode tree = MAPPER.createObjectNode();
		tree.put("buffer", big.clone()).put("dtype", ">i4").putArray("shape").add(2);
		NdArray array = NdArray.fromTree(tree);
		assertThat(array.toLongArray()).containsExactly(1, 2);
		assertThat(tree.get("buffer").binaryValue()).isEqualTo(big);
	}

	@Test
	void primitiveArraysFromBase64AtEverySize() {
		for (int count : COUNTS) {
			double[] values = this.random.doubles(count).toArray();
			byte[] bytes = PrimitiveArrays.toBytes(values);
			String reply = answer("sum", "\"" + Base64.getEncoder().encodeToString(bytes) + "\"");
			double sum = 0;
			for (double value : values) {
				sum += value;
			}
			assertThat(reply).as("%d doubles", count)
				.isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":" + MAPPER.writeValueAsString(sum) + ",\"id\":1}");
		}
	}

	@Test
	void badBase64IsRefusedAsBefore() {
		String message = "a string that is not base64 (expected: a list of numbers, "
				+ "a base64 string of little-endian bytes or binary data)";
		for (String bad : List.of("A===", "AA=A", "AAAAA", "AQID=", "AQ=D")) {
			String reply = answer("echo", "{\"buffer\":\"" + bad + "\",\"dtype\":\"|u1\",\"shape\":[3]}");
			assertThat(reply).as(bad).contains("\"code\":-32602").contains(message);
		}
		// The MIME decoder's leniency, kept: line breaks and other characters skipped.
		for (String lenient : List.of("AQID\\r\\n", "\\u00e9AQID", "AQ-ID")) {
			assertThat(answer("echo", "{\"buffer\":\"" + lenient + "\",\"dtype\":\"|u1\",\"shape\":[3]}")).as(lenient)
				.contains("\"buffer\":\"AQID\"");
		}
	}

	@Test
	void longBase64ReachesEveryParameterTypeAsTheSameValue() {
		byte[] bytes = new byte[3 * Base64StringNode.MIN_LENGTH];
		this.random.nextBytes(bytes);
		String text = Base64.getEncoder().encodeToString(bytes);
		String echoed = "{\"jsonrpc\":\"2.0\",\"result\":\"" + text + "\",\"id\":1}";
		for (String method : List.of("text", "node", "object", "bytes")) {
			assertThat(answer(method, "\"" + text + "\"")).as(method).isEqualTo(echoed);
		}
		String object = "{\"buffer\":\"" + text + "\",\"dtype\":\"|u1\"}";
		for (String method : List.of("node", "object")) {
			assertThat(answer(method, object)).as(method)
				.isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":" + object + ",\"id\":1}");
		}
		assertThat(answer("sameText", "\"" + text + "\",\"" + text + "\"")).contains("\"result\":true");
	}

	@Test
	void aByteArrayParameterGetsItsOwnCopyOfTheDecodedBytes() {
		byte[] bytes = new byte[3 * Base64StringNode.MIN_LENGTH];
		this.random.nextBytes(bytes);
		String text = Base64.getEncoder().encodeToString(bytes);
		byte[] input = ("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":[\"" + text + "\"],\"id\":1}")
			.getBytes(StandardCharsets.UTF_8);
		JsonNode node = ((JsonRpcRequest) new JsonRpcCodec(MAPPER, 10).decode(input, 0, input.length).entries().get(0))
			.params()
			.get(0);
		assertThat(node).isInstanceOf(Base64StringNode.class);
		byte[] first = (byte[]) PrimitiveArrays.fromTree(node, byte[].class);
		first[0]++;
		assertThat((byte[]) PrimitiveArrays.fromTree(node, byte[].class)).isEqualTo(bytes).isNotSameAs(first);
		assertThat(NdArray
			.fromTree(MAPPER.createObjectNode()
				.put("dtype", ">i8")
				.set("shape", MAPPER.createArrayNode().add(bytes.length / 8))
				.set("buffer", node))
			.data()).isEqualTo(PrimitiveArrays.swap(bytes.clone(), 8));
		assertThat((byte[]) PrimitiveArrays.fromTree(node, byte[].class)).isEqualTo(bytes);
		assertThat(node.stringValue()).isEqualTo(text);
	}

	@Test
	void writtenStraightIntoTheBufferAsJacksonWritesIt() {
		ObjectMapper arrays = PrimitiveArrayModule.withArrays(MAPPER);
		ObjectMapper indenting = arrays.rebuild().enable(SerializationFeature.INDENT_OUTPUT).build();
		ObjectMapper jackson = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
		for (int count : COUNTS) {
			List<Object> values = new ArrayList<>();
			byte[] bytes = new byte[count * 3];
			this.random.nextBytes(bytes);
			values.add(bytes);
			values.add(bytes);
			values.add(1);
			String expected = jackson.writeValueAsString(values);
			assertThat(written(indenting, values, true)).as("%d bytes, indented", bytes.length).isEqualTo(expected);
			assertThat(written(indenting, values, false)).as("%d bytes, to a stream", bytes.length).isEqualTo(expected);
			assertThat(written(arrays, values, true)).as("%d bytes", bytes.length)
				.isEqualTo(MAPPER.writeValueAsString(values));
		}
	}

	private static String written(ObjectMapper mapper, Object value, boolean buffer) {
		if (!buffer) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			mapper.writeValue(out, value);
			return out.toString(StandardCharsets.UTF_8);
		}
		ByteBuf target = Unpooled.buffer(16);
		try {
			ByteBufOutputStream out = new ByteBufOutputStream(target);
			try (JsonGenerator generator = mapper.createGenerator((OutputStream) out)) {
				assertThat(generator.streamWriteOutputTarget()).isSameAs(out);
				mapper.writeValue(generator, value);
			}
			return target.toString(StandardCharsets.UTF_8);
		}
		finally {
			target.release();
		}
	}

	private String answer(String method, String params) {
		byte[] body = ("{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":[" + params + "],\"id\":1}")
			.getBytes(StandardCharsets.UTF_8);
		ByteBuf reply = this.exchange
			.answer(Unpooled.wrappedBuffer(body), UnpooledByteBufAllocator.DEFAULT, Protocol.HTTP)
			.join();
		try {
			return reply.toString(StandardCharsets.UTF_8);
		}
		finally {
			reply.release();
		}
	}

	private byte[] littleEndian(DType type, int count) {
		byte[] data = new byte[count * type.size()];
		this.random.nextBytes(data);
		if (type == DType.BOOL) {
			for (int i = 0; i < data.length; i++) {
				data[i] &= 1;
			}
		}
		return data;
	}

	static final class Methods {

		@JsonRpcMethod(value = "echo", nonBlocking = true)
		public NdArray echo(@JsonRpcParam("array") NdArray array) {
			return array;
		}

		@JsonRpcMethod(value = "text", nonBlocking = true)
		public String text(@JsonRpcParam("text") String text) {
			return text;
		}

		@JsonRpcMethod(value = "sameText", nonBlocking = true)
		public boolean sameText(@JsonRpcParam("text") String text, @JsonRpcParam("node") JsonNode node) {
			return text.equals(node.stringValue());
		}

		@JsonRpcMethod(value = "node", nonBlocking = true)
		public JsonNode node(@JsonRpcParam("node") JsonNode node) {
			// A string is Jackson's string node, equal to one of the same text both ways.
			boolean same = node instanceof StringNode && new StringNode(node.stringValue()).equals(node)
					&& node.equals(new StringNode(node.stringValue()));
			return (same || node.isObject()) ? node : null;
		}

		@JsonRpcMethod(value = "object", nonBlocking = true)
		public Object object(@JsonRpcParam("object") Object object) {
			return (object instanceof String || object instanceof Map) ? object : null;
		}

		@JsonRpcMethod(value = "bytes", nonBlocking = true)
		public byte[] bytes(@JsonRpcParam("bytes") byte[] bytes) {
			return bytes;
		}

		@JsonRpcMethod(value = "sum", nonBlocking = true)
		public double sum(@JsonRpcParam("values") double[] values) {
			double sum = 0;
			for (double value : values) {
				sum += value;
			}
			return sum;
		}

	}

}
