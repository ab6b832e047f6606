package io.ujrpc.dispatch;

import java.lang.reflect.Type;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;

/**
 * Binds one JSON value to one Java parameter. Built once at registration; scalar types
 * get a direct reader, everything else a pre-built Jackson {@link ObjectReader}.
 * <p>
 * Binding is strict: a string is not an integer, a fraction is not an integer, and an
 * integer outside the parameter's range is rejected.
 */
final class ParameterBinding {

	private final String name;

	private final Class<?> rawType;

	private final boolean optional;

	private final Reader reader;

	ParameterBinding(String name, Type type, ObjectMapper mapper) {
		this.name = name;
		JavaType javaType = mapper.constructType(type);
		this.optional = javaType.getRawClass() == Optional.class;
		JavaType valueType = this.optional ? javaType.containedTypeOrUnknown(0) : javaType;
		this.rawType = valueType.getRawClass();
		Reader reader = scalarReader(this.rawType);
		if (reader == null) {
			ObjectReader objectReader = mapper.readerFor(valueType);
			reader = (node) -> objectReader.readValue(node);
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
			throw new InvalidParamsException(
					"missing parameter '" + this.name + "' (expected: " + describe(this.rawType) + ")");
		}
		return null;
	}

	Object bind(JsonNode node) {
		try {
			if (node.isNull() && !this.optional) {
				if (this.rawType.isPrimitive()) {
					throw new InvalidParamsException(
							"parameter '" + this.name + "' is null (expected: " + describe(this.rawType) + ")");
				}
				return null;
			}
			return this.reader.read(node);
		}
		catch (InvalidParamsException ex) {
			throw ex;
		}
		catch (Mismatch ex) {
			throw new InvalidParamsException("parameter '" + this.name + "' is " + nodeKind(ex.node) + " (expected: "
					+ describe(this.rawType) + ")");
		}
		catch (JacksonException ex) {
			throw new InvalidParamsException("parameter '" + this.name + "' cannot be read as " + describe(this.rawType)
					+ ": " + ex.getOriginalMessage());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidParamsException("parameter '" + this.name + "' cannot be read as " + describe(this.rawType)
					+ ": " + ex.getMessage());
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
					return node.doubleValue();
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
		return null;
	}

	static String describe(Class<?> type) {
		if (type == long.class || type == Long.class) {
			return "a 64-bit integer";
		}
		if (type == int.class || type == Integer.class) {
			return "a 32-bit integer";
		}
		if (type == short.class || type == Short.class) {
			return "a 16-bit integer";
		}
		if (type == byte.class || type == Byte.class) {
			return "an 8-bit integer";
		}
		if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
			return "a number";
		}
		if (type == boolean.class || type == Boolean.class) {
			return "a boolean";
		}
		if (type == String.class) {
			return "a string";
		}
		if (type.isArray() || Iterable.class.isAssignableFrom(type)) {
			return "an array";
		}
		return "a " + type.getSimpleName();
	}

	private static String nodeKind(JsonNode node) {
		if (node.isIntegralNumber()) {
			return "the integer " + node;
		}
		if (node.isNumber()) {
			return "the number " + node;
		}
		if (node.isString()) {
			return "a string";
		}
		if (node.isBoolean()) {
			return "a boolean";
		}
		if (node.isArray()) {
			return "an array";
		}
		if (node.isObject()) {
			return "an object";
		}
		return node.getNodeType().toString().toLowerCase();
	}

	@FunctionalInterface
	private interface Reader {

		Object read(JsonNode node);

	}

	/**
	 * A value of the wrong JSON kind for a scalar parameter; carries no stack trace.
	 */
	private static final class Mismatch extends RuntimeException {

		private final transient JsonNode node;

		Mismatch(JsonNode node) {
			super(null, null, false, false);
			this.node = node;
		}

	}

}
