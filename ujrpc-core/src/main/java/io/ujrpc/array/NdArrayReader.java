package io.ujrpc.array;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.POJONode;

/**
 * Reads an {@link NdArray} from a tree in any of its {@link NdArray.Format formats}.
 */
final class NdArrayReader {

	private NdArrayReader() {
	}

	static NdArray read(JsonNode node) {
		if (node.isPojo() && ((POJONode) node).getPojo() instanceof NdArray array) {
			return array;
		}
		if (!node.isObject()) {
			throw new IllegalArgumentException(PrimitiveArrays.kind(node) + " (expected: an object with "
					+ "\"data\" and \"dtype\", with \"buffer\", \"dtype\" and \"shape\", or msgpack-numpy's map)");
		}
		if (node.has("nd")) {
			JsonNode nd = node.get("nd");
			if (!nd.isBoolean() || !nd.booleanValue()) {
				throw new IllegalArgumentException(
						"msgpack-numpy's map with \"nd\": " + nd + " (expected: true, for an array)");
			}
			JsonNode kind = node.get("kind");
			if (kind != null && !(kind.isBinary() ? kind.binaryValue().length == 0 : kind.asString("").isEmpty())) {
				throw new IllegalArgumentException("msgpack-numpy's map of kind " + kind
						+ " (expected: \"\"; structured arrays are not supported)");
			}
			return bytes(text(node, "type"), shape(node.get("shape")), node.get("data"), "data", NdArray.Format.NUMPY);
		}
		// Before the buffer is asked for as a node: a string kept as its bytes stays so.
		byte[] decoded = Base64Members.decoded(node, Base64Members.MEMBER);
		if (decoded != null) {
			return bytes(text(node, "dtype"), shape(node.get("shape")), decoded, true, NdArray.Format.BUFFER);
		}
		if (node.has("buffer")) {
			return bytes(text(node, "dtype"), shape(node.get("shape")), node.get("buffer"), "buffer",
					NdArray.Format.BUFFER);
		}
		if (node.has("data")) {
			return list(text(node, "dtype"), node.get("data"));
		}
		throw new IllegalArgumentException("an object without \"data\", \"buffer\" or \"nd\" (expected: an object "
				+ "with \"data\" and \"dtype\", with \"buffer\", \"dtype\" and \"shape\", or msgpack-numpy's map)");
	}

	private static String text(JsonNode node, String member) {
		JsonNode value = node.get(member);
		if (value != null && value.isBinary()) {
			return new String(value.binaryValue(), java.nio.charset.StandardCharsets.UTF_8);
		}
		if (value == null || !value.isString()) {
			throw new IllegalArgumentException("an array whose \"" + member + "\" is "
					+ ((value != null) ? PrimitiveArrays.kind(value) : "missing")
					+ " (expected: a dtype such as \"<f8\")");
		}
		return value.stringValue();
	}

	private static int[] shape(JsonNode shape) {
		if (shape == null || !shape.isArray()) {
			throw new IllegalArgumentException("an array whose \"shape\" is "
					+ ((shape != null) ? PrimitiveArrays.kind(shape) : "missing") + " (expected: a list of sizes)");
		}
		int[] dims = new int[shape.size()];
		for (int i = 0; i < dims.length; i++) {
			JsonNode dim = shape.get(i);
			if (!dim.isIntegralNumber() || !dim.canConvertToInt() || dim.intValue() < 0) {
				throw new IllegalArgumentException(
						"an array whose shape has " + dim + " (expected: sizes, integers >= 0)");
			}
			dims[i] = dim.intValue();
		}
		return dims;
	}

	private static NdArray bytes(String dtype, int[] shape, JsonNode data, String member, NdArray.Format format) {
		DType type = DType.of(dtype);
		byte[] bytes;
		boolean shared = true;
		if (data != null && data.isBinary()) {
			bytes = data.binaryValue();
		}
		else if (data != null && data.isString()) {
			bytes = Base64StringNode.decoded(data);
			if (bytes == null) {
				bytes = PrimitiveArrays.decodeBase64(data.stringValue());
				shared = false;
			}
		}
		else {
			throw new IllegalArgumentException(
					"an array whose \"" + member + "\" is " + ((data != null) ? PrimitiveArrays.kind(data) : "missing")
							+ " (expected: little-endian bytes, base64 in JSON)");
		}
		return bytes(dtype, shape, bytes, shared, format);
	}

	/*
	 * @param shared whether the bytes are the tree's (a binary node's, those a base64
	 * node keeps), rather than base64 decoded here, this array's own
	 */
	private static NdArray bytes(String dtype, int[] shape, byte[] bytes, boolean shared, NdArray.Format format) {
		DType type = DType.of(dtype);
		if (DType.bigEndian(dtype)) {
			// Swapped in place when they are this array's own.
			bytes = PrimitiveArrays.swap(shared ? bytes.clone() : bytes, type.size());
		}
		return new NdArray(type, shape, bytes, format);
	}

	private static NdArray list(String dtype, JsonNode data) {
		DType type = DType.of(dtype);
		List<Integer> dims = new ArrayList<>();
		JsonNode probe = data;
		while (probe.isArray()) {
			dims.add(probe.size());
			if (probe.isEmpty()) {
				break;
			}
			probe = probe.get(0);
		}
		int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
		long size = NdArray.size(shape);
		ByteBuffer out = ByteBuffer.allocate((int) (size * type.size())).order(ByteOrder.LITTLE_ENDIAN);
		fill(type, data, shape, 0, out);
		return new NdArray(type, shape, out.array(), NdArray.Format.LIST);
	}

	private static void fill(DType type, JsonNode node, int[] shape, int depth, ByteBuffer out) {
		if (depth == shape.length) {
			put(type, node, out);
			return;
		}
		if (!node.isArray() || node.size() != shape[depth]) {
			throw new IllegalArgumentException("nested lists that are not rectangular (expected: " + shape[depth]
					+ " elements at depth " + depth + ")");
		}
		if (depth == shape.length - 1 && type.floating() && DoubleNodeList.put(node, out, type == DType.FLOAT32)) {
			// The decimals the reader kept as doubles, each put as put() puts it.
			return;
		}
		for (JsonNode element : node) {
			fill(type, element, shape, depth + 1, out);
		}
	}

	private static void put(DType type, JsonNode value, ByteBuffer out) {
		if (type == DType.BOOL) {
			if (!value.isBoolean() && !(value.isIntegralNumber() && (value.intValue() == 0 || value.intValue() == 1))) {
				throw new IllegalArgumentException(
						PrimitiveArrays.kind(value) + " in an array of |b1 (expected: booleans)");
			}
			out.put((byte) ((value.isBoolean() ? value.booleanValue() : value.intValue() == 1) ? 1 : 0));
			return;
		}
		if (!value.isNumber()) {
			throw new IllegalArgumentException(
					PrimitiveArrays.kind(value) + " in an array of " + type.dtypeName() + " (expected: numbers)");
		}
		if (type.floating()) {
			double number = value.doubleValue();
			if (type == DType.FLOAT64) {
				out.putDouble(number);
			}
			else {
				out.putFloat((float) number);
			}
			return;
		}
		if (!value.isIntegralNumber()) {
			throw new IllegalArgumentException(
					"a number with a fraction in an array of " + type.dtypeName() + " (expected: integers)");
		}
		if (type == DType.UINT64 && value.isBigInteger()) {
			java.math.BigInteger big = value.bigIntegerValue();
			if (big.signum() < 0 || big.bitLength() > 64) {
				throw range(type, value);
			}
			out.putLong(big.longValue());
			return;
		}
		if (!value.canConvertToLong()) {
			throw range(type, value);
		}
		long number = value.longValue();
		switch (type) {
			case INT64 -> out.putLong(number);
			case UINT64 -> {
				if (number < 0) {
					throw range(type, value);
				}
				out.putLong(number);
			}
			case INT32 -> out.putInt((int) checked(type, value, number, Integer.MIN_VALUE, Integer.MAX_VALUE));
			case UINT32 -> out.putInt((int) checked(type, value, number, 0, 0xFFFF_FFFFL));
			case INT16 -> out.putShort((short) checked(type, value, number, Short.MIN_VALUE, Short.MAX_VALUE));
			case UINT16 -> out.putShort((short) checked(type, value, number, 0, 0xFFFF));
			case INT8 -> out.put((byte) checked(type, value, number, Byte.MIN_VALUE, Byte.MAX_VALUE));
			case UINT8 -> out.put((byte) checked(type, value, number, 0, 0xFF));
			default -> throw new IllegalStateException("unreachable: " + type);
		}
	}

	private static long checked(DType type, JsonNode value, long number, long min, long max) {
		if (number < min || number > max) {
			throw range(type, value);
		}
		return number;
	}

	private static IllegalArgumentException range(DType type, JsonNode value) {
		return new IllegalArgumentException(value + " is out of range of " + type.dtypeName());
	}

}
