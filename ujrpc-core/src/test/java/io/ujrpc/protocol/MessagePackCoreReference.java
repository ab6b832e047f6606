package io.ujrpc.protocol;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.util.TokenBuffer;

/**
 * The reading of MessagePack that {@link MessagePackTokens} did over msgpack-core before
 * it read in place, kept as the reference its own reading is compared with.
 */
final class MessagePackCoreReference {

	private static final int MAX_DEPTH = MessagePackTokens.MAX_DEPTH;

	private MessagePackCoreReference() {
	}

	static JsonParser read(byte[] bytes, int offset, int length, Function<JsonParser, JsonNode> trees) {
		return read(MessagePack.newDefaultUnpacker(bytes, offset, length), length, trees);
	}

	private static JsonParser read(MessageUnpacker opened, int length, Function<JsonParser, JsonNode> trees) {
		try (MessageUnpacker unpacker = opened) {
			Reader reader = new Reader(unpacker, length, trees);
			TokenBuffer tokens = new TokenBuffer(false);
			reader.value(tokens, 0);
			if (unpacker.hasNext()) {
				throw new MessagePackTokens.Malformed("content after the value");
			}
			return tokens.asParser(ObjectReadContext.empty());
		}
		catch (IOException | RuntimeException ex) {
			if (ex instanceof MessagePackTokens.Malformed malformed) {
				throw malformed;
			}
			throw new MessagePackTokens.Malformed(ex.getClass().getSimpleName());
		}
	}

	/**
	 * Reads values from one unpacker into token buffers.
	 */
	private static final class Reader {

		private final MessageUnpacker unpacker;

		private final int length;

		private final Function<JsonParser, JsonNode> trees;

		Reader(MessageUnpacker unpacker, int length, Function<JsonParser, JsonNode> trees) {
			this.unpacker = unpacker;
			this.length = length;
			this.trees = trees;
		}

		private long remaining() {
			return this.length - this.unpacker.getTotalReadBytes();
		}

		private int checked(int count, int bytesEach) {
			if (count < 0 || (long) count * bytesEach > remaining()) {
				throw new MessagePackTokens.Malformed("a length beyond the end of the input");
			}
			return count;
		}

		void value(TokenBuffer out, int depth) throws IOException {
			MessageUnpacker in = this.unpacker;
			MessageFormat format = in.getNextFormat();
			switch (format.getValueType()) {
				case NIL -> {
					in.unpackNil();
					out.writeNull();
				}
				case BOOLEAN -> out.writeBoolean(in.unpackBoolean());
				case INTEGER -> {
					if (format == MessageFormat.UINT64) {
						BigInteger value = in.unpackBigInteger();
						if (value.bitLength() < 64) {
							out.writeNumber(value.longValue());
						}
						else {
							out.writeNumber(value);
						}
					}
					else {
						long value = in.unpackLong();
						if (value == (int) value) {
							out.writeNumber((int) value);
						}
						else {
							out.writeNumber(value);
						}
					}
				}
				case FLOAT -> {
					if (format == MessageFormat.FLOAT32) {
						out.writeNumber(in.unpackFloat());
					}
					else {
						out.writeNumber(in.unpackDouble());
					}
				}
				case STRING -> out.writeString(string(in.unpackRawStringHeader()));
				case BINARY -> out.writeBinary(payload(in.unpackBinaryHeader()));
				case ARRAY -> {
					int size = checked(in.unpackArrayHeader(), 1);
					deeper(depth);
					out.writeStartArray(null, size);
					for (int i = 0; i < size; i++) {
						value(out, depth + 1);
					}
					out.writeEndArray();
				}
				case MAP -> map(out, checked(in.unpackMapHeader(), 2), depth);
				case EXTENSION ->
					throw new MessagePackTokens.Malformed("a MessagePack extension type, which is not supported");
			}
		}

		private void map(TokenBuffer out, int size, int depth) throws IOException {
			deeper(depth);
			if (size == 0) {
				out.writeStartObject(null, 0);
				out.writeEndObject();
				return;
			}
			boolean[] binaryKey = new boolean[1];
			String first = key(binaryKey);
			if (!"nd".equals(first)) {
				out.writeStartObject(null, size);
				out.writeName(first);
				entries(out, size, depth, binaryKey);
				return;
			}
			// Maybe msgpack-numpy's array: read it whole, then see.
			TokenBuffer map = new TokenBuffer(false);
			map.writeStartObject(null, size);
			map.writeName(first);
			boolean binaryKeys = binaryKey[0];
			entries(map, size, depth, binaryKey);
			MessagePackTokens.writeMap(out, map, binaryKeys, this.trees);
		}

		private void entries(TokenBuffer out, int size, int depth, boolean[] binaryKey) throws IOException {
			value(out, depth + 1);
			for (int i = 1; i < size; i++) {
				out.writeName(key(binaryKey));
				value(out, depth + 1);
			}
			out.writeEndObject();
		}

		private String key(boolean[] binary) throws IOException {
			MessageFormat format = this.unpacker.getNextFormat();
			switch (format.getValueType()) {
				case STRING -> {
					return string(this.unpacker.unpackRawStringHeader());
				}
				case BINARY -> {
					binary[0] = true;
					return utf8(payload(this.unpacker.unpackBinaryHeader()));
				}
				case INTEGER -> {
					return this.unpacker.unpackBigInteger().toString();
				}
				default -> throw new MessagePackTokens.Malformed(
						"a map key that is " + format.getValueType() + " (expected: a string, bytes or an integer)");
			}
		}

		private void deeper(int depth) {
			if (depth >= MAX_DEPTH) {
				throw new MessagePackTokens.Malformed("nesting deeper than " + MAX_DEPTH);
			}
		}

		private byte[] payload(int length) throws IOException {
			return this.unpacker.readPayload(checked(length, 1));
		}

		private String string(int length) throws IOException {
			return utf8(payload(length));
		}

		private static String utf8(byte[] bytes) {
			try {
				return StandardCharsets.UTF_8.newDecoder()
					.onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT)
					.decode(ByteBuffer.wrap(bytes))
					.toString();
			}
			catch (CharacterCodingException ex) {
				throw new MessagePackTokens.Malformed("a string that is not UTF-8");
			}
		}

	}

}
