package io.ujrpc.array;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ser.std.StdSerializer;
import tools.jackson.databind.util.TokenBuffer;

/**
 * Writes an {@link NdArray} in its {@link NdArray#format() format}: nested lists or
 * base64 in JSON, byte strings in CBOR and MessagePack.
 */
final class NdArraySerializer extends StdSerializer<NdArray> {

	private static final byte[] NO_BYTES = new byte[0];

	NdArraySerializer() {
		super(NdArray.class);
	}

	@Override
	public void serialize(NdArray array, JsonGenerator gen, SerializationContext ctx) {
		boolean binary = gen.has(tools.jackson.core.StreamWriteCapability.CAN_WRITE_BINARY_NATIVELY);
		NdArray.Format format = array.format();
		if (format == null) {
			format = binary ? NdArray.Format.NUMPY : NdArray.Format.LIST;
		}
		boolean numpy = format == NdArray.Format.NUMPY || format == NdArray.Format.NUMPY_TEXT_KEYS;
		if (numpy && binary && gen instanceof TokenBuffer) {
			// The MessagePack writer writes it, with byte-string keys where asked for.
			gen.writeEmbeddedObject(array);
			return;
		}
		gen.writeStartObject(array);
		if (format == NdArray.Format.LIST) {
			gen.writeName("data");
			writeList(array, gen);
			gen.writeStringProperty("dtype", array.dtype());
		}
		else if (numpy && binary) {
			gen.writeBooleanProperty("nd", true);
			gen.writeStringProperty("type", array.dtype());
			gen.writeName("kind");
			gen.writeBinary(NO_BYTES);
			gen.writeName("shape");
			writeShape(array, gen);
			gen.writeName("data");
			gen.writeBinary(array.data());
		}
		else {
			gen.writeName("buffer");
			PrimitiveArrays.writeBinary(gen, array.data(), ctx);
			gen.writeStringProperty("dtype", array.dtype());
			gen.writeName("shape");
			writeShape(array, gen);
		}
		gen.writeEndObject();
	}

	private static void writeShape(NdArray array, JsonGenerator gen) {
		int[] dims = array.dims();
		gen.writeArray(dims, 0, dims.length);
	}

	private static void writeList(NdArray array, JsonGenerator gen) {
		int[] dims = array.dims();
		ByteBuffer buffer = ByteBuffer.wrap(array.data()).order(ByteOrder.LITTLE_ENDIAN);
		if (dims.length == 0) {
			writeElement(array, buffer, 0, gen);
			return;
		}
		writeLevel(array, buffer, dims, 0, 0, gen);
	}

	private static int writeLevel(NdArray array, ByteBuffer buffer, int[] dims, int depth, int index,
			JsonGenerator gen) {
		gen.writeStartArray(null, dims[depth]);
		if (depth == dims.length - 1) {
			if (array.type() == DType.FLOAT64) {
				double[] values = new double[dims[depth]];
				buffer.slice(index * 8, values.length * 8).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(values);
				for (double value : values) {
					gen.writeNumber(value);
				}
				index += values.length;
			}
			else {
				for (int i = 0; i < dims[depth]; i++) {
					writeElement(array, buffer, index++, gen);
				}
			}
		}
		else {
			for (int i = 0; i < dims[depth]; i++) {
				index = writeLevel(array, buffer, dims, depth + 1, index, gen);
			}
		}
		gen.writeEndArray();
		return index;
	}

	private static void writeElement(NdArray array, ByteBuffer buffer, int index, JsonGenerator gen) {
		switch (array.type()) {
			case FLOAT64 -> gen.writeNumber(buffer.getDouble(index * 8));
			case FLOAT32 -> gen.writeNumber(buffer.getFloat(index * 4));
			case BOOL -> gen.writeBoolean(buffer.get(index) != 0);
			case UINT64 -> {
				long value = buffer.getLong(index * 8);
				if (value >= 0) {
					gen.writeNumber(value);
				}
				else {
					gen.writeNumber(new java.math.BigInteger(Long.toUnsignedString(value)));
				}
			}
			default -> gen.writeNumber(array.longAt(buffer, index));
		}
	}

}
