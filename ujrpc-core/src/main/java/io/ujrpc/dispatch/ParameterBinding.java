package io.ujrpc.dispatch;

import java.io.InputStream;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Optional;

import io.ujrpc.array.DoubleNodeList;
import io.ujrpc.array.NdArray;
import io.ujrpc.array.PrimitiveArrayModule;
import io.ujrpc.array.PrimitiveArrays;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.POJONode;

/**
 * Binds one JSON value to one Java parameter. Built once at registration; scalar types
 * get a direct reader, everything else a pre-built Jackson {@link ObjectReader}.
 * <p>
 * Binding is strict: a string is not an integer, a fraction is not an integer, and a
 * number outside the parameter's range is rejected. Failures are described in the
 * caller's terms (see {@link ParamsProblems}).
 */
final class ParameterBinding {

	private final String name;

	private final Class<?> rawType;

	private final JavaType valueType;

	private final ObjectMapper mapper;

	private final boolean optional;

	private final Reader reader;

	/** What the parameter takes, in the caller's terms; described on first use. */
	private volatile String expected;

	ParameterBinding(String name, Type type, ObjectMapper mapper) {
		this.name = name;
		// Binary data and base64 for primitive arrays, also inside other types.
		mapper = PrimitiveArrayModule.withArrays(mapper);
		this.mapper = mapper;
		JavaType javaType = mapper.constructType(type);
		this.optional = javaType.getRawClass() == Optional.class;
		this.valueType = this.optional ? javaType.containedTypeOrUnknown(0) : javaType;
		this.rawType = this.valueType.getRawClass();
		Reader reader = scalarReader(this.rawType);
		if (reader == null) {
			ObjectReader objectReader = mapper.readerFor(this.valueType);
			Reader general = (node) -> objectReader.readValue(node);
			reader = bindsDecimalsAsList(this.rawType, objectReader, mapper) ? (node) -> {
				ArrayList<Object> boxed = DoubleNodeList.boxed(node);
				return (boxed != null) ? boxed : general.read(node);
			} : general;
		}
		this.reader = this.optional ? optional(reader) : reader;
	}

	String name() {
		return this.name;
	}

	/**
	 * Return the value bound when the call does not provide this parameter.
	 * @return the value
	 * @throws InvalidParamsException when the parameter is required
	 */
	Object missing() {
		if (this.optional) {
			return Optional.empty();
		}
		if (this.rawType.isPrimitive()) {
			throw new InvalidParamsException("missing parameter '" + this.name + "' (expected: " + expected() + ")");
		}
		return null;
	}

	Object bind(JsonNode node) {
		try {
			if (node.isNull() && !this.optional) {
				if (this.rawType.isPrimitive()) {
					throw new InvalidParamsException(
							"parameter '" + this.name + "' is null (expected: " + expected() + ")");
				}
				return null;
			}
			return this.reader.read(node);
		}
		catch (InvalidParamsException ex) {
			throw ex;
		}
		catch (Mismatch ex) {
			throw new InvalidParamsException("parameter '" + this.name + "' is " + ParamsProblems.kind(ex.node)
					+ " (expected: " + ((ex.expected != null) ? ex.expected : expected()) + ")");
		}
		catch (JacksonException ex) {
			throw new InvalidParamsException(ParamsProblems.describe(this.name, node, this.valueType, ex, this.mapper));
		}
		catch (ArrayMismatch ex) {
			throw new InvalidParamsException("parameter '" + this.name + "' is " + ex.getMessage());
		}
		catch (IllegalArgumentException ex) {
			// Not Jackson's message: it may name the server's classes.
			throw new InvalidParamsException(
					"parameter '" + this.name + "' cannot be read (expected: " + expected() + ")");
		}
	}

	private String expected() {
		String expected = this.expected;
		if (expected == null) {
			expected = ParamsProblems.expected(this.valueType, this.mapper);
			this.expected = expected;
		}
		return expected;
	}

	/*
	 * Whether the reader binds an array of decimals to an ArrayList of their doubles, as
	 * Jackson binds an untyped or List<Double> parameter unless configured otherwise: the
	 * list can then be built from the doubles the JSON reader kept (DoubleNodeList).
	 */
	private static boolean bindsDecimalsAsList(Class<?> type, ObjectReader reader, ObjectMapper mapper) {
		if (!type.isAssignableFrom(ArrayList.class)) {
			return false;
		}
		double[] probe = { 0.5, -1.25, 8191.508191, 1e-3, 1e300, -0.0, 0.0, 123456.789012345, 0.30000000000000004,
				Double.MIN_VALUE, -Double.MAX_VALUE, 100.0, 0.0123, 2.5e-8, 7.0, 1e22 };
		try {
			JsonNodeFactory nodes = mapper.getNodeFactory();
			Object bound = reader.readValue(DoubleNodeList.arrayNode(nodes, probe, probe.length));
			return bound != null && bound.getClass() == ArrayList.class
					&& bound.equals(DoubleNodeList.boxed(DoubleNodeList.arrayNode(nodes, probe, probe.length)));
		}
		catch (JacksonException | IllegalArgumentException ex) {
			return false;
		}
	}

	private static Reader optional(Reader reader) {
		return (node) -> node.isNull() ? Optional.empty() : Optional.ofNullable(reader.read(node));
	}

	private static Reader scalarReader(Class<?> type) {
		if (type == long.class || type == Long.class) {
			return (node) -> {
				if (node.isIntegralNumber() && node.canConvertToLong()) {
					return node.longValue();
				}
				throw new Mismatch(node);
			};
		}
		if (type == int.class || type == Integer.class) {
			return (node) -> {
				if (node.isIntegralNumber() && node.canConvertToInt()) {
					return node.intValue();
				}
				throw new Mismatch(node);
			};
		}
		if (type == double.class || type == Double.class) {
			return (node) -> {
				if (node.isNumber()) {
					double value = toDouble(node);
					if (Double.isInfinite(value)) {
						throw new Mismatch(node, "a number within the range of a double");
					}
					return value;
				}
				throw new Mismatch(node);
			};
		}
		if (type == float.class || type == Float.class) {
			return (node) -> {
				if (node.isNumber()) {
					float value = (float) toDouble(node);
					if (Float.isInfinite(value)) {
						throw new Mismatch(node, "a number within the range of a float");
					}
					return value;
				}
				throw new Mismatch(node);
			};
		}
		if (type == BigInteger.class) {
			return (node) -> {
				if (node.isIntegralNumber()) {
					return node.bigIntegerValue();
				}
				throw new Mismatch(node);
			};
		}
		if (type == BigDecimal.class) {
			return (node) -> {
				if (node.isNumber()) {
					return node.isIntegralNumber() ? new BigDecimal(node.bigIntegerValue()) : node.decimalValue();
				}
				throw new Mismatch(node);
			};
		}
		if (type == boolean.class || type == Boolean.class) {
			return (node) -> {
				if (node.isBoolean()) {
					return node.booleanValue();
				}
				throw new Mismatch(node);
			};
		}
		if (type == String.class) {
			return (node) -> {
				if (node.isString()) {
					return node.stringValue();
				}
				throw new Mismatch(node);
			};
		}
		if (type == JsonNode.class) {
			return (node) -> node;
		}
		if (PrimitiveArrays.isSupported(type)) {
			// Straight from the tree: no parser over it, no boxing.
			return (node) -> {
				try {
					return PrimitiveArrays.fromTree(node, type);
				}
				catch (IllegalArgumentException ex) {
					throw new ArrayMismatch(ex.getMessage());
				}
			};
		}
		if (type == NdArray.class) {
			return (node) -> {
				try {
					return NdArray.fromTree(node);
				}
				catch (IllegalArgumentException ex) {
					throw new ArrayMismatch(ex.getMessage());
				}
			};
		}
		if (type == InputStream.class) {
			// Only a streamed REST body is a stream: JSON has none.
			return (node) -> {
				if (node instanceof POJONode pojo && pojo.getPojo() instanceof InputStream stream) {
					return stream;
				}
				throw new Mismatch(node, "an application/octet-stream body, on a REST route");
			};
		}
		return null;
	}

	/*
	 * A number as a double, infinite when beyond a double's range (where Jackson's own
	 * conversion throws).
	 */
	private static double toDouble(JsonNode number) {
		if (number.isBigDecimal()) {
			return number.decimalValue().doubleValue();
		}
		if (number.isBigInteger()) {
			return number.bigIntegerValue().doubleValue();
		}
		return number.doubleValue();
	}

	@FunctionalInterface
	private interface Reader {

		Object read(JsonNode node);

	}

	/**
	 * An array parameter's value that cannot be read, described in the caller's terms;
	 * carries no stack trace.
	 */
	private static final class ArrayMismatch extends RuntimeException {

		ArrayMismatch(String message) {
			super(message, null, false, false);
		}

	}

	/**
	 * A value of the wrong JSON kind for a scalar parameter; carries no stack trace.
	 */
	private static final class Mismatch extends RuntimeException {

		private final transient JsonNode node;

		private final String expected;

		Mismatch(JsonNode node) {
			this(node, null);
		}

		Mismatch(JsonNode node, String expected) {
			super(null, null, false, false);
			this.node = node;
			this.expected = expected;
		}

	}

}
