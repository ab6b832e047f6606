package io.ujrpc.array;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * An n-dimensional array of numbers: a NumPy dtype name, a shape and the elements'
 * little-endian bytes in C order, read from and written in the formats NumPy clients use.
 * <p>
 * A parameter of this type binds from any of these forms, in JSON, CBOR or MessagePack:
 * <ul>
 * <li>{@link Format#LIST}: {@code {"data": [[1, 2], [3, 4]], "dtype": "<i8"}}, the shape
 * taken from the nesting;</li>
 * <li>{@link Format#BUFFER}: {@code {"buffer": "AQAAAAAAAAA...", "dtype": "<i8", "shape":
 * [2, 2]}}, the buffer as base64 in JSON or as a byte string in CBOR and
 * MessagePack;</li>
 * <li>{@link Format#NUMPY}: msgpack-numpy's map {@code {"nd": true, "type": "<i8",
 * "kind": "", "shape": [2, 2], "data": <bytes>}}, whose keys may be strings or byte
 * strings.</li>
 * </ul>
 * A result is written in the format it was read in (see {@link #format()}); one made with
 * the factory methods is written as {@link Format#LIST} in JSON and as
 * {@link Format#NUMPY} in CBOR and MessagePack. Big-endian input ({@code >f8}) is swapped
 * to little-endian on reading. Instances are immutable and never copy their bytes on the
 * way through.
 */
@JsonSerialize(using = NdArraySerializer.class)
@JsonDeserialize(using = NdArrayDeserializer.class)
public final class NdArray {

	private final DType dtype;

	private final int[] shape;

	private final byte[] data;

	private final @Nullable Format format;

	NdArray(DType dtype, int[] shape, byte[] data, @Nullable Format format) {
		long size = size(shape);
		if (size * dtype.size() != data.length) {
			throw new IllegalArgumentException(
					"data of " + data.length + " bytes does not hold shape " + Arrays.toString(shape) + " of "
							+ dtype.dtypeName() + " (expected: " + size * dtype.size() + " bytes)");
		}
		this.dtype = dtype;
		this.shape = shape;
		this.data = data;
		this.format = format;
	}

	/**
	 * Create an array from little-endian bytes.
	 * @param dtype the NumPy dtype name, such as <code>&lt;f8</code>, <code>&lt;i4</code>
	 * or {@code |u1}
	 * @param shape the shape; no dimensions for a single number
	 * @param data the elements' bytes in C order, not copied
	 * @return the array
	 * @throws IllegalArgumentException when the dtype is not supported or the data does
	 * not fit the shape
	 */
	public static NdArray of(String dtype, int[] shape, byte[] data) {
		DType type = DType.of(dtype);
		int[] dims = checkedShape(shape);
		if (DType.bigEndian(dtype)) {
			data = PrimitiveArrays.swap(data.clone(), type.size());
		}
		return new NdArray(type, dims, data, null);
	}

	/**
	 * Read an array from a tree in any of its {@link Format formats}.
	 * @param node the tree: an object, or a POJO node holding an array
	 * @return the array, remembering the format it was read in
	 * @throws IllegalArgumentException naming what was wrong, in the caller's terms
	 */
	public static NdArray fromTree(JsonNode node) {
		return NdArrayReader.read(node);
	}

	/**
	 * Create a <code>&lt;f8</code> array.
	 * @param values the elements in C order, copied
	 * @param shape the shape; none for a one-dimensional array of all values
	 * @return the array
	 */
	public static NdArray of(double[] values, int... shape) {
		return new NdArray(DType.FLOAT64, shapeOf(values.length, shape), PrimitiveArrays.toBytes(values), null);
	}

	/**
	 * Create a <code>&lt;f4</code> array.
	 * @param values the elements in C order, copied
	 * @param shape the shape; none for a one-dimensional array of all values
	 * @return the array
	 */
	public static NdArray of(float[] values, int... shape) {
		return new NdArray(DType.FLOAT32, shapeOf(values.length, shape), PrimitiveArrays.toBytes(values), null);
	}

	/**
	 * Create a <code>&lt;i8</code> array.
	 * @param values the elements in C order, copied
	 * @param shape the shape; none for a one-dimensional array of all values
	 * @return the array
	 */
	public static NdArray of(long[] values, int... shape) {
		return new NdArray(DType.INT64, shapeOf(values.length, shape), PrimitiveArrays.toBytes(values), null);
	}

	/**
	 * Create a <code>&lt;i4</code> array.
	 * @param values the elements in C order, copied
	 * @param shape the shape; none for a one-dimensional array of all values
	 * @return the array
	 */
	public static NdArray of(int[] values, int... shape) {
		return new NdArray(DType.INT32, shapeOf(values.length, shape), PrimitiveArrays.toBytes(values), null);
	}

	/**
	 * Return the NumPy dtype name of the elements, little-endian.
	 * @return the name, such as <code>&lt;f8</code>
	 */
	public String dtype() {
		return this.dtype.dtypeName();
	}

	/**
	 * Return the shape.
	 * @return a copy of the dimensions
	 */
	public int[] shape() {
		return this.shape.clone();
	}

	/**
	 * Return the number of elements.
	 * @return the product of the dimensions
	 */
	public int size() {
		return (int) size(this.shape);
	}

	/**
	 * Return the elements' bytes.
	 * @return a read-only little-endian view, not a copy
	 */
	public ByteBuffer buffer() {
		return ByteBuffer.wrap(this.data).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
	}

	/**
	 * Return the format this array was read in.
	 * @return the format, or {@code null} for an array made here
	 */
	public @Nullable Format format() {
		return this.format;
	}

	/**
	 * Return this array, to be written in the given format.
	 * @param format the format, or {@code null} for the encoding's default
	 * @return an array sharing this one's bytes
	 */
	public NdArray withFormat(@Nullable Format format) {
		return new NdArray(this.dtype, this.shape, this.data, format);
	}

	/**
	 * Return the elements as doubles, converted from any dtype.
	 * @return a new array
	 */
	public double[] toDoubleArray() {
		if (this.dtype == DType.FLOAT64) {
			return PrimitiveArrays.toDoubles(this.data, 0, this.data.length);
		}
		int size = size();
		double[] values = new double[size];
		ByteBuffer buffer = ByteBuffer.wrap(this.data).order(ByteOrder.LITTLE_ENDIAN);
		for (int i = 0; i < size; i++) {
			values[i] = doubleAt(buffer, i);
		}
		return values;
	}

	/**
	 * Return the elements as longs, converted from any integer dtype.
	 * @return a new array
	 * @throws IllegalStateException when the elements are floating-point
	 */
	public long[] toLongArray() {
		if (this.dtype.floating()) {
			throw new IllegalStateException("an array of " + dtype() + " is not one of integers");
		}
		if (this.dtype == DType.INT64) {
			return PrimitiveArrays.toLongs(this.data, 0, this.data.length);
		}
		int size = size();
		long[] values = new long[size];
		ByteBuffer buffer = ByteBuffer.wrap(this.data).order(ByteOrder.LITTLE_ENDIAN);
		for (int i = 0; i < size; i++) {
			values[i] = longAt(buffer, i);
		}
		return values;
	}

	DType type() {
		return this.dtype;
	}

	int[] dims() {
		return this.shape;
	}

	/**
	 * Return the elements' bytes, little-endian in C order.
	 * @return the array's own bytes, not a copy: not to be modified
	 */
	public byte[] data() {
		return this.data;
	}

	double doubleAt(ByteBuffer buffer, int index) {
		return switch (this.dtype) {
			case FLOAT64 -> buffer.getDouble(index * 8);
			case FLOAT32 -> buffer.getFloat(index * 4);
			case UINT64 -> {
				long value = buffer.getLong(index * 8);
				yield (value >= 0) ? value : (double) (value >>> 1) * 2.0 + (value & 1);
			}
			default -> longAt(buffer, index);
		};
	}

	long longAt(ByteBuffer buffer, int index) {
		return switch (this.dtype) {
			case INT64, UINT64 -> buffer.getLong(index * 8);
			case INT32 -> buffer.getInt(index * 4);
			case UINT32 -> Integer.toUnsignedLong(buffer.getInt(index * 4));
			case INT16 -> buffer.getShort(index * 2);
			case UINT16 -> Short.toUnsignedInt(buffer.getShort(index * 2));
			case INT8 -> buffer.get(index);
			case UINT8, BOOL -> Byte.toUnsignedInt(buffer.get(index));
			case FLOAT64 -> (long) buffer.getDouble(index * 8);
			case FLOAT32 -> (long) buffer.getFloat(index * 4);
		};
	}

	static long size(int[] shape) {
		long size = 1;
		for (int dim : shape) {
			size *= dim;
			if (size > Integer.MAX_VALUE) {
				throw new IllegalArgumentException(
						"shape " + Arrays.toString(shape) + " is too large (expected: at most 2^31-1 elements)");
			}
		}
		return size;
	}

	static int[] checkedShape(int[] shape) {
		for (int dim : shape) {
			if (dim < 0) {
				throw new IllegalArgumentException(
						"shape " + Arrays.toString(shape) + " has a negative dimension (expected: >= 0)");
			}
		}
		return shape.clone();
	}

	private static int[] shapeOf(int length, int[] shape) {
		if (shape.length == 0) {
			return new int[] { length };
		}
		int[] dims = checkedShape(shape);
		if (size(dims) != length) {
			throw new IllegalArgumentException(
					"shape " + Arrays.toString(shape) + " does not hold " + length + " elements");
		}
		return dims;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof NdArray array && this.dtype == array.dtype && Arrays.equals(this.shape, array.shape)
				&& Arrays.equals(this.data, array.data);
	}

	@Override
	public int hashCode() {
		return 31 * (31 * this.dtype.hashCode() + Arrays.hashCode(this.shape)) + Arrays.hashCode(this.data);
	}

	@Override
	public String toString() {
		return "NdArray[dtype=" + dtype() + ", shape=" + Arrays.toString(this.shape) + "]";
	}

	/**
	 * The forms an {@link NdArray} is read from and written in.
	 */
	public enum Format {

		/** Nested lists of numbers with a {@code dtype}. */
		LIST,

		/** The little-endian bytes with {@code dtype} and {@code shape}. */
		BUFFER,

		/**
		 * msgpack-numpy's map: {@code nd}, {@code type}, {@code kind}, {@code shape},
		 * {@code data}, with byte-string keys in MessagePack, as msgpack-numpy writes and
		 * reads them.
		 */
		NUMPY,

		/**
		 * msgpack-numpy's map with text keys in MessagePack, as clients other than
		 * msgpack-numpy send it; the same as {@link #NUMPY} in JSON and CBOR.
		 */
		NUMPY_TEXT_KEYS

	}

}
