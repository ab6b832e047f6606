package io.ujrpc.server.encoding;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.array.NdArray;
import io.ujrpc.dispatch.MethodRegistry;
import io.ujrpc.server.JsonRpcServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.cbor.CBORGenerator;
import tools.jackson.dataformat.cbor.CBORMapper;
import tools.jackson.dataformat.cbor.CBORParser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exchange in CBOR and MessagePack over HTTP, end to end on port 0: content
 * negotiation, errors in the request's encoding, and arrays in their compact forms.
 */
class BinaryEncodingTests {

	private static final Duration BOUND = Duration.ofSeconds(10);

	private static final CBORMapper CBOR = CBORMapper.builder().build();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static JsonRpcServer server;

	private static HttpClient client;

	@BeforeAll
	static void start() {
		server = JsonRpcServer.builder(MethodRegistry.builder(JSON).addAnnotated(new Methods()).build())
			.port(0)
			.build()
			.start();
		client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void cborRequestIsAnsweredInCbor() throws Exception {
		HttpResponse<byte[]> response = post("application/cbor", null, CBOR
			.writeValueAsBytes(Map.of("jsonrpc", "2.0", "method", "sum", "params", new int[] { 1, 2 }, "id", 7)));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-type")).hasValue("application/cbor");
		JsonNode reply = CBOR.readTree(response.body());
		assertThat(reply.get("jsonrpc").stringValue()).isEqualTo("2.0");
		assertThat(reply.get("result").longValue()).isEqualTo(3);
		assertThat(reply.get("id").intValue()).isEqualTo(7);
	}

	@Test
	void messagePackRequestIsAnsweredInMessagePackUnderEitherMediaType() throws Exception {
		for (String type : new String[] { "application/msgpack", "application/x-msgpack" }) {
			HttpResponse<byte[]> response = post(type, null, msgpackCall("sum", "a", 40, "b", 2));
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("content-type")).hasValue("application/msgpack");
			Map<Value, Value> reply = unpack(response.body()).asMapValue().map();
			assertThat(reply.get(string("result")).asIntegerValue().asLong()).isEqualTo(42);
			assertThat(reply.get(string("id")).asIntegerValue().asInt()).isEqualTo(1);
		}
	}

	@Test
	void acceptAsksForAnotherEncoding() throws Exception {
		HttpResponse<byte[]> response = post("application/msgpack", "application/json",
				msgpackCall("sum", "a", 1, "b", 1));
		assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
		assertThat(new String(response.body(), StandardCharsets.UTF_8))
			.isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":2,\"id\":1}");
		HttpResponse<byte[]> cbor = post("application/json", "text/html;q=0.9, application/cbor",
				"{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[2,2],\"id\":3}".getBytes(StandardCharsets.UTF_8));
		assertThat(cbor.headers().firstValue("content-type")).hasValue("application/cbor");
		assertThat(CBOR.readTree(cbor.body()).get("result").intValue()).isEqualTo(4);
	}

	@Test
	void wildcardAcceptKeepsTheRequestsEncodingAndAnUnsupportedOneIsRefused() throws Exception {
		byte[] call = msgpackCall("sum", "a", 1, "b", 1);
		assertThat(post("application/msgpack", "*/*", call).headers().firstValue("content-type"))
			.hasValue("application/msgpack");
		HttpResponse<byte[]> refused = post("application/msgpack", "text/html", call);
		assertThat(refused.statusCode()).isEqualTo(406);
	}

	@Test
	void unsupportedContentTypeIsStillRefused() throws Exception {
		assertThat(post("application/xml", null, new byte[] { '<', 'a', '/', '>' }).statusCode()).isEqualTo(415);
	}

	@Test
	void malformedBodiesAreParseErrorsInTheirOwnEncoding() throws Exception {
		HttpResponse<byte[]> cbor = post("application/cbor", null, new byte[] { (byte) 0xbf, 0x61 });
		assertThat(cbor.headers().firstValue("content-type")).hasValue("application/cbor");
		JsonNode cborReply = CBOR.readTree(cbor.body());
		assertThat(cborReply.get("error").get("code").intValue()).isEqualTo(-32700);
		assertThat(cborReply.get("id").isNull()).isTrue();
		// A map announcing two entries, with one; then a string of invalid UTF-8.
		for (byte[] body : new byte[][] { { (byte) 0x82, (byte) 0xa1, 'a' }, { (byte) 0xa2, 0x01 },
				{ (byte) 0xa1, (byte) 0xa1, (byte) 0xff, 0x01 },
				{ (byte) 0xdd, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff } }) {
			HttpResponse<byte[]> msgpack = post("application/msgpack", null, body);
			Map<Value, Value> reply = unpack(msgpack.body()).asMapValue().map();
			assertThat(reply.get(string("error")).asMapValue().map().get(string("code")).asIntegerValue().asInt())
				.isEqualTo(-32700);
		}
	}

	@Test
	void errorsAreInTheRequestsEncoding() throws Exception {
		HttpResponse<byte[]> response = post("application/msgpack", null, msgpackCall("nope", "a", 1, "b", 1));
		Map<Value, Value> error = unpack(response.body()).asMapValue().map().get(string("error")).asMapValue().map();
		assertThat(error.get(string("code")).asIntegerValue().asInt()).isEqualTo(-32601);
		HttpResponse<byte[]> invalid = post("application/cbor", null, CBOR
			.writeValueAsBytes(Map.of("jsonrpc", "2.0", "method", "doubles", "params", new String[] { "x" }, "id", 1)));
		JsonNode reply = CBOR.readTree(invalid.body());
		assertThat(reply.get("error").get("code").intValue()).isEqualTo(-32602);
		assertThat(reply.get("error").get("message").stringValue()).contains("parameter 'values'");
	}

	@Test
	void doublesFromACborTypedArrayComeBackAsOne() throws Exception {
		double[] values = { 1.5, -2.25, 1e300 };
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		try (CBORGenerator generator = (CBORGenerator) CBOR.createGenerator(body)) {
			generator.writeStartObject();
			generator.writeStringProperty("jsonrpc", "2.0");
			generator.writeStringProperty("method", "doubles");
			generator.writeName("params");
			generator.writeStartArray();
			// Big-endian float64 (tag 82): read in its byte order.
			generator.writeTag(82);
			generator.writeBinary(bytes(values, ByteOrder.BIG_ENDIAN));
			generator.writeEndArray();
			generator.writeNumberProperty("id", 1);
			generator.writeEndObject();
		}
		HttpResponse<byte[]> response = post("application/cbor", null, body.toByteArray());
		try (CBORParser parser = (CBORParser) CBOR.createParser(response.body())) {
			while (parser.nextToken() != null) {
				if (parser.currentToken() == JsonToken.PROPERTY_NAME && "result".equals(parser.currentName())) {
					assertThat(parser.nextToken()).isEqualTo(JsonToken.VALUE_EMBEDDED_OBJECT);
					assertThat(parser.getCurrentTag()).isEqualTo(86);
					assertThat(parser.getBinaryValue()).isEqualTo(bytes(values, ByteOrder.LITTLE_ENDIAN));
					return;
				}
			}
		}
		throw new AssertionError("no result in " + CBOR.readTree(response.body()));
	}

	@Test
	void doublesFromMessagePackBinComeBackAsBin() throws Exception {
		double[] values = { 0.5, 3, -7.125 };
		MessageBufferPacker packer = MessagePack.newDefaultBufferPacker();
		packer.packMapHeader(4);
		packer.packString("jsonrpc").packString("2.0").packString("method").packString("doubles");
		packer.packString("params").packMapHeader(1).packString("values");
		byte[] data = bytes(values, ByteOrder.LITTLE_ENDIAN);
		packer.packBinaryHeader(data.length).writePayload(data);
		packer.packString("id").packString("x");
		HttpResponse<byte[]> response = post("application/msgpack", null, packer.toByteArray());
		Value result = unpack(response.body()).asMapValue().map().get(string("result"));
		assertThat(result.isBinaryValue()).isTrue();
		assertThat(result.asBinaryValue().asByteArray()).isEqualTo(data);
	}

	@Test
	void doublesFromBase64InJsonComeBackAsAList() throws Exception {
		String base64 = Base64.getEncoder().encodeToString(bytes(new double[] { 1, 2.5 }, ByteOrder.LITTLE_ENDIAN));
		HttpResponse<byte[]> response = post("application/json", null,
				("{\"jsonrpc\":\"2.0\",\"method\":\"doubles\",\"params\":[\"" + base64 + "\"],\"id\":1}")
					.getBytes(StandardCharsets.UTF_8));
		assertThat(new String(response.body(), StandardCharsets.UTF_8))
			.isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":[1.0,2.5],\"id\":1}");
	}

	@Test
	void arraysInTheBenchmarksJsonFormsAreAnsweredInTheirForm() throws Exception {
		String list = call("{\"jsonrpc\":\"2.0\",\"method\":\"array\",\"params\":[{\"data\": [[1, 2], [3, 4]], "
				+ "\"dtype\": \"<i8\"}],\"id\":1}");
		assertThat(JSON.readTree(list).get("result"))
			.isEqualTo(JSON.readTree("{\"data\":[[1,2],[3,4]],\"dtype\":\"<i8\"}"));
		String buffer = call("{\"jsonrpc\":\"2.0\",\"method\":\"array\",\"params\":[{\"buffer\": "
				+ "\"AQAAAAAAAAACAAAAAAAAAAMAAAAAAAAABAAAAAAAAAA=\", \"dtype\": \"<i8\", \"shape\": [2, 2]}],\"id\":1}");
		assertThat(JSON.readTree(buffer).get("result")).isEqualTo(JSON.readTree(
				"{\"buffer\":\"AQAAAAAAAAACAAAAAAAAAAMAAAAAAAAABAAAAAAAAAA=\",\"dtype\":\"<i8\",\"shape\":[2,2]}"));
		String sum = call("{\"jsonrpc\":\"2.0\",\"method\":\"total\",\"params\":{\"array\": {\"buffer\": "
				+ "\"AQAAAAAAAAACAAAAAAAAAAMAAAAAAAAABAAAAAAAAAA=\", \"dtype\": \"<i8\", \"shape\": [2, 2]}},\"id\":1}");
		assertThat(JSON.readTree(sum).get("result").doubleValue()).isEqualTo(10.0);
	}

	@Test
	void msgpackNumpyMapsAreAnsweredWithTheirKeys() throws Exception {
		byte[] data = bytes(new double[] { 1, 2, 3, 4, 5, 6 }, ByteOrder.LITTLE_ENDIAN);
		for (boolean binaryKeys : new boolean[] { true, false }) {
			MessageBufferPacker packer = MessagePack.newDefaultBufferPacker();
			packer.packMapHeader(4);
			packer.packString("jsonrpc").packString("2.0").packString("method").packString("any");
			packer.packString("params").packArrayHeader(1).packMapHeader(5);
			key(packer, "nd", binaryKeys).packBoolean(true);
			key(packer, "type", binaryKeys).packString("<f8");
			key(packer, "kind", binaryKeys).packBinaryHeader(0);
			key(packer, "shape", binaryKeys).packArrayHeader(2).packInt(2).packInt(3);
			key(packer, "data", binaryKeys).packBinaryHeader(data.length).writePayload(data);
			packer.packString("id").packInt(1);
			HttpResponse<byte[]> response = post("application/msgpack", null, packer.toByteArray());
			Map<Value, Value> result = unpack(response.body()).asMapValue()
				.map()
				.get(string("result"))
				.asMapValue()
				.map();
			Value nd = binaryKeys ? org.msgpack.value.ValueFactory.newBinary("nd".getBytes(StandardCharsets.US_ASCII))
					: string("nd");
			assertThat(result.get(nd).asBooleanValue().getBoolean()).isTrue();
			Value dataKey = binaryKeys
					? org.msgpack.value.ValueFactory.newBinary("data".getBytes(StandardCharsets.US_ASCII))
					: string("data");
			assertThat(result.get(dataKey).asBinaryValue().asByteArray()).isEqualTo(data);
		}
	}

	@Test
	void batchesWorkInMessagePack() throws Exception {
		MessageBufferPacker packer = MessagePack.newDefaultBufferPacker();
		packer.packArrayHeader(2);
		for (int i = 1; i <= 2; i++) {
			packer.packMapHeader(4);
			packer.packString("jsonrpc").packString("2.0").packString("method").packString("sum");
			packer.packString("params").packArrayHeader(2).packInt(i).packInt(i);
			packer.packString("id").packInt(i);
		}
		Value reply = unpack(post("application/msgpack", null, packer.toByteArray()).body());
		assertThat(reply.asArrayValue().size()).isEqualTo(2);
		assertThat(reply.asArrayValue().get(1).asMapValue().map().get(string("result")).asIntegerValue().asInt())
			.isEqualTo(4);
	}

	private static MessageBufferPacker key(MessageBufferPacker packer, String name, boolean binary) throws IOException {
		if (binary) {
			byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
			packer.packBinaryHeader(bytes.length).writePayload(bytes);
		}
		else {
			packer.packString(name);
		}
		return packer;
	}

	private static String call(String json) throws Exception {
		return new String(post("application/json", null, json.getBytes(StandardCharsets.UTF_8)).body(),
				StandardCharsets.UTF_8);
	}

	private static byte[] bytes(double[] values, ByteOrder order) {
		ByteBuffer buffer = ByteBuffer.allocate(values.length * 8).order(order);
		buffer.asDoubleBuffer().put(values);
		return buffer.array();
	}

	private static byte[] msgpackCall(String method, String a, long x, String b, long y) throws IOException {
		MessageBufferPacker packer = MessagePack.newDefaultBufferPacker();
		packer.packMapHeader(4);
		packer.packString("jsonrpc").packString("2.0");
		packer.packString("method").packString(method);
		packer.packString("params").packMapHeader(2).packString(a).packLong(x).packString(b).packLong(y);
		packer.packString("id").packInt(1);
		return packer.toByteArray();
	}

	private static Value string(String text) {
		return org.msgpack.value.ValueFactory.newString(text);
	}

	private static Value unpack(byte[] bytes) throws IOException {
		try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(bytes)) {
			return unpacker.unpackValue();
		}
	}

	private static HttpResponse<byte[]> post(String contentType, String accept, byte[] body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
			.header("content-type", contentType)
			.timeout(BOUND)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (accept != null) {
			request.header("accept", accept);
		}
		return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	static class Methods {

		@JsonRpcMethod("sum")
		public long sum(long a, long b) {
			return a + b;
		}

		@JsonRpcMethod("doubles")
		public double[] doubles(double[] values) {
			return values;
		}

		@JsonRpcMethod("array")
		public NdArray array(NdArray array) {
			return array;
		}

		@JsonRpcMethod("total")
		public double total(NdArray array) {
			double total = 0;
			for (double value : array.toDoubleArray()) {
				total += value;
			}
			return total;
		}

		@JsonRpcMethod("any")
		public Object any(Object value) {
			return value;
		}

	}

}
