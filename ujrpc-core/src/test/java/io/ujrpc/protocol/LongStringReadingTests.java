package io.ujrpc.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

import io.ujrpc.array.Base64Members;
import io.ujrpc.array.Base64StringNode;
import io.ujrpc.array.NdArray;
import io.ujrpc.array.PrimitiveArrays;
import org.junit.jupiter.api.Test;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
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
		assertThat(Base64Members.isKept(node, "buffer")).isTrue();
		assertThat(Base64Members.isKept(node, "dtype")).isFalse();
		assertThat(node.get("buffer")).isInstanceOf(Base64StringNode.class);
		assertThat(Base64Members.isKept(node, "buffer")).isFalse();
		assertThat(node).isEqualTo(jackson).hasSameHashCodeAs(jackson);
		assertThat(jackson).isEqualTo(node);
		assertThat(MAPPER.writeValueAsString(node)).isEqualTo(MAPPER.writeValueAsString(jackson));
	}

	@Test
	void objectsWithLongStringsReadAsJacksonReadsThem() {
		String text = base64(2 * Base64StringNode.MIN_LENGTH);
		String other = base64(2 * Base64StringNode.MIN_LENGTH + 4);
		String nonCanonical = text.substring(0, text.length() - 4) + "AR==";
		String unpadded = text.substring(0, text.length() - 4) + "AQ";
		String words = "not base64 ".repeat(500);
		List<String> objects = List.of("{\"buffer\":\"" + text + "\"}",
				"{\"a\":1,\"buffer\":\"" + text + "\",\"b\":[2],\"c\":\"" + other + "\"}",
				"{\"buffer\":\"" + nonCanonical + "\",\"x\":\"" + unpadded + "\",\"y\":\"" + words + "\"}",
				"{\"buffer\":\"" + text + "\",\"buffer\":2}", "{\"buffer\":2,\"buffer\":\"" + text + "\"}",
				"{\"buffer\":\"" + text + "\",\"buffer\":\"" + other + "\"}",
				"{\"a\":{\"buffer\":\"" + text + "\"},\"b\":[\"" + other + "\"]}");
		// Named params are bound from their members' nodes: none is kept as bytes.
		byte[] named = ("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":" + objects.get(0) + ",\"id\":1}")
			.getBytes(StandardCharsets.UTF_8);
		JsonNode params = ((JsonRpcRequest) CODEC.decode(named, 0, named.length).entries().get(0)).params();
		assertThat(Base64Members.isKept(params, "buffer")).isFalse();
		assertThat(params.get("buffer")).isInstanceOf(Base64StringNode.class)
			.isEqualTo(((JsonRpcRequest) CODEC.decodeWithJackson(named, 0, named.length).entries().get(0)).params()
				.get("buffer"));
		assertThat(Base64Members.isKept(read(objects.get(1)), "buffer")).isTrue();
		// Only NdArray's buffer is kept.
		assertThat(Base64Members.isKept(read(objects.get(1)), "c")).isFalse();
		assertThat(read(objects.get(1)).get("c")).isInstanceOf(Base64StringNode.class);
		assertThat(Base64Members.isKept(read(objects.get(2)), "buffer")).isFalse();
		assertThat(Base64Members.isKept(read(objects.get(5)), "buffer")).isTrue();
		assertThat(Base64Members.isKept(read(objects.get(6)).get("a"), "buffer")).isTrue();
		for (JsonRpcCodec codec : List.of(CODEC, new JsonRpcCodec(MAPPER, 10, true))) {
			for (String object : objects) {
				byte[] input = request(object);
				assertThat(codec.decode(input, 0, input.length)).as(object.substring(0, 12))
					.isEqualTo(codec.decodeWithJackson(input, 0, input.length));
			}
		}
	}

	@Test
	void anObjectWithAKeptStringActsAsJacksonsObjectWhateverIsAskedFirst() {
		String text = base64(2 * Base64StringNode.MIN_LENGTH);
		String object = "{\"a\":1,\"buffer\":\"" + text + "\",\"z\":\"" + base64(Base64StringNode.MIN_LENGTH) + "\"}";
		JsonNode jackson = readWithJackson(object);
		List<Function<JsonNode, Object>> uses = List.of(JsonNode::toString, JsonNode::hashCode, JsonNode::size,
				(node) -> MAPPER.writeValueAsString(node), (node) -> node.get("buffer"), (node) -> node.path("z"),
				(node) -> node.has("buffer"), (node) -> List.copyOf(node.propertyNames()),
				(node) -> node.properties().stream().map(Map.Entry::getValue).toList(),
				(node) -> node.values().stream().toList(), (node) -> node.deepCopy(), (node) -> node.findValue("z"),
				(node) -> MAPPER.convertValue(node, Map.class), (node) -> node.equals(jackson),
				(node) -> jackson.equals(node));
		for (int i = 0; i < uses.size(); i++) {
			JsonNode node = read(object);
			assertThat(Base64Members.isKept(node, "buffer")).isTrue();
			assertThat(uses.get(i).apply(node)).as("use %d", i).isEqualTo(uses.get(i).apply(jackson));
			assertThat(node).as("use %d", i).isEqualTo(jackson).hasSameHashCodeAs(jackson);
			assertThat(node.get("buffer")).isInstanceOf(Base64StringNode.class).isSameAs(node.get("buffer"));
			assertThat(MAPPER.writeValueAsString(node)).isEqualTo(MAPPER.writeValueAsString(jackson));
		}
	}

	@Test
	void anObjectWithAKeptStringTakesChangesAsJacksonsObject() {
		String text = base64(2 * Base64StringNode.MIN_LENGTH);
		String object = "{\"a\":1,\"buffer\":\"" + text + "\",\"z\":2}";
		List<Consumer<ObjectNode>> changes = List.of((node) -> node.put("buffer", "short"),
				(node) -> node.remove("buffer"), (node) -> node.put("n", 3), (node) -> node.removeAll(),
				(node) -> node.retain("buffer"), (node) -> node.without("a"),
				(node) -> node.putIfAbsent("buffer", null), (node) -> node.removeIf((value) -> value.isString()),
				(node) -> node.setAll(Map.of("buffer", MAPPER.getNodeFactory().numberNode(1))));
		for (int i = 0; i < changes.size(); i++) {
			ObjectNode node = (ObjectNode) read(object);
			ObjectNode jackson = (ObjectNode) readWithJackson(object);
			assertThat(Base64Members.isKept(node, "buffer")).isTrue();
			changes.get(i).accept(node);
			changes.get(i).accept(jackson);
			assertThat(node).as("change %d", i).isEqualTo(jackson).hasSameHashCodeAs(jackson);
			assertThat(node.toString()).isEqualTo(jackson.toString());
		}
	}

	@Test
	void anNdArrayFromAKeptStringLeavesItKept() {
		String text = base64(3 * Base64StringNode.MIN_LENGTH);
		int count = text.length() / 4 * 3 / 8;
		for (String dtype : List.of("<f8", ">f8")) {
			String object = "{\"buffer\":\"" + text + "\",\"dtype\":\"" + dtype + "\",\"shape\":[" + count + "]}";
			JsonNode node = read(object);
			JsonNode jackson = readWithJackson(object);
			assertThat(NdArray.fromTree(node)).isEqualTo(NdArray.fromTree(jackson));
			assertThat(NdArray.fromTree(node)).isEqualTo(NdArray.fromTree(jackson));
			assertThat(Base64Members.isKept(node, "buffer")).isTrue();
			assertThat(node).isEqualTo(jackson);
			assertThat(Base64Members.isKept(node, "buffer")).isFalse();
			assertThat(node.get("buffer").stringValue()).isEqualTo(text);
			assertThat(NdArray.fromTree(node)).isEqualTo(NdArray.fromTree(jackson));
		}
	}

	@Test
	void stringsThatAreBase64OnlyUpToSomeByteReadAsJacksonReadsThem() {
		String text = base64(2 * Base64StringNode.MIN_LENGTH);
		String half = text.substring(0, Base64StringNode.MIN_LENGTH + 4);
		List<String> strings = List.of(half + "\\\"" + half, half + "\\n" + half, half + "\u00a2" + half,
				half + "\u00e9\"", half + "\u0001" + half, half + " " + half, half + "\"\"", text + "\"",
				half.substring(0, 9) + "\\\"" + text, text + "AAA");
		for (String string : strings) {
			for (String params : List.of("[\"" + string + "\"]", "[{\"buffer\":\"" + string + "\"}]",
					"{\"buffer\":\"" + string + "\"}", "[{\"buffer\":\"" + string + "\",\"b\":\"" + string + "\"}]")) {
				for (JsonRpcCodec codec : List.of(CODEC, new JsonRpcCodec(MAPPER, 10, true))) {
					byte[] input = ("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":" + params + ",\"id\":1}")
						.getBytes(StandardCharsets.UTF_8);
					assertThat(codec.decode(input, 0, input.length)).as(params.substring(0, 8))
						.isEqualTo(codec.decodeWithJackson(input, 0, input.length));
					// Cut short inside the string: no closing quote.
					int cut = new String(input, StandardCharsets.ISO_8859_1).indexOf(half.substring(0, 9))
							+ Base64StringNode.MIN_LENGTH + 1;
					assertThat(codec.decode(input, 0, cut)).isEqualTo(codec.decodeWithJackson(input, 0, cut));
				}
			}
		}
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
