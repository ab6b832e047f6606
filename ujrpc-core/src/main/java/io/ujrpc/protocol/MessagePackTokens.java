package io.ujrpc.protocol;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;

import io.ujrpc.array.NdArray;
import io.ujrpc.array.PrimitiveArrays;
import org.jspecify.annotations.Nullable;
import org.msgpack.core.MessagePacker;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamWriteCapability;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.util.TokenBuffer;

/**
 * The bridge between MessagePack and Jackson's token streams: reads a MessagePack value
 * into a {@link TokenBuffer} that the codec decodes like any other parser (in place, from
 * an array or the buffers a body arrived in, see {@link MessagePackInput}), and writes a
 * buffered token stream as MessagePack through msgpack-core.
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

	private static final byte[] TYPE_KEY = "type".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] KIND_KEY = "kind".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] SHAPE_KEY = "shape".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] DATA_KEY = "data".getBytes(StandardCharsets.US_ASCII);

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
		return read(MessagePackInput.of(bytes, offset, length), trees);
	}

	/**
	 * Read one MessagePack value from buffers, in place.
	 * @param buffers the value's bytes, each buffer from its position to its limit, in
	 * order; nothing may follow the value, and the positions are left as they are
	 * @param trees reads a buffered map as a tree, to see whether it is an array
	 * @return a parser over the value's tokens, before its first
	 * @throws Malformed when the bytes are not one well-formed MessagePack value
	 */
	static JsonParser read(ByteBuffer[] buffers, Function<JsonParser, JsonNode> trees) {
		return read(MessagePackInput.of(buffers), trees);
	}

	private static JsonParser read(MessagePackInput in, Function<JsonParser, JsonNode> trees) {
		try {
			TokenBuffer tokens = new TokenBuffer(false);
			new Reader(in, trees).value(tokens, 0);
			if (in.remaining() > 0) {
				throw new Malformed("content after the value");
			}
			return tokens.asParser(ObjectReadContext.empty());
		}
		catch (RuntimeException ex) {
			if (ex instanceof Malformed malformed) {
				throw malformed;
			}
			throw new Malformed(ex.getClass().getSimpleName());
		}
	}

	/**
	 * Write a buffered map whose first key is {@code nd}: as msgpack-numpy's array when
	 * it is one, else as it is.
	 * @param out where to write
	 * @param map the map's tokens
	 * @param binaryKeys whether its first key was bytes
	 * @param trees reads the map as a tree
	 */
	static void writeMap(TokenBuffer out, TokenBuffer map, boolean binaryKeys, Function<JsonParser, JsonNode> trees) {
		NdArray array = null;
		try (JsonParser parser = map.asParser(ObjectReadContext.empty())) {
			parser.nextToken();
			JsonNode tree = trees.apply(parser);
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
	 * Reads values from one input into token buffers, as msgpack-core's reading did.
	 */
	private static final class Reader {

		private final MessagePackInput in;

		private final Function<JsonParser, JsonNode> trees;

		Reader(MessagePackInput in, Function<JsonParser, JsonNode> trees) {
			this.in = in;
			this.trees = trees;
		}

		private int checked(long count, int bytesEach) {
			if (count < 0 || count > Integer.MAX_VALUE || count * bytesEach > this.in.remaining()) {
				throw new Malformed("a length beyond the end of the input");
			}
			return (int) count;
		}

		void value(TokenBuffer out, int depth) {
			MessagePackInput in = this.in;
			int type = in.readUnsignedByte();
			if (type <= 0x7f) {
				out.writeNumber(type);
				return;
			}
			if (type >= 0xe0) {
				out.writeNumber((int) (byte) type);
				return;
			}
			if (type <= 0x8f) {
				map(out, checked(type & 0x0f, 2), depth);
				return;
			}
			if (type <= 0x9f) {
				array(out, checked(type & 0x0f, 1), depth);
				return;
			}
			if (type <= 0xbf) {
				out.writeString(in.readString(checked(type & 0x1f, 1)));
				return;
			}
			switch (type) {
				case 0xc0 -> out.writeNull();
				case 0xc2 -> out.writeBoolean(false);
				case 0xc3 -> out.writeBoolean(true);
				// As msgpack-core's writeBinary does: the bytes as an embedded value.
				case 0xc4, 0xc5, 0xc6 -> out.writePOJO(in.readBytes(checked(binaryLength(type), 1)));
				case 0xca -> out.writeNumber(Float.intBitsToFloat(in.readInt()));
				case 0xcb -> out.writeNumber(Double.longBitsToDouble(in.readLong()));
				case 0xcc -> out.writeNumber(in.readUnsignedByte());
				case 0xcd -> out.writeNumber(in.readUnsignedShort());
				case 0xce -> integer(out, in.readInt() & 0xffffffffL);
				case 0xcf -> {
					long value = in.readLong();
					if (value >= 0) {
						out.writeNumber(value);
					}
					else {
						out.writeNumber(new BigInteger(Long.toUnsignedString(value)));
					}
				}
				case 0xd0 -> out.writeNumber((int) (byte) in.readUnsignedByte());
				case 0xd1 -> out.writeNumber((int) (short) in.readUnsignedShort());
				case 0xd2 -> out.writeNumber(in.readInt());
				case 0xd3 -> integer(out, in.readLong());
				case 0xd9, 0xda, 0xdb -> out.writeString(in.readString(checked(stringLength(type), 1)));
				case 0xdc -> array(out, checked(in.readUnsignedShort(), 1), depth);
				case 0xdd -> array(out, checked(in.readInt() & 0xffffffffL, 1), depth);
				case 0xde -> map(out, checked(in.readUnsignedShort(), 2), depth);
				case 0xdf -> map(out, checked(in.readInt() & 0xffffffffL, 2), depth);
				case 0xc1 -> throw new Malformed("the type byte 0xc1, which MessagePack never uses");
				default -> throw new Malformed("a MessagePack extension type, which is not supported");
			}
		}

		private static void integer(TokenBuffer out, long value) {
			if (value == (int) value) {
				out.writeNumber((int) value);
			}
			else {
				out.writeNumber(value);
			}
		}

		private long binaryLength(int type) {
			return switch (type) {
				case 0xc4 -> this.in.readUnsignedByte();
				case 0xc5 -> this.in.readUnsignedShort();
				default -> this.in.readInt() & 0xffffffffL;
			};
		}

		private long stringLength(int type) {
			return switch (type) {
				case 0xd9 -> this.in.readUnsignedByte();
				case 0xda -> this.in.readUnsignedShort();
				default -> this.in.readInt() & 0xffffffffL;
			};
		}

		private void array(TokenBuffer out, int size, int depth) {
			deeper(depth);
			out.writeStartArray(null, size);
			for (int i = 0; i < size; i++) {
				value(out, depth + 1);
			}
			out.writeEndArray();
		}

		private void map(TokenBuffer out, int size, int depth) {
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
			boolean binaryKeys = binaryKey[0];
			long mark = this.in.mark();
			NdArray numpy = numpy(size, binaryKeys, depth);
			if (numpy != null) {
				out.writeEmbeddedObject(numpy);
				return;
			}
			this.in.reset(mark);
			// Maybe msgpack-numpy's array all the same: read it whole, then see.
			TokenBuffer map = new TokenBuffer(false);
			map.writeStartObject(null, size);
			map.writeName(first);
			entries(map, size, depth, binaryKey);
			writeMap(out, map, binaryKeys, this.trees);
		}

		/*
		 * msgpack-numpy's array as msgpack-numpy writes it, read straight into an array:
		 * true, then type, kind, shape and data, keys of the first key's kind, a short
		 * dtype, small dimensions. Anything else (or a failure) is null, and the map is
		 * read again from the mark as any other.
		 */
		private @Nullable NdArray numpy(int size, boolean binaryKeys, int depth) {
			MessagePackInput in = this.in;
			try {
				if (size != 5 || in.readUnsignedByte() != 0xc3 || !key(TYPE_KEY, binaryKeys)) {
					return null;
				}
				int type = in.readUnsignedByte();
				if (type < 0xa0 || type > 0xbf) {
					return null;
				}
				String dtype = in.readString(checked(type & 0x1f, 1));
				if (!key(KIND_KEY, binaryKeys)) {
					return null;
				}
				int kind = in.readUnsignedByte();
				if (!(kind == 0xa0 || (kind == 0xc4 && in.readUnsignedByte() == 0)) || !key(SHAPE_KEY, binaryKeys)) {
					return null;
				}
				int dims = in.readUnsignedByte();
				if (dims < 0x90 || dims > 0x9f) {
					return null;
				}
				// The shape is nested one deeper than the map's values.
				deeper(depth + 1);
				int[] shape = new int[dims & 0x0f];
				for (int i = 0; i < shape.length; i++) {
					int dim = in.readUnsignedByte();
					shape[i] = (dim <= 0x7f) ? dim : (dim == 0xcc) ? in.readUnsignedByte()
							: (dim == 0xcd) ? in.readUnsignedShort() : (dim == 0xce) ? in.readInt() : -1;
					if (shape[i] < 0) {
						return null;
					}
				}
				if (!key(DATA_KEY, binaryKeys)) {
					return null;
				}
				int data = in.readUnsignedByte();
				if (data < 0xc4 || data > 0xc6) {
					return null;
				}
				byte[] bytes = in.readBytes(checked(binaryLength(data), 1));
				return NdArray.of(dtype, shape, bytes)
					.withFormat(binaryKeys ? NdArray.Format.NUMPY : NdArray.Format.NUMPY_TEXT_KEYS);
			}
			catch (RuntimeException ex) {
				// Malformed, or not an array: the map's own reading says which.
				return null;
			}
		}

		/* The next key is the given one, of the given kind. */
		private boolean key(byte[] name, boolean binary) {
			MessagePackInput in = this.in;
			int head = in.readUnsignedByte();
			if (binary ? (head != 0xc4 || in.readUnsignedByte() != name.length) : head != (0xa0 | name.length)) {
				return false;
			}
			for (byte expected : name) {
				if (in.remaining() == 0 || in.readUnsignedByte() != expected) {
					return false;
				}
			}
			return true;
		}

		private void entries(TokenBuffer out, int size, int depth, boolean[] binaryKey) {
			value(out, depth + 1);
			for (int i = 1; i < size; i++) {
				out.writeName(key(binaryKey));
				value(out, depth + 1);
			}
			out.writeEndObject();
		}

		private String key(boolean[] binary) {
			MessagePackInput in = this.in;
			int type = in.readUnsignedByte();
			if (type >= 0xa0 && type <= 0xbf) {
				return in.readString(checked(type & 0x1f, 1));
			}
			if (type <= 0x7f) {
				return Integer.toString(type);
			}
			if (type >= 0xe0) {
				return Integer.toString((byte) type);
			}
			return switch (type) {
				case 0xd9, 0xda, 0xdb -> in.readString(checked(stringLength(type), 1));
				case 0xc4, 0xc5, 0xc6 -> {
					binary[0] = true;
					yield in.readString(checked(binaryLength(type), 1));
				}
				case 0xcc -> Integer.toString(in.readUnsignedByte());
				case 0xcd -> Integer.toString(in.readUnsignedShort());
				case 0xce -> Long.toString(in.readInt() & 0xffffffffL);
				case 0xcf -> Long.toUnsignedString(in.readLong());
				case 0xd0 -> Integer.toString((byte) in.readUnsignedByte());
				case 0xd1 -> Integer.toString((short) in.readUnsignedShort());
				case 0xd2 -> Integer.toString(in.readInt());
				case 0xd3 -> Long.toString(in.readLong());
				default -> throw new Malformed("a map key of type 0x" + Integer.toHexString(type)
						+ " (expected: a string, bytes or an integer)");
			};
		}

		private static void deeper(int depth) {
			if (depth >= MAX_DEPTH) {
				throw new Malformed("nesting deeper than " + MAX_DEPTH);
			}
		}

	}

}
