package io.ujrpc.dispatch;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.SettableBeanProperty;
import tools.jackson.databind.deser.bean.BeanDeserializerBase;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.PropertyBindingException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * Says what is wrong with a parameter in the caller's terms: the JSON path of the
 * offending value, what it is, and what was expected, as a JSON shape (never a Java type
 * name or a Jackson message, which name the server's classes and settings).
 */
final class ParamsProblems {

	/** How many members of an object type a description lists. */
	private static final int MAX_MEMBERS = 8;

	/** How long a number may be to be quoted back. */
	private static final int MAX_QUOTED_NUMBER = 24;

	private ParamsProblems() {
	}

	/**
	 * Describe a Jackson binding failure.
	 * @param parameter the parameter's name
	 * @param value the parameter's value
	 * @param type the parameter's type
	 * @param failure what Jackson threw
	 * @param mapper the mapper that bound it
	 * @return the message
	 */
	static String describe(String parameter, JsonNode value, JavaType type, JacksonException failure,
			ObjectMapper mapper) {
		List<JacksonException.Reference> path = failure.getPath();
		if (failure instanceof PropertyBindingException unknown && !path.isEmpty()) {
			// The path ends with the unknown member.
			List<JacksonException.Reference> owner = path.subList(0, path.size() - 1);
			JavaType ownerType = typeAt(type, owner, mapper);
			return "parameter '" + pathOf(parameter, owner) + "' has an unknown member '" + unknown.getPropertyName()
					+ "'" + expectedSuffix(ownerType, mapper);
		}
		String where = pathOf(parameter, path);
		if (failure instanceof ValueInstantiationException) {
			Throwable cause = failure.getCause();
			if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
				// The application's own check, in its own words.
				return "parameter '" + where + "' is invalid: " + cause.getMessage();
			}
			return "parameter '" + where + "' is invalid" + expectedSuffix(typeAt(type, path, mapper), mapper);
		}
		JavaType expectedType = typeAt(type, path, mapper);
		if (expectedType == null && failure instanceof MismatchedInputException mismatch
				&& mismatch.getTargetType() != null) {
			expectedType = mapper.constructType(mismatch.getTargetType());
		}
		JsonNode found = nodeAt(value, path);
		String expected = (expectedType != null) ? expected(expectedType, mapper) : "a value of another kind";
		if (found != null && found.isNumber() && expectedType != null && isFloating(expectedType.getRawClass())) {
			expected = "a number within the range of a " + (isFloat(expectedType.getRawClass()) ? "float" : "double");
		}
		return "parameter '" + where + "' is " + ((found != null) ? kind(found) : "missing") + " (expected: " + expected
				+ ")";
	}

	/**
	 * Describe the JSON a type is read from.
	 * @param type the type
	 * @param mapper the mapper that reads it
	 * @return a description such as {@code an object with x (number), y (number)}
	 */
	static String expected(JavaType type, ObjectMapper mapper) {
		Class<?> raw = type.getRawClass();
		if (raw == Optional.class) {
			return expected(type.containedTypeOrUnknown(0), mapper);
		}
		String scalar = scalar(raw);
		if (scalar != null) {
			return scalar;
		}
		if (type.isEnumType()) {
			StringJoiner names = new StringJoiner(", ", "one of the strings ", "");
			for (Object constant : raw.getEnumConstants()) {
				names.add(((Enum<?>) constant).name());
			}
			return names.toString();
		}
		if (type.isArrayType() || type.isCollectionLikeType()) {
			JavaType content = type.getContentType();
			String element = (content != null) ? shape(content, mapper) : "any value";
			return element.equals("any value") ? "an array" : "an array of " + element + "s";
		}
		if (type.isMapLikeType() || raw == Object.class || JsonNode.class.isAssignableFrom(raw)) {
			return (raw == Object.class || JsonNode.class.isAssignableFrom(raw)) ? "any value" : "an object";
		}
		Map<String, JavaType> members = members(type, mapper);
		if (members == null) {
			return raw.getName().startsWith("java.") ? "a " + raw.getSimpleName() + " value" : "an object";
		}
		if (members.isEmpty()) {
			return "an object";
		}
		StringJoiner joiner = new StringJoiner(", ", "an object with ", "");
		int listed = 0;
		for (Map.Entry<String, JavaType> member : members.entrySet()) {
			if (listed++ == MAX_MEMBERS) {
				joiner.add("...");
				break;
			}
			joiner.add(member.getKey() + " (" + shape(member.getValue(), mapper) + ")");
		}
		return joiner.toString();
	}

	/*
	 * Describe a scalar type, or return {@code null} for any other.
	 */
	static String scalar(Class<?> type) {
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
		if (type == BigInteger.class) {
			return "an integer";
		}
		if (isFloating(type) || type == BigDecimal.class || type == Number.class) {
			return "a number";
		}
		if (type == boolean.class || type == Boolean.class) {
			return "a boolean";
		}
		if (type == String.class || type == char.class || type == Character.class) {
			return "a string";
		}
		return null;
	}

	/*
	 * Describe what a JSON value is, quoting short numbers.
	 */
	static String kind(JsonNode node) {
		if (node.isNumber()) {
			String text = node.asString();
			boolean integral = node.isIntegralNumber();
			if (text.length() > MAX_QUOTED_NUMBER) {
				return integral ? "an integer of " + text.replace("-", "").length() + " digits" : "a long number";
			}
			return (integral ? "the integer " : "the number ") + text;
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
		if (node.isNull()) {
			return "null";
		}
		return "a value of another kind";
	}

	private static String expectedSuffix(JavaType type, ObjectMapper mapper) {
		return (type != null) ? " (expected: " + expected(type, mapper) + ")" : "";
	}

	/* A short description without an article, for members and array elements. */
	private static String shape(JavaType type, ObjectMapper mapper) {
		Class<?> raw = type.getRawClass();
		if (raw == Optional.class) {
			return shape(type.containedTypeOrUnknown(0), mapper);
		}
		String scalar = scalar(raw);
		if (scalar != null) {
			return scalar.substring(scalar.indexOf(' ') + 1);
		}
		if (type.isEnumType()) {
			return "string";
		}
		if (type.isArrayType() || type.isCollectionLikeType()) {
			return "array";
		}
		if (raw == Object.class || JsonNode.class.isAssignableFrom(raw)) {
			return "any value";
		}
		return "object";
	}

	/*
	 * The members Jackson reads for an object type, by JSON name, or {@code null} when it
	 * is not read as an object with members.
	 */
	private static Map<String, JavaType> members(JavaType type, ObjectMapper mapper) {
		ValueDeserializer<Object> deserializer;
		try {
			deserializer = mapper._deserializationContext().findRootValueDeserializer(type);
		}
		catch (RuntimeException ex) {
			return null;
		}
		if (!(deserializer instanceof BeanDeserializerBase bean)) {
			return null;
		}
		Map<String, JavaType> members = new LinkedHashMap<>();
		for (Iterator<SettableBeanProperty> it = bean.creatorProperties(); it.hasNext();) {
			SettableBeanProperty property = it.next();
			members.putIfAbsent(property.getName(), property.getType());
		}
		for (Iterator<SettableBeanProperty> it = bean.properties(); it.hasNext();) {
			SettableBeanProperty property = it.next();
			members.putIfAbsent(property.getName(), property.getType());
		}
		return members;
	}

	/* The type at a path inside a value of the given type, or {@code null}. */
	private static JavaType typeAt(JavaType type, List<JacksonException.Reference> path, ObjectMapper mapper) {
		JavaType current = type;
		for (JacksonException.Reference reference : path) {
			if (current == null) {
				return null;
			}
			if (current.getRawClass() == Optional.class) {
				current = current.containedTypeOrUnknown(0);
			}
			if (reference.getPropertyName() != null) {
				if (current.isMapLikeType()) {
					current = current.getContentType();
				}
				else {
					Map<String, JavaType> members = members(current, mapper);
					current = (members != null) ? members.get(reference.getPropertyName()) : null;
				}
			}
			else if (reference.getIndex() >= 0) {
				current = (current.isArrayType() || current.isCollectionLikeType()) ? current.getContentType() : null;
			}
			else {
				return null;
			}
		}
		return current;
	}

	/* The value at a path, or {@code null} when it is absent. */
	private static JsonNode nodeAt(JsonNode value, List<JacksonException.Reference> path) {
		JsonNode current = value;
		for (JacksonException.Reference reference : path) {
			if (current == null) {
				return null;
			}
			if (reference.getPropertyName() != null) {
				current = current.isObject() ? current.get(reference.getPropertyName()) : null;
			}
			else if (reference.getIndex() >= 0) {
				current = current.isArray() ? current.get(reference.getIndex()) : null;
			}
		}
		return current;
	}

	/* The parameter's name followed by the path, as {@code p.items[2].name}. */
	private static String pathOf(String parameter, List<JacksonException.Reference> path) {
		StringBuilder where = new StringBuilder(parameter);
		for (JacksonException.Reference reference : path) {
			if (reference.getPropertyName() != null) {
				where.append('.').append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				where.append('[').append(reference.getIndex()).append(']');
			}
		}
		return where.toString();
	}

	private static boolean isFloating(Class<?> type) {
		return type == double.class || type == Double.class || isFloat(type);
	}

	private static boolean isFloat(Class<?> type) {
		return type == float.class || type == Float.class;
	}

}
