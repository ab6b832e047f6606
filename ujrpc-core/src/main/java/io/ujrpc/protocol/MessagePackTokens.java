package io.ujrpc.protocol;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;

import io.ujrpc.array.NdArray;
import io.ujrpc.array.PrimitiveArrays;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamWriteCapability;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.util.TokenBuffer;

/**
 * The bridge between MessagePack and Jackson's token streams, over msgpack-core: reads a
 * MessagePack value into a {@link TokenBuffer} that the codec decodes like any other
 * parser, and writes a buffered token stream as MessagePack.
 * <p>
 * Jackson 3 has no MessagePack data format (msgpack-java's is built on Jackson 2), and a
 * buffer is needed anyway: MessagePack writes the length of an array or map before its
 * elements, which a streaming generator does not know. Strings are validated as UTF-8;
 * lengths are checked against the bytes left before anything is allocated; nesting is
 * bounded. A map whose first key is {@code nd} (as a string or as bytes) is read as
 * msgpack-numpy's array, when it is one.
 */
final class MessagePackTokens {

	/** As Jackson's default for JSON. */
	static final int MAX_DEPTH = 1000;

	private MessagePackTokens() {
	}

	/**
	 * Read one MessagePack value.
	 * @param bytes the bytes
	 * @param offset where the value starts
	 * @param length how many bytes it takes: nothing may follow it
	 * @param trees reads a buffered map as a tree, to see whether it is an array
	 * @return a parser over the value's tokens, before its first
	 * @throws Malformed when the bytes are not one well-formed MessagePack value
	 */
	static JsonParser read(byte[] bytes, int offset, int length, Function<JsonParser, JsonNode> trees) {
		return read(MessagePack.newDefaultUnpacker(bytes, offset, length), length, trees);
	}

	private static JsonParser read(MessageUnpacker opened, int length, Function<JsonParser, JsonNode> trees) {
		try (MessageUnpacker unpacker = opened) {
			Reader reader = new Reader(unpacker, length, trees);
			TokenBuffer tokens = new TokenBuffer(false);
			reader.value(tokens, 0);
			if (unpacker.hasNext()) {
				throw new Malformed("content after the value");
			}
			return tokens.asParser(ObjectReadContext.empty());
		}
		catch (IOException | RuntimeException ex) {
			if (ex instanceof Malformed malformed) {
				throw malformed;
			}
			throw new Malformed(ex.getClass().getSimpleName());
		}
	}

	/**
	 * Write a value with a mapper, as MessagePack.
	 * @param packer where to write
	 * @param value the value
	 * @param writer the mapper's writer: primitive arrays become bin, arrays
	 * msgpack-numpy maps
	 */
	static void writeValue(MessagePacker packer, Object value, ObjectWriter writer) throws IOException {
		if (value == null) {
			packer.packNil();
		}
		else if (value instanceof String string) {
			packer.packString(string);
		}
		else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
			packer.packLong(((Number) value).longValue());
		}
		else if (value instanceof Double number) {
			packer.packDouble(number);
		}
		else if (value instanceof Boolean bool) {
			packer.packBoolean(bool);
		}
		else if (value instanceof NdArray array) {
			writeArray(packer, array, writer);
		}
		else if (PrimitiveArrays.isSupported(value.getClass())) {
			byte[] data = PrimitiveArrays.toBytes(value);
			packer.packBinaryHeader(data.length);
			packer.addPayload(data);
		}
		else if (value instanceof JsonNode node) {
			writeTree(packer, node, writer);
		}
		else {
			TokenBuffer tokens = new BinaryTokenBuffer();
			writer.writeValue(tokens, value);
			write(packer, tokens, writer, 0);
		}
	}

	/**
	 * Write a tree as MessagePack.
	 * @param packer where to write
	 * @param node the tree
	 * @param writer writes the values of POJO nodes
	 */
	static void writeTree(MessagePacker packer, JsonNode node, ObjectWriter writer) throws IOException {
		switch (node.getNodeType()) {
			case NULL, MISSING -> packer.packNil();
			case BOOLEAN -> packer.packBoolean(node.booleanValue());
			case STRING -> packer.packString(node.stringValue());
			case BINARY -> {
				byte[] data = node.binaryValue();
				packer.packBinaryHeader(data.length);
				packer.writePayload(data);
			}
			case NUMBER -> {
				if (node.isIntegralNumber()) {
					if (node.canConvertToLong()) {
						packer.packLong(node.longValue());
					}
					else {
						packBigInteger(packer, node.bigIntegerValue());
					}
				}
				else if (node.isFloat()) {
					packer.packFloat(node.floatValue());
				}
				else if (node.isBigDecimal()) {
					packer.packDouble(node.decimalValue().doubleValue());
				}
				else {
					packer.packDouble(node.doubleValue());
				}
			}
			case ARRAY -> {
				packer.packArrayHeader(node.size());
				for (JsonNode element : node) {
					writeTree(packer, element, writer);
				}
			}
			case OBJECT -> {
				packer.packMapHeader(node.size());
				for (var member : node.properties()) {
					packer.packString(member.getKey());
					writeTree(packer, member.getValue(), writer);
				}
			}
			case POJO -> {
				Object pojo = ((tools.jackson.databind.node.POJONode) node).getPojo();
				writeEmbedded(packer, pojo, writer, 0);
			}
		}
	}

	private static void write(MessagePacker packer, TokenBuffer tokens, ObjectWriter writer, int depth)
			throws IOException {
		int[] counts = count(tokens);
		int next = 0;
		try (JsonParser parser = tokens.asParser(ObjectReadContext.empty())) {
			JsonToken token;
			while ((token = parser.nextToken()) != null) {
				switch (token) {
					case START_ARRAY -> packer.packArrayHeader(counts[next++]);
					case START_OBJECT -> packer.packMapHeader(counts[next++]);
					case END_ARRAY, END_OBJECT -> {
					}
					case PROPERTY_NAME -> packer.packString(parser.currentName());
					case VALUE_STRING -> packer.packString(parser.getString());
					case VALUE_NUMBER_INT -> {
						switch (parser.getNumberType()) {
							case INT, LONG -> packer.packLong(parser.getLongValue());
							default -> packBigInteger(packer, parser.getBigIntegerValue());
						}
					}
					case VALUE_NUMBER_FLOAT -> {
						switch (parser.getNumberType()) {
							case FLOAT -> packer.packFloat(parser.getFloatValue());
							case BIG_DECIMAL -> {
								BigDecimal decimal = parser.getDecimalValue();
								packer.packDouble(decimal.doubleValue());
							}
							default -> packer.packDouble(parser.getDoubleValue());
						}
					}
					case VALUE_TRUE -> packer.packBoolean(true);
					case VALUE_FALSE -> packer.packBoolean(false);
					case VALUE_NULL -> packer.packNil();
					case VALUE_EMBEDDED_OBJECT -> writeEmbedded(packer, parser.getEmbeddedObject(), writer, depth);
					default -> throw new IllegalStateException("Unexpected token " + token);
				}
			}
		}
	}

	private static void writeEmbedded(MessagePacker packer, Object embedded, ObjectWriter writer, int depth)
			throws IOException {
		if (embedded == null) {
			packer.packNil();
		}
		else if (embedded instanceof byte[] data) {
			packer.packBinaryHeader(data.length);
			packer.addPayload(data);
		}
		else if (embedded instanceof NdArray array) {
			writeArray(packer, array, writer);
		}
		else if (depth < 8) {
			// A serializer handed the value on as it is: serialize it now.
			TokenBuffer tokens = new BinaryTokenBuffer();
			writer.writeValue(tokens, embedded);
			write(packer, tokens, writer, depth + 1);
		}
		else {
			packer.packString(embedded.toString());
		}
	}

	/*
	 * The element count of every array and map, in the order they start: MessagePack
	 * writes it ahead of the elements.
	 */
	private static int[] count(TokenBuffer tokens) {
		int[] counts = new int[8];
		int containers = 0;
		int[] open = new int[8];
		boolean[] array = new boolean[8];
		int depth = 0;
		try (JsonParser parser = tokens.asParser(ObjectReadContext.empty())) {
			JsonToken token;
			while ((token = parser.nextToken()) != null) {
				if (token == JsonToken.END_ARRAY || token == JsonToken.END_OBJECT) {
					depth--;
					continue;
				}
				if (depth > 0 && (token == JsonToken.PROPERTY_NAME || array[depth - 1])) {
					counts[open[depth - 1]]++;
				}
				if (token == JsonToken.START_ARRAY || token == JsonToken.START_OBJECT) {
					if (containers == counts.length) {
						counts = Arrays.copyOf(counts, containers * 2);
					}
					if (depth == open.length) {
						open = Arrays.copyOf(open, depth * 2);
						array = Arrays.copyOf(array, depth * 2);
					}
					counts[containers] = 0;
					array[depth] = token == JsonToken.START_ARRAY;
					open[depth++] = containers++;
				}
			}
		}
		return Arrays.copyOf(counts, containers);
	}

	private static void packBigInteger(MessagePacker packer, BigInteger value) throws IOException {
		if (value.signum() >= 0 && value.bitLength() <= 64) {
			packer.packBigInteger(value);
		}
		else {
			// Beyond what MessagePack's integers hold.
			packer.packString(value.toString());
		}
	}

	private static void writeArray(MessagePacker packer, NdArray array, ObjectWriter writer) throws IOException {
		NdArray.Format format = array.format();
		if (format == NdArray.Format.LIST || format == NdArray.Format.BUFFER) {
			writeStructured(packer, array, writer);
			return;
		}
		boolean binaryKeys = format != NdArray.Format.NUMPY_TEXT_KEYS;
		packer.packMapHeader(5);
		key(packer, "nd", binaryKeys);
		packer.packBoolean(true);
		key(packer, "type", binaryKeys);
		packer.packString(array.dtype());
		key(packer, "kind", binaryKeys);
		packer.packBinaryHeader(0);
		key(packer, "shape", binaryKeys);
		int[] shape = array.shape();
		packer.packArrayHeader(shape.length);
		for (int dim : shape) {
			packer.packInt(dim);
		}
		key(packer, "data", binaryKeys);
		byte[] data = array.data();
		packer.packBinaryHeader(data.length);
		packer.addPayload(data);
	}

	private static void writeStructured(MessagePacker packer, NdArray array, ObjectWriter writer) throws IOException {
		TokenBuffer tokens = new BinaryTokenBuffer();
		// Its serializer hands on only the msgpack-numpy form as it is.
		writer.writeValue(tokens, array);
		write(packer, tokens, writer, 8);
	}

	private static void key(MessagePacker packer, String name, boolean binary) throws IOException {
		if (binary) {
			byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
			packer.packBinaryHeader(bytes.length);
			packer.writePayload(bytes);
		}
		else {
			packer.packString(name);
		}
	}

	/**
	 * A token buffer that says it holds binary data natively, so that serializers write
	 * primitive arrays as bin rather than as lists.
	 */
	static final class BinaryTokenBuffer extends TokenBuffer {

		BinaryTokenBuffer() {
			super(false);
		}

		@Override
		public boolean has(StreamWriteCapability capability) {
			return capability == StreamWriteCapability.CAN_WRITE_BINARY_NATIVELY || super.has(capability);
		}

	}

	/**
	 * Bytes that are not one well-formed MessagePack value; carries no stack trace.
	 */
	static final class Malformed extends RuntimeException {

		private static final long serialVersionUID = 1L;

		Malformed(String message) {
			super(message, null, false, false);
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
				throw new Malformed("a length beyond the end of the input");
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
				case EXTENSION -> throw new Malformed("a MessagePack extension type, which is not supported");
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
			NdArray array = null;
			try (JsonParser parser = map.asParser(ObjectReadContext.empty())) {
				parser.nextToken();
				JsonNode tree = this.trees.apply(parser);
				if (tree.path("nd").isBoolean() && tree.path("nd").booleanValue()) {
					array = NdArray.fromTree(tree)
						.withFormat(binaryKeys ? NdArray.Format.NUMPY : NdArray.Format.NUMPY_TEXT_KEYS);
				}
			}
			catch (IllegalArgumentException ex) {
				// Not an array after all: binding will say what is wrong with it.
			}
			if (array != null) {
				out.writeEmbeddedObject(array);
			}
			else {
				map.serialize(out);
			}
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
				default -> throw new Malformed(
						"a map key that is " + format.getValueType() + " (expected: a string, bytes or an integer)");
			}
		}

		private void deeper(int depth) {
			if (depth >= MAX_DEPTH) {
				throw new Malformed("nesting deeper than " + MAX_DEPTH);
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
				throw new Malformed("a string that is not UTF-8");
			}
		}

	}

}
