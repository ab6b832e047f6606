package io.ujrpc.protocol;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.Set;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ujrpc.test.EncodedTrees;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Arbitrary bytes through the codec as CBOR and as MessagePack: every outcome is a
 * request, a parse error, an invalid request or (for a number beyond any number type)
 * invalid params, and what decodes encodes back, in the same encoding, to the same
 * values. Seeds are under {@code src/test/resources}; see docs/reliability.md for longer
 * runs.
 */
class BinaryCodecFuzzTests {

	/** Parse error, invalid request, and invalid params for a number beyond any type. */
	private static final Set<Integer> DECODE_ERRORS = Set.of(-32700, -32600, -32602);

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final JsonRpcCodec CODEC = new JsonRpcCodec(MAPPER, 50);

	private static final JsonRpcCodec STRICT = new JsonRpcCodec(MAPPER, 50, true);

	private static final Encoding[] BINARY = { Encoding.CBOR, Encoding.MESSAGE_PACK };

	/**
	 * Numbers compare by value, whatever their node type (NaN and the infinities as
	 * doubles); the rest by equality.
	 */
	static final Comparator<JsonNode> BY_VALUE = (left, right) -> {
		if (left.isNumber() && right.isNumber()) {
			if (!Double.isFinite(left.doubleValue()) || !Double.isFinite(right.doubleValue())) {
				return (left.isFloatingPointNumber() && right.isFloatingPointNumber())
						? Double.compare(left.doubleValue(), right.doubleValue())
						: decimal(left).compareTo(decimal(right));
			}
			return decimal(left).compareTo(decimal(right));
		}
		return left.equals(right) ? 0 : 1;
	};

	@FuzzTest(maxDuration = "10s")
	void decodesArbitraryCborAndMessagePackToRequestsOrDecodeErrors(byte[] input) {
		for (JsonRpcCodec codec : new JsonRpcCodec[] { CODEC, STRICT }) {
			for (Encoding encoding : BINARY) {
				JsonRpcPayload payload = codec.decode(encoding, input, 0, input.length);
				assertThat(payload.entries()).isNotEmpty();
				for (JsonRpcEntry entry : payload.entries()) {
					if (entry instanceof InvalidRequest invalid) {
						assertThat(invalid.error().code()).isIn(DECODE_ERRORS);
						assertThat(invalid.id()).isNotNull();
					}
					else {
						assertReencodes((JsonRpcRequest) entry, codec, encoding);
					}
				}
			}
		}
	}

	private static void assertReencodes(JsonRpcRequest request, JsonRpcCodec codec, Encoding encoding) {
		assertThat(request.method()).isNotNull();
		if (request.params() != null) {
			assertThat(request.params().isArray() || request.params().isObject()).isTrue();
		}
		JsonNode id = request.isNotification() ? null : request.id();
		if (id != null) {
			assertThat(id.isString() || id.isNumber() || id.isNull()).isTrue();
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		codec.encode(encoding, out, JsonRpcResponse.success(id, request.params()));
		JsonNode response = EncodedTrees.read(encoding, out.toByteArray());
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
