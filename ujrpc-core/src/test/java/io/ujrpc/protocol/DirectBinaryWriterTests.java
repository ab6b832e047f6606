package io.ujrpc.protocol;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import io.ujrpc.array.NdArray;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Responses written into a buffer of their size are, byte for byte, what the general
 * writers (msgpack-core, Jackson's CBOR generator) write; the rest are left to those.
 */
class DirectBinaryWriterTests {

	private static final JsonRpcCodec CODEC = new JsonRpcCodec(JsonMapper.builder().build(), 10);

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private static final Encoding[] BINARY = { Encoding.MESSAGE_PACK, Encoding.CBOR };

	@Test
	void successesAreWrittenAsTheGeneralWritersWriteThem() {
		int written = 0;
		for (Object result : results()) {
			for (JsonNode id : ids()) {
				for (Encoding encoding : BINARY) {
					JsonRpcResponse response = JsonRpcResponse.success(id, result);
					int size = CODEC.encodedSize(encoding, response);
					if (size < 0) {
						continue;
					}
					written++;
					byte[] expected = general(encoding, response);
					assertThat(direct(encoding, response, size, false)).as(() -> describe(encoding, response))
						.isEqualTo(expected);
					assertThat(direct(encoding, response, size, true)).as(() -> describe(encoding, response))
						.isEqualTo(expected);
				}
			}
		}
		// Everything but the few forms left to the general writers.
		assertThat(written).isGreaterThan(results().size() * ids().size());
	}

	@Test
	void theCommonResultsAndIdsAreWrittenDirectly() {
		for (Encoding encoding : BINARY) {
			assertThat(CODEC.encodedSize(encoding, JsonRpcResponse.success(NODES.numberNode(1), new double[8192])))
				.isEqualTo(general(encoding, JsonRpcResponse.success(NODES.numberNode(1), new double[8192])).length);
			NdArray array = NdArray.of(new double[] { 1, 2 }).withFormat(NdArray.Format.NUMPY);
			assertThat(CODEC.encodedSize(encoding, JsonRpcResponse.success(NODES.stringNode("a"), array))).isPositive();
			assertThat(CODEC.encodedSize(encoding, JsonRpcResponse.success(null, 3L))).isPositive();
		}
	}

	@Test
	void errorsStructuredArraysAndOtherValuesAreLeftToTheGeneralWriters() {
		NdArray array = NdArray.of(new double[] { 1, 2 });
		List<JsonRpcResponse> others = List.of(
				JsonRpcResponse.failure(NODES.numberNode(1), JsonRpcErrorCode.INTERNAL_ERROR.toError()),
				JsonRpcResponse.success(NODES.numberNode(1), array.withFormat(NdArray.Format.LIST)),
				JsonRpcResponse.success(NODES.numberNode(1), array.withFormat(NdArray.Format.BUFFER)),
				JsonRpcResponse.success(NODES.numberNode(1), List.of(1, 2)),
				JsonRpcResponse.success(NODES.numberNode(1), NODES.objectNode()),
				JsonRpcResponse.success(NODES.numberNode(1), 1.5f),
				JsonRpcResponse.success(NODES.numberNode(BigInteger.TWO.pow(70)), 1L),
				JsonRpcResponse.success(NODES.numberNode(1.5), 1L),
				JsonRpcResponse.success(NODES.numberNode(1), "x".repeat(600)));
		for (JsonRpcResponse response : others) {
			assertThat(CODEC.encodedSize(Encoding.MESSAGE_PACK, response)).as(response::toString).isEqualTo(-1);
			assertThat(CODEC.encodedSize(Encoding.CBOR, response)).as(response::toString).isEqualTo(-1);
			assertThat(CODEC.encodedSize(Encoding.JSON, response)).isEqualTo(-1);
		}
		assertThat(CODEC.encodedSize(Encoding.CBOR, JsonRpcResponse.success(null, "é"))).isEqualTo(-1);
	}

	private static byte[] general(Encoding encoding, JsonRpcResponse response) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		CODEC.encode(encoding, out, response);
		return out.toByteArray();
	}

	/* Written at an offset into a heap or direct buffer with room to spare. */
	private static byte[] direct(Encoding encoding, JsonRpcResponse response, int size, boolean direct) {
		ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(size + 20) : ByteBuffer.allocate(size + 20);
		buffer.position(7);
		CODEC.encode(encoding, buffer, response);
		assertThat(buffer.position()).isEqualTo(7 + size);
		byte[] bytes = new byte[size];
		buffer.position(7);
		buffer.get(bytes);
		return bytes;
	}

	private static String describe(Encoding encoding, JsonRpcResponse response) {
		Object result = response.result();
		String text = (result != null && result.getClass().isArray()) ? result.getClass().getSimpleName() : "" + result;
		return encoding + " result " + ((text.length() > 80) ? text.substring(0, 80) : text) + " id " + response.id();
	}

	private static List<Object> results() {
		List<Object> results = new ArrayList<>();
		results.add(null);
		results.add(true);
		results.add(false);
		for (long value : integers()) {
			results.add(value);
			if (value == (int) value) {
				results.add((int) value);
			}
			if (value == (short) value) {
				results.add((short) value);
			}
			if (value == (byte) value) {
				results.add((byte) value);
			}
		}
		for (double value : new double[] { 0.0, -0.0, 1.5, -2.25e300, Double.NaN, Double.POSITIVE_INFINITY,
				Double.MIN_VALUE }) {
			results.add(value);
		}
		for (int length : new int[] { 0, 1, 23, 24, 31, 32, 255, 256, 300, 511, 512 }) {
			results.add("a".repeat(length));
		}
		results.addAll(List.of("é", "日本語", "\uD83D\uDE00", "\uD83D", "a\u0000b"));
		Random random = new Random(17);
		for (int length : new int[] { 0, 1, 2, 15, 16, 31, 32, 33, 8191, 8192, 8193, 9000 }) {
			double[] doubles = random.doubles(length).toArray();
			results.add(doubles);
			results.add(NdArray.of(doubles));
			results.add(NdArray.of(doubles).withFormat(NdArray.Format.NUMPY));
			results.add(NdArray.of(doubles).withFormat(NdArray.Format.NUMPY_TEXT_KEYS));
		}
		for (int length : new int[] { 0, 1, 23, 24, 255, 256, 65535, 65536, 70000 }) {
			byte[] bytes = new byte[length];
			random.nextBytes(bytes);
			results.add(bytes);
			results.add(NdArray.of("|u1", new int[] { length }, bytes));
		}
		results.add(new float[] { 1.5f, -2f, Float.NaN });
		results.add(random.longs(40).toArray());
		results.add(random.ints(3000).toArray());
		results.add(new short[] { 1, -2, Short.MAX_VALUE, Short.MIN_VALUE });
		results.add(NdArray.of(random.doubles(6).toArray(), 2, 3));
		results.add(NdArray.of(random.doubles(1).toArray(), new int[0]));
		results.add(NdArray.of(random.ints(300 * 20).toArray(), 300, 20));
		results.add(NdArray.of(new long[0], 0, 5));
		int[] manyDims = new int[17];
		Arrays.fill(manyDims, 1);
		results.add(NdArray.of(new float[] { 2f }, manyDims));
		results.add(NdArray.of(">f8", new int[] { 2 }, new byte[16]));
		return results;
	}

	private static long[] integers() {
		return new long[] { 0, 1, -1, 23, 24, 31, 32, -32, -33, 127, 128, -128, -129, 255, 256, 32767, 32768, -32768,
				-32769, 65535, 65536, Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, Integer.MIN_VALUE,
				Integer.MIN_VALUE - 1L, 4294967295L, 4294967296L, -4294967296L, -4294967297L, Long.MAX_VALUE,
				Long.MIN_VALUE };
	}

	private static List<JsonNode> ids() {
		List<JsonNode> ids = new ArrayList<>();
		ids.add(null);
		ids.add(NullNode.getInstance());
		for (long value : integers()) {
			ids.add((value == (int) value) ? NODES.numberNode((int) value) : NODES.numberNode(value));
		}
		for (String text : new String[] { "", "abc", "x".repeat(31), "y".repeat(40), "z".repeat(300), "é",
				"\uD83D\uDE00" }) {
			ids.add(NODES.stringNode(text));
		}
		return ids;
	}

	static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(bytes);
	}

}
