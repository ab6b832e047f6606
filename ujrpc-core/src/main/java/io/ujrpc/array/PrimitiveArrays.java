package io.ujrpc.array;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.Base64Variants;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;
import tools.jackson.core.json.UTF8JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;

/**
 * Reads and writes {@code double[]}, {@code float[]}, {@code long[]}, {@code int[]},
 * {@code short[]} and {@code byte[]} in the forms ujrpc accepts: a list of numbers, a
 * base64 string of the little-endian bytes (what NumPy's {@code tobytes()} gives), or a
 * binary string (CBOR byte string or typed array, MessagePack bin). No element is boxed.
 */
public final class PrimitiveArrays {

	/** Below this, Jackson's own encoder is as fast and allocates nothing more. */
	private static final int FAST_BASE64_MIN = 64;

	/**
	 * Bytes encoded at a time when base64 goes straight into the output buffer: a
	 * multiple of three, so that only the last chunk is padded.
	 */
	private static final int BASE64_CHUNK = 3 * 1024;

	/**
	 * Characters decoded at a time from long base64 text: a multiple of four, so that
	 * only the last chunk may be padded.
	 */
	private static final int BASE64_TEXT_CHUNK = 4 * 1024;

	private static final SerializableString QUOTE = new SerializedString("\"");

	private PrimitiveArrays() {
	}

	/**
	 * Whether a type is one of the primitive arrays read here.
	 * @param type the type
	 * @return {@code true} for {@code double[]}, {@code float[]}, {@code long[]},
	 * {@code int[]}, {@code short[]} and {@code byte[]}
	 */
	public static boolean isSupported(Class<?> type) {
		return type == double[].class || type == float[].class || type == long[].class || type == int[].class
				|| type == short[].class || type == byte[].class;
	}

	/**
	 * Read an array from a tree node: a list of numbers, a base64 string or binary data.
	 * @param node the node, not null
	 * @param type one of the {@link #isSupported supported} array types
	 * @return the array
	 * @throws IllegalArgumentException naming what was wrong, in the caller's terms
	 */
	public static Object fromTree(JsonNode node, Class<?> type) {
		if (node.isArray()) {
			return fromList(node, type);
		}
		byte[] bytes;
		if (node.isBinary()) {
			bytes = node.binaryValue();
		}
		else if (node.isString()) {
			byte[] decoded = Base64StringNode.decoded(node);
			// The node's own bytes are a byte[] parameter's only as a copy.
			if (decoded != null) {
				bytes = (type == byte[].class) ? decoded.clone() : decoded;
			}
			else {
				bytes = decodeBase64(node.stringValue());
			}
		}
		else if (node.isPojo() && type.isInstance(((tools.jackson.databind.node.POJONode) node).getPojo())) {
			return ((tools.jackson.databind.node.POJONode) node).getPojo();
		}
		else if (isTypedArray(node)) {
			// A typed array read as another type: its little-endian bytes, as when it
			// was binary data.
			bytes = toBytes(((tools.jackson.databind.node.POJONode) node).getPojo());
		}
		else {
			throw new IllegalArgumentException(
					kind(node) + " (expected: a list of numbers, a base64 string or binary data)");
		}
		return fromBytes(bytes, 0, bytes.length, type);
	}

	/**
	 * Read an array from little-endian bytes.
	 * @param bytes the bytes
	 * @param offset where the array starts
	 * @param length its length in bytes, a multiple of the element size
	 * @param type one of the {@link #isSupported supported} array types
	 * @return the array
	 * @throws IllegalArgumentException when the length is not a multiple of the element
	 * size
	 */
	public static Object fromBytes(byte[] bytes, int offset, int length, Class<?> type) {
		if (type == byte[].class) {
			return (offset == 0 && length == bytes.length) ? bytes : Arrays.copyOfRange(bytes, offset, offset + length);
		}
		int size = elementSize(type);
		if (length % size != 0) {
			throw new IllegalArgumentException(length + " bytes, not a whole number of " + size
					+ "-byte elements (expected: little-endian " + elementName(type) + " values)");
		}
		return read(ByteBuffer.wrap(bytes, offset, length).slice().order(ByteOrder.LITTLE_ENDIAN), length / size, type);
	}

	private static Object read(ByteBuffer buffer, int count, Class<?> type) {
		if (type == double[].class) {
			double[] values = new double[count];
			buffer.asDoubleBuffer().get(values);
			return values;
		}
		if (type == long[].class) {
			long[] values = new long[count];
			buffer.asLongBuffer().get(values);
			return values;
		}
		if (type == float[].class) {
			float[] values = new float[count];
			buffer.asFloatBuffer().get(values);
			return values;
		}
		if (type == int[].class) {
			int[] values = new int[count];
			buffer.asIntBuffer().get(values);
			return values;
		}
		short[] values = new short[count];
		buffer.asShortBuffer().get(values);
		return values;
	}

	/**
	 * Return an array's little-endian bytes.
	 * @param array one of the {@link #isSupported supported} arrays
	 * @return the bytes; the array itself for a {@code byte[]}
	 */
	public static byte[] toBytes(Object array) {
		if (array instanceof byte[] bytes) {
			return bytes;
		}
		if (array instanceof double[] values) {
			return toBytes(values);
		}
		if (array instanceof long[] values) {
			return toBytes(values);
		}
		if (array instanceof float[] values) {
			return toBytes(values);
		}
		if (array instanceof int[] values) {
			return toBytes(values);
		}
		if (array instanceof short[] values) {
			byte[] bytes = new byte[values.length * 2];
			ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().put(values);
			return bytes;
		}
		throw new IllegalArgumentException("not a primitive array of numbers: " + array.getClass().getSimpleName());
	}

	static byte[] toBytes(double[] values) {
		byte[] bytes = new byte[values.length * 8];
		ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().put(values);
		return bytes;
	}

	static byte[] toBytes(float[] values) {
		byte[] bytes = new byte[values.length * 4];
		ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values);
		return bytes;
	}

	static byte[] toBytes(long[] values) {
		byte[] bytes = new byte[values.length * 8];
		ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().put(values);
		return bytes;
	}

	static byte[] toBytes(int[] values) {
		byte[] bytes = new byte[values.length * 4];
		ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().put(values);
		return bytes;
	}

	static double[] toDoubles(byte[] bytes, int offset, int length) {
		return (double[]) fromBytes(bytes, offset, length, double[].class);
	}

	static long[] toLongs(byte[] bytes, int offset, int length) {
		return (long[]) fromBytes(bytes, offset, length, long[].class);
	}

	/**
	 * Return the RFC 8746 tag of a little-endian typed array of an array's elements.
	 * @param type one of the {@link #isSupported supported} array types
	 * @return the tag: 86 for {@code double[]}, 85 for {@code float[]}, 79, 78 and 77 for
	 * {@code long[]}, {@code int[]} and {@code short[]}, 72 for {@code byte[]}
	 */
	public static int typedArrayTag(Class<?> type) {
		if (type == double[].class) {
			return 86;
		}
		if (type == float[].class) {
			return 85;
		}
		if (type == long[].class) {
			return 79;
		}
		if (type == int[].class) {
			return 78;
		}
		if (type == short[].class) {
			return 77;
		}
		return 72;
	}

	/**
	 * Return the Java array type an RFC 8746 typed array is read as, in either byte
	 * order: {@code double[]} for float64 (tags 82 and 86), {@code float[]} for float32
	 * (81, 85), {@code long[]}, {@code int[]} and {@code short[]} for signed integers of
	 * 64, 32 and 16 bits (75 and 79, 74 and 78, 73 and 77).
	 * @param tag a CBOR tag
	 * @return the array type, or {@code null} for any other tag: unsigned integers,
	 * bytes, float16 and float128 have no Java array of their own and stay binary data
	 */
	public static @Nullable Class<?> typedArrayType(int tag) {
		return switch (tag) {
			case 82, 86 -> double[].class;
			case 81, 85 -> float[].class;
			case 75, 79 -> long[].class;
			case 74, 78 -> int[].class;
			case 73, 77 -> short[].class;
			default -> null;
		};
	}

	/**
	 * Read an RFC 8746 typed array whose tag has a {@link #typedArrayType Java array
	 * type}, in the tag's byte order.
	 * @param tag the tag
	 * @param bytes the tagged byte string's bytes, from index 0
	 * @param length how many of them there are
	 * @return the array, or {@code null} when the length is not a whole number of
	 * elements (such bytes are left as binary data, for the binding to refuse as it
	 * refuses such little-endian bytes)
	 * @throws IllegalArgumentException when the tag has no Java array type
	 */
	public static @Nullable Object fromTypedArray(int tag, byte[] bytes, int length) {
		Class<?> type = typedArrayType(tag);
		if (type == null) {
			throw new IllegalArgumentException("tag " + tag + " (expected: a typed array of a Java element type)");
		}
		int size = elementSize(type);
		if (length % size != 0) {
			return null;
		}
		ByteOrder order = ((tag & 0x04) != 0) ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
		return read(ByteBuffer.wrap(bytes, 0, length).order(order), length / size, type);
	}

	/**
	 * Whether a node holds a typed array read by {@link #fromTypedArray}: a POJO node of
	 * a {@code double[]}, {@code float[]}, {@code long[]}, {@code int[]} or
	 * {@code short[]}.
	 * @param node the node
	 * @return whether it does
	 */
	static boolean isTypedArray(JsonNode node) {
		if (!node.isPojo()) {
			return false;
		}
		Object pojo = ((tools.jackson.databind.node.POJONode) node).getPojo();
		return pojo != null && pojo.getClass() != byte[].class && isSupported(pojo.getClass());
	}

	/**
	 * Return the bytes of an RFC 8746 typed array in little-endian order.
	 * @param tag the tag, 64 to 87
	 * @param bytes the tagged byte string, swapped in place when big-endian
	 * @return the bytes, or {@code null} when the tag is not a typed array's
	 */
	public static byte @org.jspecify.annotations.Nullable [] littleEndian(int tag, byte[] bytes) {
		if (tag < 64 || tag > 87 || tag == 76) {
			return null;
		}
		boolean floating = (tag & 0x10) != 0;
		boolean little = (tag & 0x04) != 0;
		int ll = tag & 0x03;
		int size = floating ? 2 << ll : 1 << ll;
		if (little || size == 1 || bytes.length % size != 0) {
			// Not a whole number of elements: left for the parameter binding to refuse,
			// as it refuses such little-endian bytes.
			return bytes;
		}
		return swap(bytes, size);
	}

	static byte[] swap(byte[] bytes, int size) {
		if (bytes.length % size != 0) {
			throw new IllegalArgumentException(
					bytes.length + " bytes, not a whole number of " + size + "-byte elements");
		}
		for (int i = 0; i < bytes.length; i += size) {
			for (int a = i, b = i + size - 1; a < b; a++, b--) {
				byte t = bytes[a];
				bytes[a] = bytes[b];
				bytes[b] = t;
			}
		}
		return bytes;
	}

	/**
	 * Write bytes as binary data: as Jackson does, but into a UTF-8 JSON generator with
	 * the JDK's base64 encoder (several times faster than Jackson's, which encodes three
	 * bytes at a time) when the mapper uses the default variant, whose alphabet and
	 * padding are the JDK's.
	 * @param gen where to write
	 * @param bytes the bytes
	 * @param ctx the serialization context, for its base64 variant
	 */
	static void writeBinary(JsonGenerator gen, byte[] bytes, SerializationContext ctx) {
		if (bytes.length >= FAST_BASE64_MIN && gen instanceof UTF8JsonGenerator
				&& ctx.getConfig().getBase64Variant() == Base64Variants.MIME_NO_LINEFEEDS) {
			if (bytes.length >= BASE64_CHUNK && gen.streamWriteOutputTarget() instanceof ByteBufOutputStream out) {
				writeBase64(gen, out.buffer(), bytes);
				return;
			}
			// Base64 needs no escaping: the encoded bytes go out as they are.
			byte[] encoded = Base64.getEncoder().encode(bytes);
			gen.writeRawUTF8String(encoded, 0, encoded.length);
			return;
		}
		gen.writeBinary(bytes);
	}

	/*
	 * Write bytes as a base64 string straight into the buffer under the generator, a
	 * chunk at a time, instead of encoding them whole into an array of their own first:
	 * the buffer grows once, and no array the size of the text is allocated, zeroed and
	 * copied. The generator writes what comes before the opening quote (a separator, a
	 * pretty printer's spaces) and is flushed first, so that the bytes stay in order;
	 * flushing its stream, a ByteBufOutputStream, does nothing.
	 */
	private static void writeBase64(JsonGenerator gen, ByteBuf buffer, byte[] bytes) {
		gen.writeRawValue(QUOTE);
		gen.flush();
		Base64.Encoder encoder = Base64.getEncoder();
		buffer.ensureWritable((bytes.length + 2) / 3 * 4);
		byte[] chunk = new byte[BASE64_CHUNK];
		byte[] encoded = new byte[BASE64_CHUNK / 3 * 4];
		int whole = bytes.length - bytes.length % BASE64_CHUNK;
		for (int i = 0; i < whole; i += BASE64_CHUNK) {
			// The JDK's encoder takes a whole array (and is an intrinsic on JDK 25, far
			// faster than a loop here): a chunk is copied out in the cache for it.
			System.arraycopy(bytes, i, chunk, 0, BASE64_CHUNK);
			buffer.writeBytes(encoded, 0, encoder.encode(chunk, encoded));
		}
		if (whole < bytes.length) {
			byte[] rest = Arrays.copyOfRange(bytes, whole, bytes.length);
			buffer.writeBytes(encoded, 0, encoder.encode(rest, encoded));
		}
		gen.writeRaw('"');
	}

	static byte[] decodeBase64(String text) {
		byte[] decoded = (text.length() >= BASE64_TEXT_CHUNK) ? decodePlainBase64(text) : null;
		return (decoded != null) ? decoded : decodeBase64Whole(text);
	}

	/*
	 * Decode base64 text whole with the JDK's basic decoder or, failing that, its MIME
	 * decoder, which skips what is not in the alphabet.
	 */
	static byte[] decodeBase64Whole(String text) {
		try {
			return Base64.getDecoder().decode(text);
		}
		catch (IllegalArgumentException ex) {
			try {
				return Base64.getMimeDecoder().decode(text);
			}
			catch (IllegalArgumentException again) {
				throw new IllegalArgumentException("a string that is not base64 (expected: a list of numbers, "
						+ "a base64 string of little-endian bytes or binary data)");
			}
		}
	}

	/*
	 * Decode long base64 text as the JDK's basic decoder does, a chunk at a time: the
	 * JDK's decoder is an intrinsic that takes about a microsecond for 64 KB, while the
	 * copy of the whole text it decodes from (String.getBytes) and the arrays it
	 * allocates take several. A chunk of characters is copied out and narrowed to Latin-1
	 * in the cache, decoded, and copied into the result. Only text the basic decoder
	 * takes whole is decoded here: every chunk but the last decodes to a full chunk of
	 * bytes (so it is all alphabet, no padding), and the result is as long as the basic
	 * decoder computes; anything else (padding early, a character beyond Latin-1, a line
	 * break for the MIME decoder) returns null and is left to the JDK's decoders, so what
	 * is taken and refused, with which message, does not change.
	 *
	 * @return the bytes, or null
	 */
	private static byte @Nullable [] decodePlainBase64(String text) {
		int length = text.length();
		int paddings = 0;
		if (text.charAt(length - 1) == '=') {
			paddings = (text.charAt(length - 2) == '=') ? 2 : 1;
		}
		if (paddings == 0 && (length & 3) != 0) {
			paddings = 4 - (length & 3);
		}
		byte[] result = new byte[3 * ((length + 3) / 4) - paddings];
		Base64.Decoder decoder = Base64.getDecoder();
		CharsetEncoder latin1 = StandardCharsets.ISO_8859_1.newEncoder();
		char[] chars = new char[BASE64_TEXT_CHUNK];
		byte[] chunk = new byte[BASE64_TEXT_CHUNK];
		byte[] decoded = new byte[BASE64_TEXT_CHUNK / 4 * 3];
		int written = 0;
		for (int start = 0; start < length; start += BASE64_TEXT_CHUNK) {
			int end = Math.min(length, start + BASE64_TEXT_CHUNK);
			int count = end - start;
			text.getChars(start, end, chars, 0);
			if (count < BASE64_TEXT_CHUNK) {
				// The decoder takes a whole array: the last, shorter chunk gets its own.
				chunk = new byte[count];
			}
			latin1.reset();
			if (latin1.encode(CharBuffer.wrap(chars, 0, count), ByteBuffer.wrap(chunk), true).isError()) {
				return null;
			}
			int size;
			try {
				size = decoder.decode(chunk, decoded);
			}
			catch (IllegalArgumentException ex) {
				return null;
			}
			boolean last = end == length;
			if ((!last && size != decoded.length) || written + size > result.length) {
				return null;
			}
			System.arraycopy(decoded, 0, result, written, size);
			written += size;
		}
		return (written == result.length) ? result : null;
	}

	private static Object fromList(JsonNode list, Class<?> type) {
		if (type == double[].class) {
			double[] doubles = DoubleNodeList.doubles(list);
			if (doubles != null) {
				return doubles;
			}
		}
		int size = list.size();
		if (type == double[].class) {
			double[] values = new double[size];
			for (int i = 0; i < size; i++) {
				JsonNode element = list.get(i);
				if (!element.isNumber()) {
					throw element(i, element, "a number");
				}
				double value = element.isBigDecimal() ? element.decimalValue().doubleValue()
						: element.isBigInteger() ? element.bigIntegerValue().doubleValue() : element.doubleValue();
				if (Double.isInfinite(value)) {
					throw element(i, element, "a number within the range of a double");
				}
				values[i] = value;
			}
			return values;
		}
		if (type == float[].class) {
			float[] values = new float[size];
			for (int i = 0; i < size; i++) {
				JsonNode element = list.get(i);
				if (!element.isNumber()) {
					throw element(i, element, "a number");
				}
				float value = (float) (element.isBigDecimal() ? element.decimalValue().doubleValue()
						: element.isBigInteger() ? element.bigIntegerValue().doubleValue() : element.doubleValue());
				if (Float.isInfinite(value)) {
					throw element(i, element, "a number within the range of a float");
				}
				values[i] = value;
			}
			return values;
		}
		if (type == long[].class) {
			long[] values = new long[size];
			for (int i = 0; i < size; i++) {
				JsonNode element = list.get(i);
				if (!element.isIntegralNumber() || !element.canConvertToLong()) {
					throw element(i, element, "an integer within the range of a long");
				}
				values[i] = element.longValue();
			}
			return values;
		}
		if (type == int[].class) {
			int[] values = new int[size];
			for (int i = 0; i < size; i++) {
				JsonNode element = list.get(i);
				if (!element.isIntegralNumber() || !element.canConvertToInt()) {
					throw element(i, element, "an integer within the range of an int");
				}
				values[i] = element.intValue();
			}
			return values;
		}
		if (type == short[].class) {
			short[] values = new short[size];
			for (int i = 0; i < size; i++) {
				values[i] = (short) integer(list.get(i), i, Short.MIN_VALUE, 0xFFFF, "-32768 to 65535");
			}
			return values;
		}
		byte[] values = new byte[size];
		for (int i = 0; i < size; i++) {
			values[i] = (byte) integer(list.get(i), i, Byte.MIN_VALUE, 0xFF, "-128 to 255");
		}
		return values;
	}

	private static int integer(JsonNode element, int index, int min, int max, String range) {
		if (!element.isIntegralNumber() || !element.canConvertToInt() || element.intValue() < min
				|| element.intValue() > max) {
			throw element(index, element, "an integer from " + range);
		}
		return element.intValue();
	}

	private static IllegalArgumentException element(int index, JsonNode element, String expected) {
		return new IllegalArgumentException(
				"a list whose element " + index + " is " + kind(element) + " (expected: " + expected + ")");
	}

	private static int elementSize(Class<?> type) {
		if (type == double[].class || type == long[].class) {
			return 8;
		}
		if (type == float[].class || type == int[].class) {
			return 4;
		}
		if (type == short[].class) {
			return 2;
		}
		if (type == byte[].class) {
			return 1;
		}
		throw new IllegalArgumentException("not a primitive array of numbers: " + type.getSimpleName());
	}

	private static String elementName(Class<?> type) {
		return type.getComponentType().getName();
	}

	static String kind(JsonNode node) {
		if (node.isNumber()) {
			return node.isIntegralNumber() ? "an integer" : "a number with a fraction";
		}
		if (node.isString()) {
			return "a string";
		}
		if (node.isBoolean()) {
			return "a boolean";
		}
		if (node.isNull()) {
			return "null";
		}
		if (node.isObject()) {
			return "an object";
		}
		if (node.isArray()) {
			return "a list";
		}
		if (node.isBinary()) {
			return "binary data";
		}
		if (isTypedArray(node)) {
			return "a typed array";
		}
		return "a value";
	}

}
