package io.ujrpc.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import io.ujrpc.array.NdArray;
import io.ujrpc.array.PrimitiveArrays;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Writes the common success responses in MessagePack and CBOR straight into a buffer of
 * their exact size: a primitive array, an {@link NdArray} in msgpack-numpy's form, a
 * short string, a number, a boolean or null as the result, a number, a short string or
 * null as the id. The bytes are those the general writers (msgpack-core, Jackson's CBOR
 * generator) write for the same response, byte for byte; an array's elements are copied
 * once, from the array into the buffer.
 * <p>
 * Any other response ({@link #of} returns {@code null}) is left to the general writers.
 */
final class DirectBinaryWriter {

	/** msgpack-core writes shorter strings through {@code String.getBytes}. */
	private static final int MAX_MESSAGE_PACK_STRING = 512;

	/** Jackson's CBOR generator writes longer strings in other ways. */
	private static final int MAX_CBOR_STRING = 255;

	private static final byte[] JSONRPC = ascii("jsonrpc");

	private static final byte[] VERSION = ascii("2.0");

	private static final byte[] RESULT = ascii("result");

	private static final byte[] ID = ascii("id");

	private static final byte[] ND = ascii("nd");

	private static final byte[] TYPE = ascii("type");

	private static final byte[] KIND = ascii("kind");

	private static final byte[] SHAPE = ascii("shape");

	private static final byte[] DATA = ascii("data");

	private final boolean cbor;

	private final Value result;

	private final Value id;

	private final int size;

	private DirectBinaryWriter(boolean cbor, Value result, Value id) {
		this.cbor = cbor;
		this.result = result;
		this.id = id;
		this.size = 1 + text(JSONRPC.length) + text(VERSION.length) + text(RESULT.length) + result.size(cbor)
				+ text(ID.length) + id.size(cbor);
	}

	/**
	 * Return the writer of a response, when it is one written here.
	 * @param encoding the encoding, MessagePack or CBOR
	 * @param response the response
	 * @return the writer, or {@code null} when the general writer is to write it
	 */
	static @Nullable DirectBinaryWriter of(Encoding encoding, JsonRpcResponse response) {
		if (encoding == Encoding.JSON || response.error() != null) {
			return null;
		}
		boolean cbor = encoding == Encoding.CBOR;
		Value result = result(response.result(), cbor);
		Value id = (result != null) ? id(response.id(), cbor) : null;
		return (id != null) ? new DirectBinaryWriter(cbor, result, id) : null;
	}

	/**
	 * Return how many bytes {@link #write} writes.
	 * @return the size
	 */
	int size() {
		return this.size;
	}

	/**
	 * Write the response.
	 * @param out where to write, at its position, with {@link #size()} bytes left; its
	 * position is moved past them
	 */
	void write(ByteBuffer out) {
		out.order(ByteOrder.BIG_ENDIAN);
		boolean cbor = this.cbor;
		// A map of three: jsonrpc, result, id.
		out.put((byte) (cbor ? 0xa3 : 0x83));
		text(out, JSONRPC, cbor);
		text(out, VERSION, cbor);
		text(out, RESULT, cbor);
		this.result.write(out, cbor);
		text(out, ID, cbor);
		this.id.write(out, cbor);
	}

	private static @Nullable Value result(@Nullable Object result, boolean cbor) {
		if (result == null) {
			return Value.NULL;
		}
		if (result instanceof Boolean bool) {
			return bool ? Value.TRUE : Value.FALSE;
		}
		if (result instanceof Long || result instanceof Integer || result instanceof Short || result instanceof Byte) {
			return new Value(Kind.INTEGER, ((Number) result).longValue(), null, null);
		}
		if (result instanceof Double number) {
			return new Value(Kind.DOUBLE, Double.doubleToRawLongBits(number), null, null);
		}
		if (result instanceof String text) {
			return string(text, cbor);
		}
		if (result instanceof NdArray array) {
			NdArray.Format format = array.format();
			if (format == NdArray.Format.LIST || format == NdArray.Format.BUFFER) {
				return null;
			}
			// Byte-string keys in MessagePack unless the array came with text keys.
			boolean binaryKeys = !cbor && format != NdArray.Format.NUMPY_TEXT_KEYS;
			return new Value(Kind.ND_ARRAY, binaryKeys ? 1 : 0, null, array);
		}
		if (PrimitiveArrays.isSupported(result.getClass())) {
			return new Value(Kind.ARRAY, PrimitiveArrays.typedArrayTag(result.getClass()), null, result);
		}
		return null;
	}

	private static @Nullable Value id(@Nullable JsonNode id, boolean cbor) {
		if (id == null || id.isNull() || id.isMissingNode()) {
			return Value.NULL;
		}
		if (id.isString()) {
			return string(id.stringValue(), cbor);
		}
		if (id.isIntegralNumber() && id.canConvertToLong()) {
			return new Value(Kind.INTEGER, id.longValue(), null, null);
		}
		return null;
	}

	private static @Nullable Value string(String text, boolean cbor) {
		if (cbor) {
			if (text.length() > MAX_CBOR_STRING) {
				return null;
			}
			for (int i = 0; i < text.length(); i++) {
				if (text.charAt(i) >= 0x80) {
					return null;
				}
			}
		}
		else if (text.length() >= MAX_MESSAGE_PACK_STRING) {
			return null;
		}
		return new Value(Kind.STRING, 0, text.getBytes(StandardCharsets.UTF_8), null);
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	/* A short ASCII key or text, in either encoding. */
	private static int text(int length) {
		return 1 + length;
	}

	private static void text(ByteBuffer out, byte[] text, boolean cbor) {
		out.put((byte) ((cbor ? 0x60 : 0xa0) | text.length));
		out.put(text);
	}

	/*
	 * MessagePack as msgpack-core writes it: the shortest form of the integer.
	 */
	static int integerSize(long value) {
		if (value < -(1L << 5)) {
			if (value < -(1L << 15)) {
				return (value < -(1L << 31)) ? 9 : 5;
			}
			return (value < -(1L << 7)) ? 3 : 2;
		}
		if (value < (1L << 7)) {
			return 1;
		}
		if (value < (1L << 16)) {
			return (value < (1L << 8)) ? 2 : 3;
		}
		return (value < (1L << 32)) ? 5 : 9;
	}

	static void integer(ByteBuffer out, long value) {
		if (value < -(1L << 5)) {
			if (value < -(1L << 15)) {
				if (value < -(1L << 31)) {
					out.put((byte) 0xd3).putLong(value);
				}
				else {
					out.put((byte) 0xd2).putInt((int) value);
				}
			}
			else if (value < -(1L << 7)) {
				out.put((byte) 0xd1).putShort((short) value);
			}
			else {
				out.put((byte) 0xd0).put((byte) value);
			}
		}
		else if (value < (1L << 7)) {
			out.put((byte) value);
		}
		else if (value < (1L << 16)) {
			if (value < (1L << 8)) {
				out.put((byte) 0xcc).put((byte) value);
			}
			else {
				out.put((byte) 0xcd).putShort((short) value);
			}
		}
		else if (value < (1L << 32)) {
			out.put((byte) 0xce).putInt((int) value);
		}
		else {
			out.put((byte) 0xcf).putLong(value);
		}
	}

	/* A CBOR head: the major type and its argument in the shortest form. */
	static int headSize(long argument) {
		if (argument < 24) {
			return 1;
		}
		if (argument < (1L << 8)) {
			return 2;
		}
		if (argument < (1L << 16)) {
			return 3;
		}
		return (argument < (1L << 32)) ? 5 : 9;
	}

	static void head(ByteBuffer out, int major, long argument) {
		int type = major << 5;
		if (argument < 24) {
			out.put((byte) (type | (int) argument));
		}
		else if (argument < (1L << 8)) {
			out.put((byte) (type | 24)).put((byte) argument);
		}
		else if (argument < (1L << 16)) {
			out.put((byte) (type | 25)).putShort((short) argument);
		}
		else if (argument < (1L << 32)) {
			out.put((byte) (type | 26)).putInt((int) argument);
		}
		else {
			out.put((byte) (type | 27)).putLong(argument);
		}
	}

	private static int cborIntegerSize(long value) {
		return headSize((value < 0) ? -1 - value : value);
	}

	private static void cborInteger(ByteBuffer out, long value) {
		if (value < 0) {
			head(out, 1, -1 - value);
		}
		else {
			head(out, 0, value);
		}
	}

	/* MessagePack's str and bin heads, as msgpack-core chooses them. */
	private static int stringHeadSize(int length) {
		return (length < (1 << 5)) ? 1 : (length < (1 << 8)) ? 2 : (length < (1 << 16)) ? 3 : 5;
	}

	private static void stringHead(ByteBuffer out, int length) {
		if (length < (1 << 5)) {
			out.put((byte) (0xa0 | length));
		}
		else if (length < (1 << 8)) {
			out.put((byte) 0xd9).put((byte) length);
		}
		else if (length < (1 << 16)) {
			out.put((byte) 0xda).putShort((short) length);
		}
		else {
			out.put((byte) 0xdb).putInt(length);
		}
	}

	private static int binaryHeadSize(int length) {
		return (length < (1 << 8)) ? 2 : (length < (1 << 16)) ? 3 : 5;
	}

	private static void binaryHead(ByteBuffer out, int length) {
		if (length < (1 << 8)) {
			out.put((byte) 0xc4).put((byte) length);
		}
		else if (length < (1 << 16)) {
			out.put((byte) 0xc5).putShort((short) length);
		}
		else {
			out.put((byte) 0xc6).putInt(length);
		}
	}

	private static int arrayHeadSize(int count) {
		return (count < (1 << 4)) ? 1 : (count < (1 << 16)) ? 3 : 5;
	}

	private static void arrayHead(ByteBuffer out, int count) {
		if (count < (1 << 4)) {
			out.put((byte) (0x90 | count));
		}
		else if (count < (1 << 16)) {
			out.put((byte) 0xdc).putShort((short) count);
		}
		else {
			out.put((byte) 0xdd).putInt(count);
		}
	}

	private static int byteLength(Object array) {
		if (array instanceof byte[] bytes) {
			return bytes.length;
		}
		if (array instanceof double[] values) {
			return values.length * 8;
		}
		if (array instanceof long[] values) {
			return values.length * 8;
		}
		if (array instanceof float[] values) {
			return values.length * 4;
		}
		if (array instanceof int[] values) {
			return values.length * 4;
		}
		return ((short[]) array).length * 2;
	}

	/* The elements' little-endian bytes, copied once from the array. */
	private static void elements(ByteBuffer out, Object array) {
		if (array instanceof byte[] bytes) {
			out.put(bytes);
			return;
		}
		int position = out.position();
		ByteBuffer view = out.order(ByteOrder.LITTLE_ENDIAN);
		if (array instanceof double[] values) {
			view.asDoubleBuffer().put(values);
		}
		else if (array instanceof long[] values) {
			view.asLongBuffer().put(values);
		}
		else if (array instanceof float[] values) {
			view.asFloatBuffer().put(values);
		}
		else if (array instanceof int[] values) {
			view.asIntBuffer().put(values);
		}
		else {
			view.asShortBuffer().put((short[]) array);
		}
		out.order(ByteOrder.BIG_ENDIAN).position(position + byteLength(array));
	}

	private enum Kind {

		NULL, TRUE, FALSE, INTEGER, DOUBLE, STRING, ARRAY, ND_ARRAY

	}

	/**
	 * A result or an id, as it is written.
	 *
	 * @param kind what it is
	 * @param number an integer's value, a double's bits, an array's typed-array tag, or
	 * whether an {@link NdArray}'s keys are byte strings (1) or text (0)
	 * @param utf8 a string's UTF-8 bytes
	 * @param array a primitive array or an {@link NdArray}
	 */
	private record Value(Kind kind, long number, byte @Nullable [] utf8, @Nullable Object array) {

		static final Value NULL = new Value(Kind.NULL, 0, null, null);

		static final Value TRUE = new Value(Kind.TRUE, 0, null, null);

		static final Value FALSE = new Value(Kind.FALSE, 0, null, null);

		int size(boolean cbor) {
			return switch (this.kind) {
				case NULL, TRUE, FALSE -> 1;
				case INTEGER -> cbor ? cborIntegerSize(this.number) : integerSize(this.number);
				case DOUBLE -> 9;
				case STRING ->
					(cbor ? headSize(this.utf8.length) : stringHeadSize(this.utf8.length)) + this.utf8.length;
				case ARRAY -> {
					int length = byteLength(this.array);
					if (!cbor) {
						yield binaryHeadSize(length) + length;
					}
					// A typed array's tag, but none on plain bytes.
					yield ((this.array instanceof byte[]) ? 0 : headSize(this.number)) + headSize(length) + length;
				}
				case ND_ARRAY -> ndArraySize(cbor);
			};
		}

		void write(ByteBuffer out, boolean cbor) {
			switch (this.kind) {
				case NULL -> out.put((byte) (cbor ? 0xf6 : 0xc0));
				case TRUE -> out.put((byte) (cbor ? 0xf5 : 0xc3));
				case FALSE -> out.put((byte) (cbor ? 0xf4 : 0xc2));
				case INTEGER -> {
					if (cbor) {
						cborInteger(out, this.number);
					}
					else {
						integer(out, this.number);
					}
				}
				case DOUBLE -> out.put((byte) (cbor ? 0xfb : 0xcb)).putLong(this.number);
				case STRING -> {
					if (cbor) {
						head(out, 3, this.utf8.length);
					}
					else {
						stringHead(out, this.utf8.length);
					}
					out.put(this.utf8);
				}
				case ARRAY -> {
					int length = byteLength(this.array);
					if (!cbor) {
						binaryHead(out, length);
					}
					else {
						if (!(this.array instanceof byte[])) {
							head(out, 6, this.number);
						}
						head(out, 2, length);
					}
					elements(out, this.array);
				}
				case ND_ARRAY -> writeNdArray(out, cbor);
			}
		}

		/*
		 * msgpack-numpy's map: a map of five in MessagePack, as the MessagePack writer
		 * writes it; an indefinite-length map in CBOR, as Jackson's generator writes what
		 * the array's serializer gives it.
		 */
		private int ndArraySize(boolean cbor) {
			NdArray array = (NdArray) this.array;
			int[] shape = array.shape();
			int length = array.data().length;
			int dtype = array.dtype().length();
			if (cbor) {
				int size = 1 + text(ND.length) + 1 + text(TYPE.length) + text(dtype) + text(KIND.length) + 1
						+ text(SHAPE.length) + headSize(shape.length);
				for (int dim : shape) {
					size += headSize(dim);
				}
				return size + text(DATA.length) + headSize(length) + length + 1;
			}
			int key = (this.number == 1) ? 2 : 1;
			int size = 1 + key + ND.length + 1 + key + TYPE.length + text(dtype) + key + KIND.length + 2 + key
					+ SHAPE.length + arrayHeadSize(shape.length);
			for (int dim : shape) {
				size += integerSize(dim);
			}
			return size + key + DATA.length + binaryHeadSize(length) + length;
		}

		private void writeNdArray(ByteBuffer out, boolean cbor) {
			NdArray array = (NdArray) this.array;
			int[] shape = array.shape();
			byte[] data = array.data();
			byte[] dtype = ascii(array.dtype());
			if (cbor) {
				out.put((byte) 0xbf);
				text(out, ND, true);
				out.put((byte) 0xf5);
				text(out, TYPE, true);
				text(out, dtype, true);
				text(out, KIND, true);
				out.put((byte) 0x40);
				text(out, SHAPE, true);
				head(out, 4, shape.length);
				for (int dim : shape) {
					head(out, 0, dim);
				}
				text(out, DATA, true);
				head(out, 2, data.length);
				out.put(data);
				out.put((byte) 0xff);
				return;
			}
			boolean binaryKeys = this.number == 1;
			out.put((byte) 0x85);
			key(out, ND, binaryKeys);
			out.put((byte) 0xc3);
			key(out, TYPE, binaryKeys);
			text(out, dtype, false);
			key(out, KIND, binaryKeys);
			out.put((byte) 0xc4).put((byte) 0);
			key(out, SHAPE, binaryKeys);
			arrayHead(out, shape.length);
			for (int dim : shape) {
				integer(out, dim);
			}
			key(out, DATA, binaryKeys);
			binaryHead(out, data.length);
			out.put(data);
		}

		private static void key(ByteBuffer out, byte[] name, boolean binary) {
			if (binary) {
				out.put((byte) 0xc4).put((byte) name.length);
				out.put(name);
			}
			else {
				text(out, name, false);
			}
		}

	}

}
