package io.ujrpc.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

import io.ujrpc.array.Base64StringNode;
import io.ujrpc.array.PrimitiveArrays;
import org.junit.jupiter.api.Test;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.StringNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Long strings in params, as the JSON reader keeps them: base64 as a string node that
 * also holds its decoded bytes, anything else as Jackson's own string node; the same
 * values either way as the Jackson path reads.
 */
class LongStringReadingTests {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final JsonRpcCodec CODEC = new JsonRpcCodec(MAPPER, 10);

	private final Random random = new Random(4096);

	@Test
	void longBase64IsAStringNodeThatKeepsItsBytes() {
		int min = Base64StringNode.MIN_LENGTH;
		for (int length : new int[] { min - 4, min - 1, min, min + 1, min + 2, min + 3, min + 4, 3 * min + 2 }) {
			for (String text : new String[] { base64(length), base64(length).replace("=", "") }) {
				JsonNode node = read("\"" + text + "\"");
				JsonNode jackson = readWithJackson("\"" + text + "\"");
				assertSameString(node, jackson, text);
				boolean basic = decodes(text);
				assertThat(node instanceof Base64StringNode).as("%d: %s", text.length(), text.substring(0, 8))
					.isEqualTo(basic && text.length() >= min);
				if (basic) {
					assertThat((byte[]) PrimitiveArrays.fromTree(node, byte[].class))
						.isEqualTo(Base64.getDecoder().decode(text))
						.isEqualTo(PrimitiveArrays.fromTree(jackson, byte[].class));
				}
			}
		}
	}

	@Test
	void trailingBitsAndPaddingAreTakenAsTheJdkTakesThem() {
		String body = base64(Base64StringNode.MIN_LENGTH);
		for (String tail : new String[] { "AR==", "AQ==", "AQ", "AR", "ABC=", "ABD=", "ABD", "A===", "AB=C",
				"ABCDE" }) {
			String text = body + tail;
			JsonNode node = read("\"" + text + "\"");
			JsonNode jackson = readWithJackson("\"" + text + "\"");
			assertSameString(node, jackson, text);
			assertThat(node instanceof Base64StringNode).as(tail).isEqualTo(decodes(text));
			assertThat(bytesOrMessage(node)).as(tail).isEqualTo(bytesOrMessage(jackson));
		}
	}

	@Test
	void longTextThatIsNotBase64IsJacksonsStringNode() {
		String words = "not base64, but long: ".repeat(400);
		String alphabetOnly = "A".repeat(Base64StringNode.MIN_LENGTH + 1);
		String escaped = base64(Base64StringNode.MIN_LENGTH + 8).substring(0, 100) + "\\r\\n"
				+ base64(Base64StringNode.MIN_LENGTH + 8);
		String unicode = "\u00e9".repeat(3000) + base64(Base64StringNode.MIN_LENGTH);
		for (String json : new String[] { words, alphabetOnly, escaped, unicode }) {
			JsonNode node = read("\"" + json + "\"");
			JsonNode jackson = readWithJackson("\"" + json + "\"");
			assertThat(node.getClass()).isEqualTo(StringNode.class);
			assertSameString(node, jackson, jackson.stringValue());
			assertThat(bytesOrMessage(node)).isEqualTo(bytesOrMessage(jackson));
		}
	}

	@Test
	void longBase64InAnObjectIsAsJacksonReadsIt() {
		String text = base64(3 * Base64StringNode.MIN_LENGTH);
		String params = "{\"buffer\":\"" + text + "\",\"dtype\":\"<f8\",\"shape\":[" + (text.length() / 4 * 3 / 8)
				+ "]}";
		JsonNode node = read(params);
		JsonNode jackson = readWithJackson(params);
		assertThat(node.get("buffer")).isInstanceOf(Base64StringNode.class);
		assertThat(node).isEqualTo(jackson).hasSameHashCodeAs(jackson);
		assertThat(jackson).isEqualTo(node);
		assertThat(MAPPER.writeValueAsString(node)).isEqualTo(MAPPER.writeValueAsString(jackson));
	}

	@Test
	void aLongStringIsHeldToTheLengthLimit() {
		String text = base64(2 * Base64StringNode.MIN_LENGTH);
		JsonMapper limited = JsonMapper
			.builder(JsonFactory.builder()
				.streamReadConstraints(StreamReadConstraints.builder().maxStringLength(text.length() - 1).build())
				.build())
			.build();
		byte[] input = request("\"" + text + "\"");
		JsonRpcCodec codec = new JsonRpcCodec(limited, 10);
		assertThat(codec.decode(input, 0, input.length)).isEqualTo(codec.decodeWithJackson(input, 0, input.length));
		assertThat(codec.decode(input, 0, input.length).entries().get(0)).isNotInstanceOf(JsonRpcRequest.class);
	}

	@Test
	void aNodeFactoryOfItsOwnBuildsTheStringNodes() {
		JsonNodeFactory own = new JsonNodeFactory() {

			private static final long serialVersionUID = 1L;

		};
		JsonMapper mapper = JsonMapper.builder().nodeFactory(own).build();
		byte[] input = request("\"" + base64(2 * Base64StringNode.MIN_LENGTH) + "\"");
		JsonRpcRequest request = (JsonRpcRequest) new JsonRpcCodec(mapper, 10).decode(input, 0, input.length)
			.entries()
			.get(0);
		assertThat(request.params().get(0).getClass()).isEqualTo(StringNode.class);
	}

	private static void assertSameString(JsonNode node, JsonNode jackson, String text) {
		assertThat(node.isString()).isTrue();
		assertThat(node.stringValue()).isEqualTo(text).isEqualTo(jackson.stringValue());
		assertThat(node.asString()).isEqualTo(jackson.asString());
		assertThat(node).isEqualTo(jackson).hasSameHashCodeAs(jackson);
		assertThat(jackson).isEqualTo(node);
		assertThat(node.toString()).isEqualTo(jackson.toString());
		assertThat(MAPPER.writeValueAsString(node)).isEqualTo(MAPPER.writeValueAsString(jackson));
		assertThat(MAPPER.convertValue(node, Object.class)).isEqualTo(text);
		assertThat(MAPPER.treeToValue(node, String.class)).isEqualTo(text);
	}

	private static Object bytesOrMessage(JsonNode node) {
		try {
			return PrimitiveArrays.fromTree(node, byte[].class);
		}
		catch (IllegalArgumentException ex) {
			return ex.getMessage();
		}
	}

	private static boolean decodes(String text) {
		try {
			Base64.getDecoder().decode(text);
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private String base64(int length) {
		byte[] bytes = new byte[length / 4 * 3 + 3];
		this.random.nextBytes(bytes);
		String text = Base64.getEncoder().encodeToString(bytes);
		int cut = length;
		String head = text.substring(0, cut - cut % 4);
		return switch (length % 4) {
			case 0 -> head;
			case 1 -> head + "A";
			case 2 -> head + "AQ==";
			default -> head + "AQI=";
		};
	}

	private static byte[] request(String param) {
		return ("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":[" + param + "],\"id\":1}")
			.getBytes(StandardCharsets.UTF_8);
	}

	private static JsonNode read(String param) {
		byte[] input = request(param);
		return ((JsonRpcRequest) CODEC.decode(input, 0, input.length).entries().get(0)).params().get(0);
	}

	private static JsonNode readWithJackson(String param) {
		byte[] input = request(param);
		return ((JsonRpcRequest) CODEC.decodeWithJackson(input, 0, input.length).entries().get(0)).params().get(0);
	}

}
