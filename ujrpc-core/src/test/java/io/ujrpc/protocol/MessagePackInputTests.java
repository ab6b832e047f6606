package io.ujrpc.protocol;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.function.Function;

import io.ujrpc.array.NdArray;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MessagePack read in place gives what msgpack-core's reading gave
 * ({@link MessagePackCoreReference}): the same tokens for random valid documents, for
 * mutations of them, and for the same bytes split between buffers (heap and direct), or a
 * parse failure for both.
 */
class MessagePackInputTests {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final Function<JsonParser, JsonNode> TREES = (parser) -> (JsonNode) MAPPER.readTree(parser);

	@Test
	void randomDocumentsReadAsMsgpackCoreReadThem() throws IOException {
		Random random = new Random(11);
		for (int i = 0; i < 2000; i++) {
			byte[] document = document(random);
			assertSameReading(document, random);
		}
	}

	@Test
	void mutatedDocumentsReadAsMsgpackCoreReadThem() throws IOException {
		Random random = new Random(8192);
		int malformed = 0;
		for (int i = 0; i < 6000; i++) {
			byte[] mutated = mutate(document(random), random);
			if (assertSameReading(mutated, random) == null) {
				malformed++;
			}
		}
		// The mutations reach both outcomes.
		assertThat(malformed).isBetween(500, 5500);
	}

	@Test
	void everyTypeByteAloneAndWithShortBodiesReadsAsMsgpackCoreReadIt() {
		Random random = new Random(1);
		for (int type = 0; type < 256; type++) {
			for (int extra = 0; extra <= 10; extra++) {
				byte[] bytes = new byte[1 + extra];
				bytes[0] = (byte) type;
				for (int i = 1; i < bytes.length; i++) {
					bytes[i] = (byte) random.nextInt(256);
				}
				assertSameReading(bytes, random);
			}
		}
	}

	@Test
	void msgpackNumpyArraySplitAnywhereReadsWhole() throws IOException {
		MessageBufferPacker packer = MessagePack.newDefaultBufferPacker();
		packer.packMapHeader(2).packString("id").packInt(7).packString("params").packArrayHeader(1);
		packer.packMapHeader(5);
		binaryKey(packer, "nd").packBoolean(true);
		binaryKey(packer, "type").packString("<f8");
		binaryKey(packer, "kind").packBinaryHeader(0);
		binaryKey(packer, "shape").packArrayHeader(1).packInt(300);
		byte[] data = new byte[2400];
		new Random(3).nextBytes(data);
		binaryKey(packer, "data").packBinaryHeader(data.length).writePayload(data);
		byte[] document = packer.toByteArray();
		for (int cut = 1; cut < document.length; cut += 7) {
			ByteBuffer[] buffers = { TestBuffers.direct(document, 0, cut),
					TestBuffers.direct(document, cut, document.length - cut) };
			assertThat(tokens(MessagePackTokens.read(buffers, TREES))).isEqualTo(reference(document));
		}
		ByteBuffer[] buffers = { ByteBuffer.wrap(document) };
		try (JsonParser parser = MessagePackTokens.read(buffers, TREES)) {
			parser.nextToken();
			parser.nextName();
			parser.nextToken();
			parser.nextName();
			parser.nextToken();
			assertThat(parser.nextToken()).isEqualTo(JsonToken.VALUE_EMBEDDED_OBJECT);
			NdArray array = (NdArray) parser.getEmbeddedObject();
			assertThat(array.data()).isEqualTo(data);
			assertThat(array.format()).isEqualTo(NdArray.Format.NUMPY);
		}
		assertThat(buffers[0].position()).isZero();
	}

	@Test
	void nestingBeyondTheLimitIsMalformedAsBefore() {
		int depth = MessagePackTokens.MAX_DEPTH + 1;
		byte[] deep = new byte[depth + 1];
		Arrays.fill(deep, 0, depth, (byte) 0x91);
		deep[depth] = (byte) 0xc0;
		assertThat(reference(deep)).isNull();
		assertThat(read(deep)).isNull();
		byte[] limit = Arrays.copyOfRange(deep, 1, deep.length);
		assertThat(read(limit)).isEqualTo(reference(limit));
	}

	@Test
	void msgpackNumpyArraysAtTheNestingLimitReadAsBefore() throws IOException {
		for (int depth = MessagePackTokens.MAX_DEPTH - 3; depth <= MessagePackTokens.MAX_DEPTH + 1; depth++) {
			MessageBufferPacker packer = MessagePack.newDefaultBufferPacker();
			for (int i = 0; i < depth; i++) {
				packer.packArrayHeader(1);
			}
			packer.packMapHeader(5);
			binaryKey(packer, "nd").packBoolean(true);
			binaryKey(packer, "type").packString("<f8");
			binaryKey(packer, "kind").packBinaryHeader(0);
			binaryKey(packer, "shape").packArrayHeader(1).packInt(1);
			binaryKey(packer, "data").packBinaryHeader(8).writePayload(new byte[8]);
			byte[] document = packer.toByteArray();
			assertThat(read(document)).as("depth %d", depth).isEqualTo(reference(document));
		}
	}

	/*
	 * @return the tokens, or null when both failed
	 */
	private static String assertSameReading(byte[] document, Random random) {
		String expected = reference(document);
		assertThat(read(document)).as(() -> HexFormat.of().formatHex(document)).isEqualTo(expected);
		assertThat(split(document, random)).as(() -> "split " + HexFormat.of().formatHex(document)).isEqualTo(expected);
		return expected;
	}

	private static String reference(byte[] document) {
		JsonParser parser;
		try {
			parser = MessagePackCoreReference.read(document, 0, document.length, TREES);
		}
		catch (MessagePackTokens.Malformed ex) {
			return null;
		}
		return tokens(parser);
	}

	private static String read(byte[] document) {
		try {
			return tokens(MessagePackTokens.read(document, 0, document.length, TREES));
		}
		catch (MessagePackTokens.Malformed ex) {
			return null;
		}
	}

	private static String split(byte[] document, Random random) {
		try {
			return tokens(MessagePackTokens.read(TestBuffers.split(document, random), TREES));
		}
		catch (MessagePackTokens.Malformed ex) {
			return null;
		}
	}

	private static String tokens(JsonParser parser) {
		StringBuilder out = new StringBuilder();
		try (parser) {
			JsonToken token;
			while ((token = parser.nextToken()) != null) {
				out.append(token).append(' ');
				switch (token) {
					case PROPERTY_NAME -> out.append(parser.currentName());
					case VALUE_STRING -> out.append(parser.getString());
					case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT ->
						out.append(parser.getNumberType()).append(' ').append(parser.getNumberValue());
					case VALUE_EMBEDDED_OBJECT -> {
						Object embedded = parser.getEmbeddedObject();
						if (embedded instanceof byte[] bytes) {
							out.append("bytes ").append(HexFormat.of().formatHex(bytes));
						}
						else if (embedded instanceof NdArray array) {
							out.append(array)
								.append(' ')
								.append(array.format())
								.append(' ')
								.append(HexFormat.of().formatHex(array.data()));
						}
						else {
							out.append(embedded);
						}
					}
					default -> {
					}
				}
				out.append('\n');
			}
		}
		return out.toString();
	}

	private static byte[] document(Random random) throws IOException {
		MessageBufferPacker packer = MessagePack.newDefaultBufferPacker();
		value(packer, random, 0);
		return packer.toByteArray();
	}

	private static void value(MessageBufferPacker packer, Random random, int depth) throws IOException {
		int kind = random.nextInt((depth > 4) ? 12 : 16);
		switch (kind) {
			case 0 -> packer.packNil();
			case 1 -> packer.packBoolean(random.nextBoolean());
			case 2 -> packer.packLong(integer(random));
			case 3 -> packer.packBigInteger(BigInteger.valueOf(random.nextLong()).abs().setBit(63));
			case 4 -> packer.packFloat(random.nextFloat() * 1000 - 500);
			case 5 -> packer.packDouble(random.nextBoolean() ? random.nextGaussian() * 1e10 : special(random));
			case 6 -> packer.packString(text(random));
			case 7 -> {
				byte[] raw = new byte[random.nextInt(40)];
				random.nextBytes(raw);
				packer.packRawStringHeader(raw.length).writePayload(raw);
			}
			case 8 -> {
				byte[] data = new byte[sized(random)];
				random.nextBytes(data);
				packer.packBinaryHeader(data.length).writePayload(data);
			}
			case 9 ->
				packer.packExtensionTypeHeader((byte) random.nextInt(10), random.nextInt(20)).writePayload(new byte[0]);
			case 10 -> packer.packLong(random.nextInt(300) - 150);
			case 11 -> packer.packString(random.nextBoolean() ? "nd" : "2.0");
			case 12, 13 -> {
				int size = random.nextInt(6);
				packer.packArrayHeader(size);
				for (int i = 0; i < size; i++) {
					value(packer, random, depth + 1);
				}
			}
			case 14 -> numpy(packer, random);
			default -> {
				int size = random.nextInt(6);
				packer.packMapHeader(size);
				for (int i = 0; i < size; i++) {
					switch (random.nextInt(5)) {
						case 0 -> binaryKey(packer, random.nextBoolean() ? "nd" : text(random));
						case 1 -> packer.packLong(integer(random));
						case 2 -> packer.packString("nd");
						default -> packer.packString(text(random));
					}
					value(packer, random, depth + 1);
				}
			}
		}
	}

	private static void numpy(MessageBufferPacker packer, Random random) throws IOException {
		boolean binaryKeys = random.nextBoolean();
		String[] types = { "<f8", "<i4", ">f8", "|u1", "<f4", "bad" };
		String type = types[random.nextInt(types.length)];
		int count = random.nextInt(20);
		int size = switch (type) {
			case "|u1" -> 1;
			case "<i4", "<f4" -> 4;
			default -> 8;
		};
		packer.packMapHeader(5);
		key(packer, "nd", binaryKeys).packBoolean(random.nextInt(8) != 0);
		key(packer, "type", binaryKeys).packString(type);
		key(packer, "kind", binaryKeys).packBinaryHeader(0);
		key(packer, "shape", binaryKeys).packArrayHeader(1).packInt(count);
		byte[] data = new byte[count * size + ((random.nextInt(8) == 0) ? 1 : 0)];
		random.nextBytes(data);
		key(packer, "data", binaryKeys).packBinaryHeader(data.length).writePayload(data);
	}

	private static MessageBufferPacker key(MessageBufferPacker packer, String name, boolean binary) throws IOException {
		return binary ? binaryKey(packer, name) : (MessageBufferPacker) packer.packString(name);
	}

	private static MessageBufferPacker binaryKey(MessageBufferPacker packer, String name) throws IOException {
		byte[] bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
		packer.packBinaryHeader(bytes.length).writePayload(bytes);
		return packer;
	}

	private static int sized(Random random) {
		return switch (random.nextInt(4)) {
			case 0 -> random.nextInt(4);
			case 1 -> random.nextInt(300);
			case 2 -> 65536 + random.nextInt(100);
			default -> random.nextInt(70000);
		};
	}

	private static long integer(Random random) {
		return switch (random.nextInt(6)) {
			case 0 -> random.nextInt(256) - 128;
			case 1 -> random.nextInt(70000) - 35000;
			case 2 -> random.nextInt();
			case 3 -> random.nextInt() & 0xffffffffL;
			case 4 -> random.nextLong();
			default -> (random.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE) + random.nextInt(3) - 1;
		};
	}

	private static double special(Random random) {
		double[] values = { 0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
				Double.MAX_VALUE };
		return values[random.nextInt(values.length)];
	}

	private static String text(Random random) {
		String[] texts = { "", "jsonrpc", "method", "params", "id", "é", "\u0000", "日本語", "\uD83D\uDE00",
				"a".repeat(40), "b".repeat(300), "x\u00ffy" };
		return texts[random.nextInt(texts.length)];
	}

	private static byte[] mutate(byte[] document, Random random) {
		byte[] bytes = document;
		int rounds = 1 + random.nextInt(3);
		for (int r = 0; r < rounds; r++) {
			int at = (bytes.length == 0) ? 0 : random.nextInt(bytes.length);
			switch (random.nextInt(6)) {
				case 0 -> {
					if (bytes.length > 0) {
						bytes = bytes.clone();
						bytes[at] = (byte) random.nextInt(256);
					}
				}
				case 1 -> {
					if (bytes.length > 0) {
						bytes = bytes.clone();
						bytes[at] ^= (byte) (1 << random.nextInt(8));
					}
				}
				case 2 -> bytes = Arrays.copyOf(bytes, Math.max(0, bytes.length - 1 - random.nextInt(8)));
				case 3 -> {
					byte[] longer = new byte[bytes.length + 1];
					System.arraycopy(bytes, 0, longer, 0, at);
					longer[at] = (byte) random.nextInt(256);
					System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
					bytes = longer;
				}
				case 4 -> {
					if (bytes.length > 0) {
						byte[] shorter = new byte[bytes.length - 1];
						System.arraycopy(bytes, 0, shorter, 0, at);
						System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
						bytes = shorter;
					}
				}
				default -> {
					// A type byte that carries a length, with a large one.
					if (bytes.length > 5) {
						bytes = bytes.clone();
						int[] lengthTypes = { 0xc6, 0xdb, 0xdd, 0xdf, 0xc5, 0xda, 0xdc, 0xde };
						bytes[at] = (byte) lengthTypes[random.nextInt(lengthTypes.length)];
					}
				}
			}
		}
		return bytes;
	}

}
