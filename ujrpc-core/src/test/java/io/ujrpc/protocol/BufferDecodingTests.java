package io.ujrpc.protocol;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.cbor.CBORMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A payload decoded from the buffers a body arrived in (split anywhere, heap or direct)
 * is the payload decoded from one array of the same bytes, in CBOR and in MessagePack,
 * for requests and for mutations of them.
 */
class BufferDecodingTests {

	private static final JsonRpcCodec CODEC = new JsonRpcCodec(JsonMapper.builder().build(), 10);

	private static final CBORMapper CBOR = CBORMapper.builder().build();

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	@Test
	void cborAndMessagePackDecodeFromBuffersAsFromAnArray() {
		Random random = new Random(86);
		int errors = 0;
		for (int i = 0; i < 3000; i++) {
			JsonNode request = request(random);
			byte[] cbor = CBOR.writeValueAsBytes(request);
			byte[] msgpack = messagePack(request);
			for (Encoding encoding : new Encoding[] { Encoding.CBOR, Encoding.MESSAGE_PACK }) {
				byte[] bytes = (encoding == Encoding.CBOR) ? cbor : msgpack;
				if (random.nextBoolean()) {
					bytes = mutate(bytes, random);
				}
				byte[] document = bytes;
				String expected = describe(CODEC.decode(encoding, document, 0, document.length));
				if (expected.contains("-32700")) {
					errors++;
				}
				assertThat(describe(CODEC.decode(encoding, TestBuffers.split(document, random))))
					.as(() -> encoding + " " + HexFormat.of().formatHex(document))
					.isEqualTo(expected);
			}
		}
		assertThat(errors).isBetween(100, 2900);
	}

	@Test
	void aTypedArraySplitBetweenBuffersDecodesWhole() {
		double[] values = new Random(3).doubles(1000).toArray();
		ObjectNode request = NODES.objectNode().put("jsonrpc", "2.0").put("method", "echo").put("id", 1);
		request.putArray("params").add(NODES.binaryNode(io.ujrpc.array.PrimitiveArrays.toBytes(values)));
		byte[] cbor = CBOR.writeValueAsBytes(request);
		String expected = describe(CODEC.decode(Encoding.CBOR, cbor, 0, cbor.length));
		for (int cut = 1; cut < cbor.length; cut += 97) {
			ByteBuffer[] buffers = { TestBuffers.direct(cbor, 0, cut),
					TestBuffers.direct(cbor, cut, cbor.length - cut) };
			assertThat(describe(CODEC.decode(Encoding.CBOR, buffers))).isEqualTo(expected);
			assertThat(buffers[0].position()).isEqualTo(3);
		}
	}

	private static String describe(JsonRpcPayload payload) {
		return payload.toString();
	}

	private static byte[] messagePack(JsonNode request) {
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		try {
			org.msgpack.core.MessagePacker packer = org.msgpack.core.MessagePack.newDefaultPacker(out);
			MessagePackTokens.writeTree(packer, request, JsonMapper.builder().build().writer());
			packer.flush();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	private static JsonNode request(Random random) {
		ObjectNode request = NODES.objectNode();
		request.put("jsonrpc", (random.nextInt(10) == 0) ? "1.0" : "2.0");
		request.put("method", random.nextBoolean() ? "echo" : "sum");
		if (random.nextInt(4) != 0) {
			request.set("params", value(random, 0));
		}
		switch (random.nextInt(4)) {
			case 0 -> request.put("id", random.nextLong());
			case 1 -> request.put("id", "id-" + random.nextInt(100));
			case 2 -> request.putNull("id");
			default -> {
			}
		}
		return (random.nextInt(5) == 0) ? NODES.arrayNode().add(request).add(request.deepCopy()) : request;
	}

	private static JsonNode value(Random random, int depth) {
		return switch (random.nextInt((depth > 3) ? 6 : 8)) {
			case 0 -> NODES.numberNode(random.nextInt());
			case 1 -> NODES.numberNode(random.nextGaussian());
			case 2 -> NODES.stringNode("s\u00e9" + random.nextInt(1000));
			case 3 -> {
				byte[] bytes = new byte[(random.nextInt(3) == 0) ? 5000 + random.nextInt(70000) : random.nextInt(40)];
				random.nextBytes(bytes);
				yield NODES.binaryNode(bytes);
			}
			case 4 -> NODES.booleanNode(random.nextBoolean());
			case 5 -> NODES.nullNode();
			case 6 -> {
				ArrayNode array = NODES.arrayNode();
				for (int i = random.nextInt(5); i > 0; i--) {
					array.add(value(random, depth + 1));
				}
				yield array;
			}
			default -> {
				ObjectNode object = NODES.objectNode();
				for (int i = random.nextInt(5); i > 0; i--) {
					object.set("k" + random.nextInt(10), value(random, depth + 1));
				}
				yield object;
			}
		};
	}

	private static byte[] mutate(byte[] bytes, Random random) {
		byte[] mutated = bytes.clone();
		switch (random.nextInt(3)) {
			case 0 -> mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
			case 1 -> mutated = java.util.Arrays.copyOf(mutated, random.nextInt(mutated.length));
			default -> mutated[random.nextInt(mutated.length)] ^= (byte) (1 << random.nextInt(8));
		}
		return mutated;
	}

}
