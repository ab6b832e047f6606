package io.ujrpc.protocol;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.StringNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class JsonRpcCodecTests {

	private final ObjectMapper mapper = JsonMapper.builder().build();

	private final JsonRpcCodec codec = new JsonRpcCodec(this.mapper, 3);

	@Test
	void stringIdMakesARequest() {
		JsonRpcRequest request = single("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"id\":\"abc\"}");
		assertThat(request.id()).isEqualTo(StringNode.valueOf("abc"));
		assertThat(request.isNotification()).isFalse();
	}

	@Test
	void numberIdMakesARequestAndKeepsTheNumber() {
		JsonRpcRequest request = single("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"id\":12345678901}");
		assertThat(request.id().isIntegralNumber()).isTrue();
		assertThat(request.id().longValue()).isEqualTo(12345678901L);
		assertThat(request.isNotification()).isFalse();
	}

	@Test
	void nullIdMakesARequestNotANotification() {
		JsonRpcRequest request = single("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"id\":null}");
		assertThat(request.id()).isEqualTo(NullNode.getInstance());
		assertThat(request.isNotification()).isFalse();
	}

	@Test
	void absentIdMakesANotification() {
		JsonRpcRequest request = single("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":[1]}");
		assertThat(request.id()).isNull();
		assertThat(request.isNotification()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "{}", "[1]", "true", "false" })
	void idThatIsNotAStringNumberOrNullIsAnInvalidRequestAnsweredWithNullId(String id) {
		InvalidRequest invalid = invalid("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"id\":" + id + "}");
		assertThat(invalid.id()).isEqualTo(NullNode.getInstance());
		assertThat(invalid.error()).isEqualTo(new JsonRpcError(-32600, "Invalid Request"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"bar\"", "1", "true", "null" })
	void paramsThatAreNotStructuredAreAnInvalidRequestThatKeepsTheId(String params) {
		InvalidRequest invalid = invalid("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":" + params + ",\"id\":7}");
		assertThat(invalid.id().intValue()).isEqualTo(7);
		assertThat(invalid.error()).isEqualTo(new JsonRpcError(-32600, "Invalid Request"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"method\":\"m\",\"id\":1}", "{\"jsonrpc\":\"1.0\",\"method\":\"m\",\"id\":1}",
			"{\"jsonrpc\":2.0,\"method\":\"m\",\"id\":1}", "{\"jsonrpc\":\"2.0\",\"id\":1}",
			"{\"jsonrpc\":\"2.0\",\"method\":null,\"id\":1}", "{\"jsonrpc\":\"2.0\",\"method\":[\"m\"],\"id\":1}" })
	void missingOrWrongVersionOrMethodIsAnInvalidRequestThatKeepsTheId(String json) {
		InvalidRequest invalid = invalid(json);
		assertThat(invalid.id().intValue()).isEqualTo(1);
		assertThat(invalid.error().code()).isEqualTo(-32600);
	}

	@Test
	void unknownMembersAreIgnored() {
		JsonRpcRequest request = single("{\"jsonrpc\":\"2.0\",\"extra\":{\"nested\":[1,{\"id\":\"no\"}]},"
				+ "\"method\":\"m\",\"params\":{\"a\":1},\"id\":1,\"more\":null}");
		assertThat(request.method()).isEqualTo("m");
		assertThat(request.params()).isEqualTo(this.mapper.readTree("{\"a\":1}"));
		assertThat(request.id().intValue()).isEqualTo(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"id\":1} xyz",
			"{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"id\":1}{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"id\":2}",
			"[{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"id\":1}]]", "[] 1", "", "   ", "{\"jsonrpc\":\"2.0\"",
			"[{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"id\":1}," })
	void anythingThatIsNotExactlyOneJsonValueIsAParseError(String json) {
		JsonRpcPayload payload = decode(json);
		assertThat(payload.batch()).isFalse();
		assertThat(payload.entries()).singleElement().isInstanceOfSatisfying(InvalidRequest.class, (invalid) -> {
			assertThat(invalid.id()).isEqualTo(NullNode.getInstance());
			assertThat(invalid.error()).isEqualTo(new JsonRpcError(-32700, "Parse error"));
		});
	}

	@Test
	void trailingWhitespaceIsAllowed() {
		assertThat(single("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"id\":1} \r\n\t").method()).isEqualTo("m");
	}

	@Test
	void batchKeepsItsEntriesInOrder() {
		JsonRpcPayload payload = decode(
				"[{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"id\":1}," + "{\"jsonrpc\":\"2.0\",\"method\":\"b\"},5]");
		assertThat(payload.batch()).isTrue();
		assertThat(payload.entries()).hasSize(3);
		assertThat(payload.entries().get(0)).isInstanceOfSatisfying(JsonRpcRequest.class,
				(request) -> assertThat(request.method()).isEqualTo("a"));
		assertThat(payload.entries().get(1)).isInstanceOfSatisfying(JsonRpcRequest.class,
				(request) -> assertThat(request.isNotification()).isTrue());
		assertThat(payload.entries().get(2)).isInstanceOf(InvalidRequest.class);
	}

	@Test
	void batchOverTheLimitIsOneInvalidRequest() {
		JsonRpcPayload payload = decode("[1,2,3,{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"id\":1}]");
		assertThat(payload.batch()).isFalse();
		assertThat(payload.entries()).singleElement().isInstanceOfSatisfying(InvalidRequest.class, (invalid) -> {
			assertThat(invalid.id()).isEqualTo(NullNode.getInstance());
			assertThat(invalid.error())
				.isEqualTo(new JsonRpcError(-32600, "Invalid Request: batch of 4 calls exceeds the limit of 3"));
		});
	}

	@Test
	void batchOverTheLimitWithASyntaxErrorIsAParseError() {
		JsonRpcPayload payload = decode("[1,2,3,4,{\"jsonrpc\":]");
		assertThat(payload.entries()).singleElement()
			.isInstanceOfSatisfying(InvalidRequest.class,
					(invalid) -> assertThat(invalid.error().code()).isEqualTo(-32700));
	}

	@Test
	void batchAtTheLimitIsAccepted() {
		assertThat(decode("[1,2,3]").entries()).hasSize(3);
	}

	@Test
	void streamAndArrayDecodeAlike() {
		String json = "[{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"params\":[1],\"id\":\"x\"}]";
		JsonRpcPayload fromStream = this.codec.decode(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
		assertThat(fromStream).isEqualTo(decode(json));
		assertThat(this.codec.decode(new ByteArrayInputStream("[".getBytes(StandardCharsets.UTF_8))).entries())
			.singleElement()
			.isInstanceOfSatisfying(InvalidRequest.class,
					(invalid) -> assertThat(invalid.error().code()).isEqualTo(-32700));
	}

	@Test
	void decodesAPayloadInsideALargerArray() {
		byte[] bytes = "xx{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"id\":1}yy".getBytes(StandardCharsets.UTF_8);
		JsonRpcPayload payload = this.codec.decode(bytes, 2, bytes.length - 4);
		assertThat(payload.entries()).singleElement().isInstanceOf(JsonRpcRequest.class);
	}

	@Test
	void encodesAResultWithTheRequestId() {
		assertThat(encode(JsonRpcResponse.success(StringNode.valueOf("a"), List.of(1, "two"))))
			.isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":[1,\"two\"],\"id\":\"a\"}");
	}

	@Test
	void encodesANullResult() {
		assertThat(encode(JsonRpcResponse.success(NullNode.getInstance(), null)))
			.isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":null,\"id\":null}");
	}

	@Test
	void encodesAnErrorWithoutDataMember() {
		assertThat(encode(JsonRpcResponse.failure(null, JsonRpcErrorCode.METHOD_NOT_FOUND.toError()))).isEqualTo(
				"{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32601,\"message\":\"Method not found\"},\"id\":null}");
	}

	@Test
	void encodesAnErrorWithData() {
		JsonRpcError error = new JsonRpcError(-32001, "Quota exceeded", Map.of("limit", 10));
		assertThat(encode(JsonRpcResponse.failure(this.mapper.readTree("3"), error))).isEqualTo(
				"{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32001,\"message\":\"Quota exceeded\",\"data\":{\"limit\":10}},\"id\":3}");
	}

	@Test
	void encodesABatchInTheGivenOrder() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		this.codec.encode(out, List.of(JsonRpcResponse.success(this.mapper.readTree("2"), true),
				JsonRpcResponse.success(this.mapper.readTree("1"), 5L)));
		assertThat(out.toString(StandardCharsets.UTF_8))
			.isEqualTo("[{\"jsonrpc\":\"2.0\",\"result\":true,\"id\":2},{\"jsonrpc\":\"2.0\",\"result\":5,\"id\":1}]");
	}

	@ParameterizedTest
	@ValueSource(longs = { 0, 7, -7, 10, 99, 100, 1234567890123L, Long.MAX_VALUE, Long.MIN_VALUE })
	void encodesIntegerResultsExactlyAsJacksonWould(long value) {
		String expected = "{\"jsonrpc\":\"2.0\",\"result\":" + this.mapper.writeValueAsString(value) + ",\"id\":"
				+ this.mapper.writeValueAsString(value) + "}";
		assertThat(encode(JsonRpcResponse.success(this.mapper.readTree(Long.toString(value)), value)))
			.isEqualTo(expected);
		assertThat(encode(JsonRpcResponse.success(this.mapper.readTree(Long.toString(value)), (int) value)))
			.isEqualTo(expected.replace("result\":" + value, "result\":" + (int) value));
	}

	@Test
	void encodesBooleanResultsWithStringIds() {
		assertThat(encode(JsonRpcResponse.success(StringNode.valueOf("req-1"), false)))
			.isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":false,\"id\":\"req-1\"}");
	}

	@ParameterizedTest
	@ValueSource(strings = { "quote\"d", "back\\slash", "tab\tbed", "caf\u00e9", "" })
	void escapesStringIdsThatNeedIt(String id) {
		String json = encode(JsonRpcResponse.success(StringNode.valueOf(id), 1L));
		assertThat(this.mapper.readTree(json).get("id").stringValue()).isEqualTo(id);
	}

	@Test
	void encodesFractionalAndHugeIdsThroughJackson() {
		assertThat(encode(JsonRpcResponse.success(this.mapper.readTree("1.5"), 1L)))
			.isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":1,\"id\":1.5}");
		assertThat(encode(JsonRpcResponse.success(this.mapper.readTree("123456789012345678901234567890"), 1L)))
			.isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":1,\"id\":123456789012345678901234567890}");
	}

	@Test
	void readsParamsOfEveryJsonKind() {
		JsonRpcRequest request = single(
				"{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":{\"i\":1,\"l\":12345678901,\"b\":123456789012345678901234567890,"
						+ "\"d\":1.25,\"s\":\"x\",\"t\":true,\"f\":false,\"n\":null,\"a\":[[],{}]},\"id\":1}");
		assertThat(request.params()).isEqualTo(this.mapper.readTree(
				"{\"i\":1,\"l\":12345678901,\"b\":123456789012345678901234567890,\"d\":1.25,\"s\":\"x\",\"t\":true,"
						+ "\"f\":false,\"n\":null,\"a\":[[],{}]}"));
	}

	@Test
	void rejectsANonPositiveBatchLimit() {
		assertThatIllegalArgumentException().isThrownBy(() -> new JsonRpcCodec(this.mapper, 0))
			.withMessage("maxBatchSize: 0 (expected: > 0)");
	}

	private String encode(JsonRpcResponse response) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		this.codec.encode(out, response);
		return out.toString(StandardCharsets.UTF_8);
	}

	private JsonRpcPayload decode(String json) {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		return this.codec.decode(bytes, 0, bytes.length);
	}

	private JsonRpcRequest single(String json) {
		JsonRpcPayload payload = decode(json);
		assertThat(payload.batch()).isFalse();
		assertThat(payload.entries()).singleElement().isInstanceOf(JsonRpcRequest.class);
		return (JsonRpcRequest) payload.entries().get(0);
	}

	private InvalidRequest invalid(String json) {
		JsonRpcPayload payload = decode(json);
		assertThat(payload.entries()).singleElement().isInstanceOf(InvalidRequest.class);
		return (InvalidRequest) payload.entries().get(0);
	}

}
