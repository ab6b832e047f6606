package io.ujrpc.array;

import java.util.Map;
import java.util.WeakHashMap;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.jdk.PrimitiveArrayDeserializers;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;
import tools.jackson.dataformat.cbor.CBORGenerator;

/**
 * A Jackson module for {@code double[]}, {@code float[]}, {@code long[]}, {@code int[]},
 * {@code short[]} and {@code byte[]}: they are read from a list of numbers, a base64
 * string of their little-endian bytes, or binary data (a CBOR byte string or RFC 8746
 * typed array, a MessagePack bin), and written as a list in JSON and compactly where the
 * format holds binary data: an RFC 8746 typed array in CBOR, a bin in MessagePack.
 * <p>
 * ujrpc registers it on a copy of the server's mapper ({@link #withArrays}), which binds
 * parameters and writes CBOR and MessagePack; JSON results are written by the server's
 * own mapper, unchanged.
 */
public final class PrimitiveArrayModule extends SimpleModule {

	private static final long serialVersionUID = 1L;

	private static final Class<?>[] TYPES = { double[].class, float[].class, long[].class, int[].class, short[].class,
			byte[].class };

	private static final Map<ObjectMapper, ObjectMapper> DERIVED = new WeakHashMap<>();

	/**
	 * Create the module.
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public PrimitiveArrayModule() {
		super("ujrpc-primitive-arrays");
		for (Class<?> type : TYPES) {
			addSerializer((Class) type, new CompactSerializer(type));
			addDeserializer((Class) type, new BinaryAwareDeserializer(type));
		}
	}

	/**
	 * Return a copy of a mapper with this module registered, the same copy for the same
	 * mapper.
	 * @param mapper the mapper
	 * @return its copy with the module
	 */
	public static ObjectMapper withArrays(ObjectMapper mapper) {
		synchronized (DERIVED) {
			return DERIVED.computeIfAbsent(mapper,
					(source) -> source.rebuild().addModule(new PrimitiveArrayModule()).build());
		}
	}

	/**
	 * Writes a primitive array as a list, or as binary data where the format holds it.
	 */
	private static final class CompactSerializer extends StdSerializer<Object> {

		private final int tag;

		CompactSerializer(Class<?> type) {
			super(type);
			this.tag = PrimitiveArrays.typedArrayTag(type);
		}

		@Override
		public void serialize(Object value, JsonGenerator gen, SerializationContext ctx) {
			if (value instanceof byte[] bytes) {
				PrimitiveArrays.writeBinary(gen, bytes, ctx);
				return;
			}
			if (gen.has(tools.jackson.core.StreamWriteCapability.CAN_WRITE_BINARY_NATIVELY)) {
				if (gen instanceof CBORGenerator cbor) {
					cbor.writeTag(this.tag);
				}
				gen.writeBinary(PrimitiveArrays.toBytes(value));
				return;
			}
			if (value instanceof double[] values) {
				gen.writeArray(values, 0, values.length);
			}
			else if (value instanceof long[] values) {
				gen.writeArray(values, 0, values.length);
			}
			else if (value instanceof int[] values) {
				gen.writeArray(values, 0, values.length);
			}
			else if (value instanceof float[] values) {
				gen.writeStartArray(values, values.length);
				for (float element : values) {
					gen.writeNumber(element);
				}
				gen.writeEndArray();
			}
			else {
				short[] values = (short[]) value;
				gen.writeStartArray(values, values.length);
				for (short element : values) {
					gen.writeNumber(element);
				}
				gen.writeEndArray();
			}
		}

		@Override
		public boolean isEmpty(SerializationContext ctx, Object value) {
			return java.lang.reflect.Array.getLength(value) == 0;
		}

	}

	/**
	 * Reads a primitive array from a list (as Jackson does), a base64 string or binary
	 * data.
	 */
	private static final class BinaryAwareDeserializer extends StdDeserializer<Object> {

		private final Class<?> type;

		private final ValueDeserializer<?> list;

		BinaryAwareDeserializer(Class<?> type) {
			super(type);
			this.type = type;
			this.list = PrimitiveArrayDeserializers.forType(type.getComponentType());
		}

		@Override
		public Object deserialize(JsonParser p, DeserializationContext ctxt) {
			JsonToken token = p.currentToken();
			byte[] bytes;
			if (token == JsonToken.VALUE_STRING) {
				try {
					bytes = PrimitiveArrays.decodeBase64(p.getString());
				}
				catch (IllegalArgumentException ex) {
					throw MismatchedInputException.from(p, this.type, ex.getMessage());
				}
			}
			else if (token == JsonToken.VALUE_EMBEDDED_OBJECT) {
				Object embedded = p.getEmbeddedObject();
				if (this.type.isInstance(embedded)) {
					return embedded;
				}
				if (embedded != null && PrimitiveArrays.isSupported(embedded.getClass())) {
					// A CBOR typed array read as another type: its little-endian bytes.
					embedded = PrimitiveArrays.toBytes(embedded);
				}
				if (!(embedded instanceof byte[] binary)) {
					throw MismatchedInputException.from(p, this.type,
							"embedded " + ((embedded != null) ? embedded.getClass().getSimpleName() : "null")
									+ " (expected: binary data)");
				}
				bytes = binary;
			}
			else {
				return this.list.deserialize(p, ctxt);
			}
			try {
				return PrimitiveArrays.fromBytes(bytes, 0, bytes.length, this.type);
			}
			catch (IllegalArgumentException ex) {
				throw MismatchedInputException.from(p, this.type, ex.getMessage());
			}
		}

	}

}
