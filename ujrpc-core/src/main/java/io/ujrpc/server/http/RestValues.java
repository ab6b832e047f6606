package io.ujrpc.server.http;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Turns the text of a query parameter or path variable into the JSON value that the
 * parameter binder then checks, so that text is held to the same rules as JSON: a number
 * parameter gets a JSON number when the text is one ({@code 12}, {@code 1.5},
 * {@code -3e2}), a boolean one {@code true} or {@code false}, and otherwise the text as a
 * string, which the binder refuses in its own words ({@code "1.5"} for a {@code long} is
 * "the number 1.5 (expected: an integer ...)"). A string parameter always gets the text;
 * a structured one (a record, a map, {@code Object}) gets the text read as JSON when it
 * is JSON, else the text. Repeated keys make an array, for array and collection
 * parameters only. Built once per parameter.
 */
final class RestValues {

	/** JSON's number grammar (RFC 8259 section 6), nothing looser. */
	private static final Pattern JSON_NUMBER = Pattern.compile("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?");

	private static final int MAX_NUMBER_LENGTH = 1000;

	private final String name;

	private final Kind kind;

	/** Whether the parameter takes many values: an array or a collection. */
	private final boolean many;

	private final ObjectMapper mapper;

	private final JsonNodeFactory nodes;

	RestValues(String name, Type type, ObjectMapper mapper) {
		this.name = name;
		this.mapper = mapper;
		this.nodes = mapper.getNodeFactory();
		Type value = unwrapOptional(type);
		Type element = elementType(value);
		this.many = element != null;
		this.kind = kindOf((element != null) ? element : value);
	}

	/**
	 * Convert the values given for the parameter.
	 * @param values the texts, in request order, at least one
	 * @return the JSON value to bind
	 * @throws RestProblem when a single-valued parameter is given more than once
	 */
	JsonNode convert(List<String> values) {
		if (this.many) {
			ArrayNode array = this.nodes.arrayNode(values.size());
			for (String value : values) {
				array.add(convert(value));
			}
			return array;
		}
		if (values.size() > 1) {
			throw RestProblem.invalidParams(
					"parameter '" + this.name + "' is given " + values.size() + " times (expected: one value)");
		}
		return convert(values.get(0));
	}

	private JsonNode convert(String text) {
		return switch (this.kind) {
			case NUMBER -> isNumber(text) ? number(text) : this.nodes.stringNode(text);
			case BOOLEAN -> switch (text) {
				case "true" -> this.nodes.booleanNode(true);
				case "false" -> this.nodes.booleanNode(false);
				default -> this.nodes.stringNode(text);
			};
			case TEXT -> this.nodes.stringNode(text);
			case JSON -> json(text);
		};
	}

	private static boolean isNumber(String text) {
		return text.length() <= MAX_NUMBER_LENGTH && JSON_NUMBER.matcher(text).matches();
	}

	private JsonNode number(String text) {
		if (text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0) {
			BigInteger integer = new BigInteger(text);
			return (integer.bitLength() < 64) ? this.nodes.numberNode(integer.longValue())
					: this.nodes.numberNode(integer);
		}
		return this.nodes.numberNode(new BigDecimal(text));
	}

	private JsonNode json(String text) {
		try {
			return this.mapper.readTree(text);
		}
		catch (JacksonException ex) {
			return this.nodes.stringNode(text);
		}
	}

	private static Type unwrapOptional(Type type) {
		if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == Optional.class) {
			return parameterized.getActualTypeArguments()[0];
		}
		return type;
	}

	/*
	 * The element type of an array (but byte[], base64 text) or a collection, else null.
	 */
	private static Type elementType(Type type) {
		if (type instanceof Class<?> c && c.isArray() && c != byte[].class) {
			return c.getComponentType();
		}
		if (type instanceof GenericArrayType array) {
			return array.getGenericComponentType();
		}
		if (type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> raw
				&& Collection.class.isAssignableFrom(raw)) {
			return parameterized.getActualTypeArguments()[0];
		}
		if (type instanceof Class<?> c && Collection.class.isAssignableFrom(c)) {
			return Object.class;
		}
		return null;
	}

	private static Kind kindOf(Type type) {
		Class<?> raw = (type instanceof Class<?> c) ? c
				: (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> r) ? r : Object.class;
		if (raw.isPrimitive()) {
			return (raw == boolean.class) ? Kind.BOOLEAN : (raw == char.class) ? Kind.TEXT : Kind.NUMBER;
		}
		if (Number.class.isAssignableFrom(raw)) {
			return Kind.NUMBER;
		}
		if (raw == Boolean.class) {
			return Kind.BOOLEAN;
		}
		if (CharSequence.class.isAssignableFrom(raw) || raw == Character.class || raw.isEnum() || raw == byte[].class
				|| raw.getName().startsWith("java.time.") || raw.getName().startsWith("java.net.")
				|| raw.getName().startsWith("java.util.UUID")) {
			return Kind.TEXT;
		}
		return Kind.JSON;
	}

	private enum Kind {

		NUMBER, BOOLEAN, TEXT, JSON

	}

}
