package io.ujrpc.protocol;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.Set;

import com.code_intelligence.jazzer.junit.FuzzTest;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Arbitrary bytes through the codec: every outcome is a request, a parse error, an
 * invalid request or (for a number beyond any number type) invalid params, the same on
 * the array and the stream path and with the codec's own reader as with Jackson's parser,
 * and what decodes encodes back to the same values. Seeds are under
 * {@code src/test/resources}; see docs/reliability.md for longer runs.
 */
class JsonRpcCodecFuzzTests {

	/** Parse error, invalid request, and invalid params for a number beyond any type. */
	private static final Set<Integer> DECODE_ERRORS = Set.of(-32700, -32600, -32602);

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final JsonMapper EXACT = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.build();

	private static final JsonRpcCodec CODEC = new JsonRpcCodec(MAPPER, 50);

	private static final JsonRpcCodec STRICT = new JsonRpcCodec(MAPPER, 50, true);

	/** Numbers compare by value, whatever their node type; the rest by equality. */
	private static final Comparator<JsonNode> BY_VALUE = (left, right) -> {
		if (left.isNumber() && right.isNumber()) {
			return decimal(left).compareTo(decimal(right));
		}
		return left.equals(right) ? 0 : 1;
	};

	@FuzzTest(maxDuration = "10s")
	void decodesArbitraryBytesToRequestsOrDecodeErrors(byte[] input) {
		for (JsonRpcCodec codec : new JsonRpcCodec[] { CODEC, STRICT }) {
			JsonRpcPayload fromArray = codec.decode(input, 0, input.length);
			JsonRpcPayload fromStream = codec.decode(new ByteArrayInputStream(input));
			assertThat(fromStream).isEqualTo(fromArray);
			// The codec's own reader reads every input as Jackson's parser does.
			assertThat(fromArray).isEqualTo(codec.decodeWithJackson(input, 0, input.length));
			assertThat(fromArray.entries()).isNotEmpty();
			for (JsonRpcEntry entry : fromArray.entries()) {
				if (entry instanceof InvalidRequest invalid) {
					assertThat(invalid.error().code()).isIn(DECODE_ERRORS);
					if (invalid.error().code() == -32602) {
						assertThat(invalid.error().message()).contains("beyond the range");
					}
					assertThat(invalid.id()).isNotNull();
				}
				else {
					assertReencodes((JsonRpcRequest) entry, codec);
				}
			}
		}
	}

	private static void assertReencodes(JsonRpcRequest request, JsonRpcCodec codec) {
		assertThat(request.method()).isNotNull();
		if (request.params() != null) {
			assertThat(request.params().isArray() || request.params().isObject()).isTrue();
		}
		JsonNode id = request.isNotification() ? null : request.id();
		if (id != null) {
			assertThat(id.isString() || id.isNumber() || id.isNull()).isTrue();
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		codec.encode(out, JsonRpcResponse.success(id, request.params()));
		JsonNode response = EXACT.readTree(out.toByteArray());
		assertThat(response.get("jsonrpc").stringValue()).isEqualTo("2.0");
		JsonNode result = response.get("result");
		if (request.params() == null) {
			assertThat(result.isNull()).isTrue();
		}
		else {
			assertThat(result.equals(BY_VALUE, request.params()))
				.as("result %s equals params %s", result, request.params())
				.isTrue();
		}
		JsonNode echoed = response.get("id");
		if (id == null) {
			assertThat(echoed.isNull()).isTrue();
		}
		else {
			assertThat(echoed.equals(BY_VALUE, id)).as("id %s echoed as %s", id, echoed).isTrue();
		}
	}

	private static BigDecimal decimal(JsonNode number) {
		return number.isIntegralNumber() ? new BigDecimal(number.bigIntegerValue()) : number.decimalValue();
	}

}
