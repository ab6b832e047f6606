package io.ujrpc.server.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.ujrpc.dispatch.MethodRegistry;
import io.ujrpc.server.JsonRpcServer;
import io.ujrpc.test.RawHttpConnection;
import io.ujrpc.test.RawHttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.cbor.CBORGenerator;
import tools.jackson.dataformat.cbor.CBORMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * REST routes in CBOR and MessagePack, end to end on port 0: bodies by name and by
 * position, answers and problems in the request's encoding or Accept's choice, typed
 * arrays and msgpack-numpy maps, malformed bodies.
 */
class RestEncodingTests {

	private static final Duration BOUND = Duration.ofSeconds(10);

	private static final CBORMapper CBOR = CBORMapper.builder().build();

	private static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private static JsonRpcServer server;

	@BeforeAll
	static void startServingRestMethods() {
		MethodRegistry methods = MethodRegistry.builder(JsonMapper.builder().build())
			.addAnnotated(new RestMethods())
			.build();
		server = JsonRpcServer.builder(methods).port(0).build().start();
	}

	@AfterAll
	static void stopServing() {
		server.stop();
	}

	@Test
	void cborBodiesBindByNameAndByPositionAndAreAnsweredInCbor() throws Exception {
		HttpResponse<byte[]> named = send("POST", "/rest/math.sum", "application/cbor", null,
				CBOR.writeValueAsBytes(Map.of("a", 40, "b", 2)));
		assertThat(named.statusCode()).isEqualTo(200);
		assertThat(named.headers().firstValue("content-type")).hasValue("application/cbor");
		assertThat(CBOR.readTree(named.body()).longValue()).isEqualTo(42);
		HttpResponse<byte[]> positional = send("POST", "/rest/math.sum", "application/cbor", null,
				CBOR.writeValueAsBytes(List.of(40, 2)));
		assertThat(CBOR.readTree(positional.body()).longValue()).isEqualTo(42);
		// A result that is an object, at a route with path variables and a body.
		HttpResponse<byte[]> book = send("PUT", "/books/9/title", "application/cbor", null,
				CBOR.writeValueAsBytes("Nine"));
		assertThat(book.statusCode()).isEqualTo(200);
		JsonNode renamed = CBOR.readTree(book.body());
		assertThat(renamed.get("id").longValue()).isEqualTo(9);
		assertThat(renamed.get("title").stringValue()).isEqualTo("Nine");
	}

	@Test
	void messagePackBodiesAreAnsweredInMessagePackUnderEitherMediaType() throws Exception {
		for (String type : new String[] { "application/msgpack", "application/x-msgpack" }) {
			MessageBufferPacker packer = MessagePack.newDefaultBufferPacker();
			packer.packMapHeader(2).packString("a").packInt(40).packString("b").packInt(2);
			HttpResponse<byte[]> response = send("POST", "/rest/math.sum", type, null, packer.toByteArray());
			assertThat(response.statusCode()).as(type).isEqualTo(200);
			assertThat(response.headers().firstValue("content-type")).as(type).hasValue("application/msgpack");
			assertThat(unpack(response.body()).asIntegerValue().toLong()).as(type).isEqualTo(42);
		}
	}

	@Test
	void acceptPicksTheAnswersEncodingAndAGetHasNoBodyToFollow() throws Exception {
		HttpResponse<byte[]> cbor = send("GET", "/rest/math.sum?a=40&b=2", null, "application/cbor", null);
		assertThat(cbor.headers().firstValue("content-type")).hasValue("application/cbor");
		assertThat(CBOR.readTree(cbor.body()).longValue()).isEqualTo(42);
		HttpResponse<byte[]> msgpack = send("GET", "/rest/greet?name=Ann", null,
				"application/json;q=0.5, application/msgpack", null);
		assertThat(msgpack.headers().firstValue("content-type")).hasValue("application/msgpack");
		assertThat(unpack(msgpack.body()).asStringValue().asString()).isEqualTo("Hello Ann!");
		// A CBOR body answered in JSON because Accept says so.
		HttpResponse<byte[]> json = send("POST", "/rest/math.sum", "application/cbor", "application/json",
				CBOR.writeValueAsBytes(Map.of("a", 1, "b", 2)));
		assertThat(json.headers().firstValue("content-type")).hasValue("application/json");
		assertThat(new String(json.body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("3");
		// No Accept, a wildcard, or one naming none of the three: the body's own, or
		// JSON without one, as before.
		for (String accept : new String[] { null, "*/*", "application/*", "text/html" }) {
			HttpResponse<byte[]> same = send("POST", "/rest/math.sum", "application/cbor", accept,
					CBOR.writeValueAsBytes(Map.of("a", 1, "b", 2)));
			assertThat(same.headers().firstValue("content-type")).as("%s", accept).hasValue("application/cbor");
			HttpResponse<byte[]> get = send("GET", "/rest/math.sum?a=1&b=2", null, accept, null);
			assertThat(get.headers().firstValue("content-type")).as("%s", accept).hasValue("application/json");
		}
	}

	@Test
	void problemsAreInTheAnswersEncodingWithTheirMembers() throws Exception {
		HttpResponse<byte[]> missing = send("POST", "/rest/nothing.here", "application/cbor", null,
				CBOR.writeValueAsBytes(Map.of()));
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(missing.headers().firstValue("content-type")).hasValue("application/cbor");
		JsonNode problem = CBOR.readTree(missing.body());
		assertThat(problem.get("status").intValue()).isEqualTo(404);
		assertThat(problem.get("code").intValue()).isEqualTo(-32601);
		assertThat(problem.get("title").stringValue()).isEqualTo("Not Found");
		MessageBufferPacker packer = MessagePack.newDefaultBufferPacker();
		packer.packMapHeader(2).packString("a").packString("forty").packString("b").packInt(2);
		HttpResponse<byte[]> invalid = send("POST", "/rest/math.sum", "application/msgpack", null,
				packer.toByteArray());
		assertThat(invalid.statusCode()).isEqualTo(400);
		assertThat(invalid.headers().firstValue("content-type")).hasValue("application/msgpack");
		Map<Value, Value> members = unpack(invalid.body()).asMapValue().map();
		assertThat(members.get(ValueFactory.newString("code")).asIntegerValue().toInt()).isEqualTo(-32602);
		assertThat(members.get(ValueFactory.newString("detail")).asStringValue().asString()).contains("'a'");
		// A GET asking for CBOR gets its problem in CBOR too.
		HttpResponse<byte[]> busy = send("GET", "/rest/crowded", null, "application/cbor", null);
		assertThat(busy.statusCode()).isEqualTo(503);
		assertThat(busy.headers().firstValue("content-type")).hasValue("application/cbor");
		assertThat(CBOR.readTree(busy.body()).get("code").intValue()).isEqualTo(-32000);
		// In JSON, still application/problem+json.
		HttpResponse<byte[]> json = send("GET", "/rest/crowded", null, null, null);
		assertThat(json.headers().firstValue("content-type")).hasValue("application/problem+json");
	}

	@Test
	void malformedBodiesAreParseErrorsInTheirOwnEncoding() throws Exception {
		byte[] whole = CBOR.writeValueAsBytes(Map.of("a", 40, "b", 2));
		MessageBufferPacker packer = MessagePack.newDefaultBufferPacker();
		packer.packMapHeader(2).packString("a").packInt(40).packString("b").packInt(2);
		byte[] msgpack = packer.toByteArray();
		Object[][] cases = { { "application/cbor", Arrays.copyOf(whole, whole.length - 1) },
				{ "application/cbor", concat(whole, new byte[] { 1 }) },
				// A text string that is not UTF-8 (a lone surrogate, CESU-8).
				{ "application/cbor",
						new byte[] { (byte) 0xa1, 0x61, 'a', 0x63, (byte) 0xed, (byte) 0xa0, (byte) 0x80 } },
				// CBOR's undefined, which has no JSON meaning.
				{ "application/cbor", new byte[] { (byte) 0xf7 } },
				{ "application/msgpack", Arrays.copyOf(msgpack, msgpack.length - 1) },
				{ "application/msgpack", concat(msgpack, new byte[] { (byte) 0xc0 }) },
				// The type byte MessagePack never uses.
				{ "application/msgpack", new byte[] { (byte) 0xc1 } } };
		for (Object[] each : cases) {
			String type = (String) each[0];
			byte[] body = (byte[]) each[1];
			HttpResponse<byte[]> response = send("POST", "/rest/math.sum", type, null, body);
			assertThat(response.statusCode()).as("%s %s", type, Arrays.toString(body)).isEqualTo(400);
			assertThat(response.headers().firstValue("content-type")).as(type)
				.hasValue(type.equals("application/cbor") ? "application/cbor" : "application/msgpack");
			int code = type.equals("application/cbor") ? CBOR.readTree(response.body()).get("code").intValue()
					: unpack(response.body()).asMapValue()
						.map()
						.get(ValueFactory.newString("code"))
						.asIntegerValue()
						.toInt();
			assertThat(code).as("%s %s", type, Arrays.toString(body)).isEqualTo(-32700);
		}
		// The detail names the body's encoding.
		HttpResponse<byte[]> truncated = send("POST", "/rest/math.sum", "application/msgpack", null,
				Arrays.copyOf(msgpack, 3));
		assertThat(unpack(truncated.body()).asMapValue().map().get(ValueFactory.newString("detail")).toString())
			.contains("not valid MessagePack");
		HttpResponse<byte[]> cut = send("POST", "/rest/math.sum", "application/cbor", null, Arrays.copyOf(whole, 3));
		assertThat(CBOR.readTree(cut.body()).get("detail").stringValue()).contains("not valid CBOR");
		// The connection and the server go on answering.
		HttpResponse<byte[]> fine = send("POST", "/rest/math.sum", "application/cbor", null, whole);
		assertThat(CBOR.readTree(fine.body()).longValue()).isEqualTo(42);
	}

	@Test
	void aNumberNoNumberTypeHoldsIsInvalidParamsAsOverJsonRpc() throws Exception {
		// {"a": Infinity, "b": 2} as float64: well-formed CBOR, no parse error.
		byte[] body = { (byte) 0xa2, 0x61, 'a', (byte) 0xfb, 0x7f, (byte) 0xf0, 0, 0, 0, 0, 0, 0, 0x61, 'b', 0x02 };
		HttpResponse<byte[]> response = send("POST", "/rest/math.sum", "application/cbor", null, body);
		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode problem = CBOR.readTree(response.body());
		assertThat(problem.get("code").intValue()).isEqualTo(-32602);
		assertThat(problem.get("detail").stringValue()).contains("beyond the range any number type holds");
	}

	@Test
	void oversizedAndSlowBinaryBodiesMeetTheLimitsJsonBodiesMeet() throws Exception {
		MethodRegistry methods = MethodRegistry.builder(JsonMapper.builder().build())
			.addAnnotated(new RestMethods())
			.build();
		JsonRpcServer limited = JsonRpcServer.builder(methods)
			.port(0)
			.maxContentLength(1024)
			.requestTimeout(Duration.ofMillis(300))
			.build()
			.start();
		try {
			for (String type : new String[] { "application/cbor", "application/msgpack" }) {
				try (RawHttpConnection connection = new RawHttpConnection(limited.port())) {
					connection.write("POST /rest/math.sum HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + type
							+ "\r\nContent-Length: 2000\r\n\r\n");
					RawHttpResponse response = connection.read();
					assertThat(response.status()).as(type).isEqualTo(413);
				}
				try (RawHttpConnection connection = new RawHttpConnection(limited.port())) {
					// A body that stops arriving part way.
					connection.write("POST /rest/math.sum HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + type
							+ "\r\nContent-Length: 100\r\n\r\n\u00a2");
					RawHttpResponse response = connection.read();
					assertThat(response.status()).as(type).isEqualTo(408);
					assertThat(connection.isClosedByServer()).as(type).isTrue();
				}
			}
			// The server goes on answering.
			HttpResponse<byte[]> fine = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + limited.port() + "/rest/math.sum"))
					.timeout(BOUND)
					.header("content-type", "application/cbor")
					.POST(HttpRequest.BodyPublishers.ofByteArray(CBOR.writeValueAsBytes(Map.of("a", 1, "b", 2))))
					.build(), HttpResponse.BodyHandlers.ofByteArray());
			assertThat(CBOR.readTree(fine.body()).longValue()).isEqualTo(3);
		}
		finally {
			limited.stop();
		}
	}

	@Test
	void otherBodyTypesAreStillRefusedNamingTheThree() throws Exception {
		HttpResponse<byte[]> refused = send("POST", "/rest/math.sum", "text/plain", null, "a=1".getBytes());
		assertThat(refused.statusCode()).isEqualTo(415);
		assertThat(new String(refused.body(), java.nio.charset.StandardCharsets.UTF_8))
			.contains("application/json, application/cbor or application/msgpack");
	}

	@Test
	void msgpackNumpyMapsAndCborTypedArraysGoThroughTheBodyRoute() throws Exception {
		double[] values = { 1.5, -2, 1e300 };
		byte[] data = bytes(values);
		MessageBufferPacker packer = MessagePack.newDefaultBufferPacker();
		packer.packMapHeader(5);
		packer.packBinaryHeader(2).writePayload("nd".getBytes()).packBoolean(true);
		packer.packBinaryHeader(4).writePayload("type".getBytes()).packString("<f8");
		packer.packBinaryHeader(4).writePayload("kind".getBytes()).packBinaryHeader(0);
		packer.packBinaryHeader(5).writePayload("shape".getBytes()).packArrayHeader(1).packInt(values.length);
		packer.packBinaryHeader(4).writePayload("data".getBytes()).packBinaryHeader(data.length).writePayload(data);
		HttpResponse<byte[]> numpy = send("POST", "/echo_array", "application/msgpack", null, packer.toByteArray());
		assertThat(numpy.statusCode()).as(new String(numpy.body(), java.nio.charset.StandardCharsets.UTF_8))
			.isEqualTo(200);
		Map<Value, Value> answer = unpack(numpy.body()).asMapValue().map();
		Value answered = answer.entrySet()
			.stream()
			.filter((entry) -> "data".equals(entry.getKey().isBinaryValue()
					? new String(entry.getKey().asBinaryValue().asByteArray(), java.nio.charset.StandardCharsets.UTF_8)
					: entry.getKey().asStringValue().asString()))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElseThrow();
		assertThat(answered.asBinaryValue().asByteArray()).isEqualTo(data);
		// A CBOR typed array as a body member, bound to a double[] by name.
		java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
		try (CBORGenerator generator = (CBORGenerator) CBOR.createGenerator(body)) {
			generator.writeStartObject();
			generator.writeName("values");
			generator.writeTag(86);
			generator.writeBinary(data);
			generator.writeEndObject();
		}
		HttpResponse<byte[]> typed = send("POST", "/rest/doubleSum", "application/cbor", null, body.toByteArray());
		assertThat(typed.statusCode()).isEqualTo(200);
		assertThat(CBOR.readTree(typed.body()).doubleValue()).isEqualTo(1.5 - 2 + 1e300);
	}

	private static HttpResponse<byte[]> send(String method, String path, String contentType, String accept, byte[] body)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
			.timeout(BOUND)
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofByteArray(body)
					: HttpRequest.BodyPublishers.noBody());
		if (contentType != null) {
			request.header("content-type", contentType);
		}
		if (accept != null) {
			request.header("accept", accept);
		}
		return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	private static Value unpack(byte[] body) throws IOException {
		try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(body)) {
			Value value = unpacker.unpackValue();
			assertThat(unpacker.hasNext()).isFalse();
			return value;
		}
	}

	private static byte[] concat(byte[] first, byte[] second) {
		byte[] both = Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, both, first.length, second.length);
		return both;
	}

	private static byte[] bytes(double[] values) {
		ByteBuffer buffer = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
		for (double value : values) {
			buffer.putDouble(value);
		}
		return buffer.array();
	}

}
