package io.ujrpc.protocol;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

import io.ujrpc.array.DoubleNodeList;
import org.junit.jupiter.api.Test;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The codec's own JSON reader against its Jackson path: the same payload for the
 * JSONTestSuite corpus, the inputs of the codec's tests and seeds, and seeded random
 * mutations of valid requests, under the default mapper and under mappers with exact
 * floats, fewer fast parsers, duplicate rejection and tight limits.
 */
class JsonRpcJsonReaderTests {

	private static final Path SUITE = Path.of("src/test/resources/JSONTestSuite/test_parsing");

	private static final Path SEEDS = Path.of("src/test/resources/io/ujrpc/protocol/JsonRpcCodecFuzzTestsInputs");

	private static final Path EXAMPLES = Path.of("src/test/resources/io/ujrpc/jsonrpc-specification-examples.txt");

	private static final int MUTATIONS = 6000;

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final List<JsonRpcCodec> CODECS = List.of(new JsonRpcCodec(MAPPER, 50),
			new JsonRpcCodec(MAPPER, 3, true),
			new JsonRpcCodec(JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build(),
					50),
			new JsonRpcCodec(JsonMapper
				.builder(JsonFactory.builder()
					.disable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
					.disable(StreamReadFeature.USE_FAST_BIG_NUMBER_PARSER)
					.build())
				.build(), 50),
			new JsonRpcCodec(JsonMapper
				.builder(JsonFactory.builder()
					.streamReadConstraints(StreamReadConstraints.builder()
						.maxNestingDepth(6)
						.maxNumberLength(12)
						.maxNameLength(9)
						.maxStringLength(60)
						.build())
					.build())
				.build(), 50, true));

	/** Request texts that mutations start from: each member kind, escapes, numbers. */
	private static final List<String> REQUESTS = List.of(
			"{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1}",
			"{\"jsonrpc\":\"2.0\",\"method\":\"subtract\",\"params\":{\"subtrahend\":23,\"minuend\":42},\"id\":3}",
			"[{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"params\":[1.5,-0.0,1e400,1E-400,12345678901,"
					+ "123456789012345678901234567890,-9223372036854775808,9223372036854775808],\"id\":\"x\"},"
					+ "{\"jsonrpc\":\"2.0\",\"method\":\"b\"},5,[]]",
			"{\"jsonrpc\":\"2.0\",\"method\":\"caf\u00e9\\u00e9\\uD83D\\uDE00\",\"params\":{\"k\\n\":\"v\\t\\\"\\\\\\/\","
					+ "\"\u00fc\":[true,false,null,{\"x\":{}},[]]},\"id\":0.10000000000000000001}",
			"{\"id\":-2147483649,\"jsonrpc\":\"2.0\",\"params\":[2147483647,-2147483648,2147483648,0.5e-3],"
					+ "\"method\":\"m\",\"extra\":{\"nested\":[1,{\"id\":\"no\"}]}}",
			"{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":{\"a\":1,\"a\":2,\"b\":{\"c\":[1,{\"c\":3,\"c\":4}]}},"
					+ "\"id\":null}",
			"{\"jsonrpc\":\"2.0\",\"method\":\"" + "x".repeat(50) + "\",\"params\":[\"" + "y".repeat(70)
					+ "\"],\"id\":\"" + "z".repeat(30) + "\"}",
			"{\"json\\u0072pc\":\"2\\u002e0\",\"\\u006dethod\":\"m\",\"id\":7.7e77777777777777}",
			"[{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":{\"a\":[1,{\"b\":-1e9999999999}],\"c\":2},\"id\":4},"
					+ "{\"jsonrpc\":\"2.0\",\"method\":\"n\",\"id\":5}]",
			"{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[[0.5,-1.25,8191.508191,0.0,-0.0,0e7,1e-3,"
					+ "2.5E+8,1.0000000000000002,0.30000000000000004,1e22,1e23,4.9e-324,1e-400,-0.0e-400,7.0,12.5],"
					+ "{\"x\":[0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,1]}],\"id\":9}");

	@Test
	void everyMapperComparedIsReadByTheCodecsOwnReader() {
		assertThat(CODECS).allSatisfy((codec) -> assertThat(codec.readsJsonItself()).isTrue());
	}

	@Test
	void jsonTestSuiteReadsAlike() throws IOException {
		try (Stream<Path> files = Files.list(SUITE)) {
			List<Path> all = files.sorted().toList();
			assertThat(all).hasSizeGreaterThan(300);
			for (Path file : all) {
				assertSameEverywhere(file.getFileName().toString(), Files.readAllBytes(file));
			}
		}
	}

	@Test
	void codecTestInputsReadAlike() throws IOException {
		List<byte[]> inputs = new ArrayList<>(fixedInputs());
		for (String line : Files.readAllLines(EXAMPLES)) {
			if (line.startsWith("--> ")) {
				inputs.add(line.substring(4).getBytes(StandardCharsets.UTF_8));
			}
		}
		try (Stream<Path> files = Files.walk(SEEDS)) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				inputs.add(Files.readAllBytes(file));
			}
		}
		for (byte[] input : inputs) {
			assertSameEverywhere(new String(input, StandardCharsets.UTF_8), input);
		}
	}

	@Test
	void mutatedRequestsReadAlike() {
		Random random = new Random(20261202L);
		int parseErrors = 0;
		int requests = 0;
		for (int i = 0; i < MUTATIONS; i++) {
			byte[] input = REQUESTS.get(random.nextInt(REQUESTS.size())).getBytes(StandardCharsets.UTF_8);
			int rounds = 1 + random.nextInt(3);
			for (int round = 0; round < rounds; round++) {
				input = mutate(input, random);
			}
			JsonRpcPayload payload = assertSameEverywhere(HexFormat.of().formatHex(input), input);
			JsonRpcEntry first = payload.entries().get(0);
			if (first instanceof InvalidRequest invalid && invalid.error().code() == -32700) {
				parseErrors++;
			}
			else if (first instanceof JsonRpcRequest) {
				requests++;
			}
		}
		// The mutations reach both the grammar and the request rules.
		assertThat(parseErrors).isBetween(MUTATIONS / 10, MUTATIONS - MUTATIONS / 10);
		assertThat(requests).isGreaterThan(MUTATIONS / 50);
	}

	@Test
	void longArraysOfDecimalsKeepJacksonsDoubles() {
		Random random = new Random(20261203L);
		String[] odd = { "0.0", "-0.0", "0e5", "-0E-3", "1e-400", "-2e-400", "1e400", "4.9e-324",
				"1.7976931348623157e308", "123456789012345678901.5", "0.1000000000000000055511151231257827", "1", "-7",
				"1.5e0001" };
		int compact = 0;
		for (int i = 0; i < 2000; i++) {
			StringBuilder array = new StringBuilder("[");
			int count = random.nextInt(1, 60);
			for (int j = 0; j < count; j++) {
				if (j > 0) {
					array.append(random.nextBoolean() ? "," : " ,\n ");
				}
				array.append((random.nextInt(40) == 0) ? odd[random.nextInt(odd.length)] : decimal(random));
			}
			array.append(']');
			byte[] input = ("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":[" + array + "],\"id\":1}")
				.getBytes(StandardCharsets.UTF_8);
			for (JsonRpcCodec codec : CODECS) {
				JsonRpcPayload expected = codec.decodeWithJackson(input, 0, input.length);
				JsonRpcPayload actual = codec.decode(input, 0, input.length);
				if (actual.entries().get(0) instanceof JsonRpcRequest request
						&& expected.entries().get(0) instanceof JsonRpcRequest jackson) {
					// Before anything reads the array as nodes.
					double[] doubles = DoubleNodeList.doubles(request.params().get(0));
					if (doubles != null) {
						compact++;
						JsonNode nodes = jackson.params().get(0);
						assertThat(doubles).hasSize(nodes.size());
						for (int k = 0; k < doubles.length; k++) {
							assertThat(nodes.get(k).isDouble()).as("%s [%d]", array, k).isTrue();
							assertThat(Double.doubleToRawLongBits(doubles[k])).as("%s [%d]", array, k)
								.isEqualTo(Double.doubleToRawLongBits(nodes.get(k).doubleValue()));
						}
					}
				}
				assertThat(actual).as("%s", array).isEqualTo(expected);
				assertSameNodeTypes(array.toString(), actual, expected);
			}
		}
		// Most arrays are long enough and plain decimals, under the mappers with doubles.
		assertThat(compact).isGreaterThan(2000);
	}

	@Test
	void arrayOfKeptDecimalsActsAsJacksonsArray() {
		byte[] input = ("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":[[" + "0.5,".repeat(20) + "-0.0]],\"id\":1}")
			.getBytes(StandardCharsets.UTF_8);
		JsonRpcCodec codec = CODECS.get(0);
		JsonNode kept = ((JsonRpcRequest) codec.decode(input, 0, input.length).entries().get(0)).params().get(0);
		JsonNode jackson = ((JsonRpcRequest) codec.decodeWithJackson(input, 0, input.length).entries().get(0)).params()
			.get(0);
		assertThat(DoubleNodeList.doubles(kept)).hasSize(21);
		assertThat(kept).isEqualTo(jackson).hasSameHashCodeAs(jackson);
		assertThat(kept.toString()).isEqualTo(jackson.toString());
		assertThat(MAPPER.writeValueAsString(kept)).isEqualTo(MAPPER.writeValueAsString(jackson));
		// Read as nodes, it is nodes from then on: the same node each time, changes kept.
		assertThat(DoubleNodeList.doubles(kept)).isNull();
		assertThat(kept.get(3)).isSameAs(kept.get(3));
		((ArrayNode) kept).set(0, MAPPER.getNodeFactory().stringNode("x"));
		((ArrayNode) kept).add(7);
		assertThat(kept.size()).isEqualTo(22);
		assertThat(kept.get(0).stringValue()).isEqualTo("x");
		assertThat(kept.get(21).intValue()).isEqualTo(7);
		assertThat(DoubleNodeList.boxed(kept)).isNull();
	}

	private static String decimal(Random random) {
		return switch (random.nextInt(4)) {
			case 0 -> String.format(Locale.ROOT, "%.6f", random.nextDouble() * 10000 - 5000);
			case 1 -> Double.toString(random.nextGaussian());
			case 2 -> Double.toString(Double.longBitsToDouble(random.nextLong()));
			default -> random.nextInt(1000) + "." + random.nextInt(1000) + "e" + (random.nextInt(60) - 30);
		};
	}

	@Test
	void loneSurrogateEscapeStaysALoneSurrogateAsInJackson() {
		byte[] json = "{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":[\"\\uD800\",\"\\uDE00x\"],\"id\":1}"
			.getBytes(StandardCharsets.UTF_8);
		JsonRpcRequest request = (JsonRpcRequest) assertSameEverywhere("lone surrogates", json).entries().get(0);
		assertThat(request.params().get(0).stringValue()).isEqualTo("\uD800");
		assertThat(request.params().get(1).stringValue()).isEqualTo("\uDE00x");
	}

	@Test
	void longStringIsReadWhole() {
		String base64 = "QUJD".repeat(22_000) + "\u00e9";
		byte[] json = ("{\"jsonrpc\":\"2.0\",\"method\":\"put\",\"params\":[\"" + base64 + "\"],\"id\":1}")
			.getBytes(StandardCharsets.UTF_8);
		JsonRpcRequest request = (JsonRpcRequest) assertSameEverywhere("long string", json).entries().get(0);
		assertThat(request.params().get(0).stringValue()).isEqualTo(base64);
	}

	@Test
	void everyByteIsSeenWhereverItFallsInTheWordsScannedAtOnce() {
		byte[] head = "{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":[\"".getBytes(StandardCharsets.UTF_8);
		byte[] tail = "\"],\"id\":1}".getBytes(StandardCharsets.UTF_8);
		List<byte[]> insertions = new ArrayList<>();
		for (int value = 0; value < 256; value++) {
			insertions.add(new byte[] { (byte) value });
		}
		insertions.add("\u00e9".getBytes(StandardCharsets.UTF_8));
		insertions.add("\\n".getBytes(StandardCharsets.UTF_8));
		insertions.add("\\\"".getBytes(StandardCharsets.UTF_8));
		int strings = 0;
		for (byte[] insertion : insertions) {
			for (int at = 0; at <= 34; at++) {
				byte[] content = new byte[34 + insertion.length];
				Arrays.fill(content, (byte) 'Q');
				System.arraycopy(insertion, 0, content, at, insertion.length);
				byte[] json = insert(insert(tail, 0, content), 0, head);
				JsonRpcPayload payload = assertSameEverywhere("0x" + HexFormat.of().formatHex(insertion) + " at " + at,
						json);
				if (payload.entries().get(0) instanceof JsonRpcRequest) {
					strings++;
				}
			}
		}
		// 0x20 to 0x7f but the quote and the backslash, and the three sequences.
		assertThat(strings).isEqualTo((96 - 2 + 3) * 35);
	}

	@Test
	void mapperWithLenientFeaturesIsReadByJackson() {
		JsonMapper lenient = JsonMapper
			.builder(JsonFactory.builder().enable(JsonReadFeature.ALLOW_JAVA_COMMENTS).build())
			.build();
		byte[] json = "{\"jsonrpc\":\"2.0\",/* c */\"method\":\"m\",\"id\":1}".getBytes(StandardCharsets.UTF_8);
		assertThat(new JsonRpcCodec(lenient, 10).readsJsonItself()).isFalse();
		assertThat(new JsonRpcCodec(lenient, 10).decode(json, 0, json.length).entries()).singleElement()
			.isInstanceOf(JsonRpcRequest.class);
		assertThat(new JsonRpcCodec(MAPPER, 10).decode(json, 0, json.length).entries()).singleElement()
			.isEqualTo(new InvalidRequest(null, JsonRpcErrorCode.PARSE_ERROR.toError()));
	}

	@Test
	void streamLongerThanItsCopyIsReadAlike() {
		StringBuilder params = new StringBuilder();
		for (int i = 0; i < 60_000; i++) {
			params.append((i > 0) ? "," : "").append(i);
		}
		byte[] json = ("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":[" + params + "],\"id\":1}")
			.getBytes(StandardCharsets.UTF_8);
		assertThat(json.length).isGreaterThan(256 * 1024);
		JsonRpcCodec codec = CODECS.get(0);
		JsonRpcPayload payload = codec.decode(json, 0, json.length);
		assertThat(((JsonRpcRequest) payload.entries().get(0)).params().size()).isEqualTo(60_000);
		assertThat(codec.decode(new ByteArrayInputStream(json))).isEqualTo(payload);
		assertThat(codec.decode(new ByteArrayInputStream(json) {

			@Override
			public boolean markSupported() {
				return false;
			}

		})).isEqualTo(payload);
	}

	private static JsonRpcPayload assertSameEverywhere(String description, byte[] input) {
		JsonRpcPayload first = null;
		for (JsonRpcCodec codec : CODECS) {
			byte[] framed = new byte[input.length + 6];
			Arrays.fill(framed, (byte) '{');
			System.arraycopy(input, 0, framed, 3, input.length);
			JsonRpcPayload expected = codec.decodeWithJackson(input, 0, input.length);
			JsonRpcPayload actual = codec.decode(framed, 3, input.length);
			assertThat(actual).as("%s", description).isEqualTo(expected);
			assertSameNodeTypes(description, actual, expected);
			assertThat(codec.decode(new ByteArrayInputStream(input))).as("%s from a stream", description)
				.isEqualTo(expected);
			if (first == null) {
				first = actual;
			}
		}
		return first;
	}

	/** Node equality already tells number node types apart; this says so plainly. */
	private static void assertSameNodeTypes(String description, JsonRpcPayload actual, JsonRpcPayload expected) {
		for (int i = 0; i < actual.entries().size(); i++) {
			if (actual.entries().get(i) instanceof JsonRpcRequest request) {
				JsonRpcRequest other = (JsonRpcRequest) expected.entries().get(i);
				assertSameTypes(description, request.params(), other.params());
				assertSameTypes(description, request.id(), other.id());
			}
		}
	}

	private static void assertSameTypes(String description, JsonNode actual, JsonNode expected) {
		if (actual == null || expected == null) {
			assertThat(actual).as("%s", description).isEqualTo(expected);
			return;
		}
		assertThat(actual.getClass()).as("%s: %s", description, actual).isEqualTo(expected.getClass());
		for (int i = 0; i < actual.size(); i++) {
			if (actual.isArray()) {
				assertSameTypes(description, actual.get(i), expected.get(i));
			}
		}
		for (String name : actual.propertyNames()) {
			assertSameTypes(description, actual.get(name), expected.get(name));
		}
	}

	private static List<byte[]> fixedInputs() {
		List<String> texts = new ArrayList<>(REQUESTS);
		texts.addAll(List.of("", "   ", "[", "]", "[]", "[] 1", "{}", "[1]", "[1,2,3]", "true", "false", "null", "5",
				"\"2.0\"", "{\"jsonrpc\":\"2.0\"", "{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"id\":1} xyz",
				"{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"id\":1}{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"id\":2}",
				"[{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"id\":1}]]",
				"[{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"id\":1},",
				"{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"id\":1} \r\n\t", "[1,2,3,4,{\"jsonrpc\":]",
				"{\"jsonrpc\":\"1.0\",\"method\":\"m\",\"id\":1}", "{\"jsonrpc\":2.0,\"method\":\"m\",\"id\":1}",
				"{\"jsonrpc\":\"2.0\",\"id\":1}", "{\"jsonrpc\":\"2.0\",\"method\":null,\"id\":1}",
				"{\"jsonrpc\":\"2.0\",\"method\":[\"m\"],\"id\":1}",
				"{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"id\":true}",
				"{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"id\":[1]}",
				"{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":5}",
				"{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":[1],\"params\":\"x\",\"id\":1}",
				"{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":[1e99999999999],\"params\":[1],\"id\":1}",
				"{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"method\":\"b\",\"id\":1}",
				"{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"id\":1,\"id\":2}",
				"{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"params\":{\"x\":{\"y\":1,\"y\":2},\"x\":1e99999999999},\"id\":1}",
				"{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"params\":{\"x\":1e99999999999,\"y\":1,\"y\":2},\"id\":1}",
				"{\"jsonrpc\":{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":1}}",
				"{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"id\":-0}",
				"{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"id\":-0.0}",
				"{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"id\":1E400}",
				"{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"id\":1.0}", "[" + "[".repeat(600) + "]".repeat(600) + "]",
				"[" + "{\"a\":".repeat(10) + "1" + "}".repeat(10) + "]",
				"{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":[" + "[".repeat(8) + "]".repeat(8) + "]}",
				"{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"x\":[" + "{\"k\":[".repeat(30) + "]}".repeat(30) + "]}",
				"{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":{\"abcdefghij\":1}}",
				"{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":{\"abcdefghi\":1}}",
				"{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":{\"\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\":1}}",
				"{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":[1234567890123],\"id\":123456789012}"));
		List<byte[]> inputs = new ArrayList<>();
		for (String text : texts) {
			inputs.add(text.getBytes(StandardCharsets.UTF_8));
		}
		// A byte order mark before a request, and before nothing.
		inputs.add(HexFormat.of().parseHex("efbbbf7b7d"));
		inputs.add(HexFormat.of().parseHex("efbbbf"));
		inputs.add(HexFormat.of().parseHex("efbbbf20"));
		inputs.add(HexFormat.of().parseHex("7b226a736f6e727063223a22322e30222c226d6574686f64223a2270696ec1a7227d"));
		return inputs;
	}

	private static byte[] mutate(byte[] input, Random random) {
		int at = (input.length == 0) ? 0 : random.nextInt(input.length);
		return switch (random.nextInt(9)) {
			case 0 -> {
				// Flip a bit.
				byte[] copy = input.clone();
				if (copy.length > 0) {
					copy[at] ^= (byte) (1 << random.nextInt(8));
				}
				yield copy;
			}
			case 1 -> Arrays.copyOf(input, at);
			case 2 -> insert(input, at, new byte[] { '"' });
			case 3 -> insert(input, at, new byte[] { '\\' });
			case 4 -> insert(input, at, new byte[] { (byte) (0x80 + random.nextInt(128)) });
			case 5 -> insert(input, at, pick(random, "\u00e9", "\u20ac", "\ud83d\ude00", "\\u00e9", "\\uD83D",
					"\\uDE00", "\\n", "\\x", "\u0001", "\t"));
			case 6 -> {
				int depth = 1 + random.nextInt(12);
				yield insert(input, at, ("[".repeat(depth) + "]".repeat(random.nextInt(depth + 1)))
					.getBytes(StandardCharsets.US_ASCII));
			}
			case 7 -> insert(input, at, pick(random, "0", "-", ".", "e", "E+", "1e400", "00", "123456789012345678901",
					",", ":", "}", "]", "{", "[", " ", "null", "tru", "\"id\":", "\"method\":\"x\","));
			default -> {
				// Remove a byte.
				if (input.length == 0) {
					yield input;
				}
				byte[] copy = new byte[input.length - 1];
				System.arraycopy(input, 0, copy, 0, at);
				System.arraycopy(input, at + 1, copy, at, input.length - at - 1);
				yield copy;
			}
		};
	}

	private static byte[] pick(Random random, String... choices) {
		return choices[random.nextInt(choices.length)].getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] insert(byte[] input, int at, byte[] inserted) {
		byte[] copy = new byte[input.length + inserted.length];
		System.arraycopy(input, 0, copy, 0, at);
		System.arraycopy(inserted, 0, copy, at, inserted.length);
		System.arraycopy(input, at, copy, at + inserted.length, input.length - at);
		return copy;
	}

	static {
		// Fail loudly if a resource path moved, rather than compare nothing.
		if (!Files.isDirectory(SUITE) || !Files.isDirectory(SEEDS)) {
			throw new UncheckedIOException(
					new IOException("test resources not found under " + Path.of("").toAbsolutePath()));
		}
	}

}
