package io.ujrpc.openrpc;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import com.github.victools.jsonschema.generator.CustomDefinition;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaBuilder;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonOption;
import com.github.victools.jsonschema.module.jackson.JacksonSchemaModule;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationModule;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationOption;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON Schemas (draft 7, as OpenRPC 1.3 wants) of the Java types of one registry, with
 * shared definitions collected under {@code #/components/schemas}. Built on victools'
 * generator with its Jackson module and, when Bean Validation is on the class path, its
 * Jakarta Validation module; constraints on method parameters themselves, which the
 * generator does not see, are added here.
 */
final class TypeSchemas {

	static final String COMPONENTS_PATH = "components/schemas";

	private static final boolean BEAN_VALIDATION_PRESENT = isPresent("jakarta.validation.constraints.NotNull");

	private static final String CONSTRAINTS = "jakarta.validation.constraints.";

	private final ObjectMapper mapper;

	private final SchemaBuilder builder;

	/** Keywords to add to a parameter's schema once definitions are collected. */
	private final List<Runnable> pending = new ArrayList<>();

	TypeSchemas(ObjectMapper mapper) {
		this.mapper = mapper;
		SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(mapper, SchemaVersion.DRAFT_7,
				OptionPreset.PLAIN_JSON);
		config.without(Option.SCHEMA_VERSION_INDICATOR)
			.with(Option.PLAIN_DEFINITION_KEYS, Option.MAP_VALUES_AS_ADDITIONAL_PROPERTIES,
					Option.NULLABLE_ARRAY_ITEMS_ALLOWED, Option.EXTRA_OPEN_API_FORMAT_VALUES)
			.with(new JacksonSchemaModule(JacksonOption.RESPECT_JSONPROPERTY_REQUIRED,
					JacksonOption.FLATTENED_ENUMS_FROM_JSONVALUE));
		if (BEAN_VALIDATION_PRESENT) {
			config.with(new JakartaValidationModule(JakartaValidationOption.NOT_NULLABLE_FIELD_IS_REQUIRED,
					JakartaValidationOption.INCLUDE_PATTERN_EXPRESSIONS));
		}
		config.forTypesInGeneral().withCustomDefinitionProvider((type, context) -> {
			Class<?> erased = type.getErasedType();
			ObjectNode schema = context.getGeneratorConfig().createObjectNode();
			if (JsonNode.class.isAssignableFrom(erased)) {
				// A JsonNode takes any JSON value.
				return new CustomDefinition(schema, CustomDefinition.DefinitionType.INLINE,
						CustomDefinition.AttributeInclusion.NO);
			}
			if (erased == byte.class || erased == Byte.class) {
				// Jackson reads a byte from a number; the generator's default is a
				// string.
				schema.put("type", "integer").put("minimum", (int) Byte.MIN_VALUE).put("maximum", (int) Byte.MAX_VALUE);
				return new CustomDefinition(schema, CustomDefinition.DefinitionType.INLINE,
						CustomDefinition.AttributeInclusion.NO);
			}
			if (erased == byte[].class) {
				// Jackson writes and reads a byte[] as one base64 string.
				schema.put("type", "string").put("contentEncoding", "base64");
				return new CustomDefinition(schema, CustomDefinition.DefinitionType.INLINE,
						CustomDefinition.AttributeInclusion.NO);
			}
			return null;
		});
		this.builder = new SchemaGenerator(config.build()).buildMultipleSchemaDefinitions();
	}

	/**
	 * Return the schema of a method parameter, its constraints included.
	 * @param parameter the parameter
	 * @return a schema that may stay a placeholder until {@link #collectDefinitions()}
	 */
	ObjectNode parameter(Parameter parameter) {
		ObjectNode schema = this.builder.createSchemaReference(withoutOptional(parameter.getParameterizedType()));
		List<Consumer<ObjectNode>> keywords = constraintKeywords(parameter.getAnnotations(), parameter.getType());
		addElementKeywords(schema, parameter);
		if (!keywords.isEmpty()) {
			this.pending.add(() -> {
				ObjectNode target = schema;
				if (schema.has("$ref")) {
					// Draft 7 ignores keywords beside $ref: move the reference into
					// allOf.
					ObjectNode reference = schema.objectNode().set("$ref", schema.remove("$ref"));
					schema.putArray("allOf").add(reference);
				}
				keywords.forEach((keyword) -> keyword.accept(target));
			});
		}
		return schema;
	}

	/*
	 * Constraints on the element type of a collection parameter ({@code List<@NotBlank
	 * String>}) apply to {@code items}.
	 */
	private void addElementKeywords(ObjectNode schema, Parameter parameter) {
		AnnotatedType annotated = parameter.getAnnotatedType();
		AnnotatedType element = null;
		Class<?> elementType = null;
		if (annotated instanceof AnnotatedParameterizedType parameterized
				&& Iterable.class.isAssignableFrom(parameter.getType())
				&& parameterized.getAnnotatedActualTypeArguments().length == 1) {
			element = parameterized.getAnnotatedActualTypeArguments()[0];
			Type type = element.getType();
			elementType = (type instanceof Class<?> c) ? c
					: (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) ? raw : null;
		}
		if (element == null || elementType == null) {
			return;
		}
		List<Consumer<ObjectNode>> keywords = constraintKeywords(element.getAnnotations(), elementType);
		if (keywords.isEmpty()) {
			return;
		}
		this.pending.add(() -> {
			if (schema.get("items") instanceof ObjectNode items && !items.has("$ref")) {
				keywords.forEach((keyword) -> keyword.accept(items));
			}
		});
	}

	/**
	 * Return the schema of a method's result: the value of a {@code CompletionStage}, and
	 * {@code null} for {@code void}.
	 * @param method the method
	 * @return a schema that may stay a placeholder until {@link #collectDefinitions()}
	 */
	ObjectNode result(Method method) {
		Type type = method.getGenericReturnType();
		if (CompletionStage.class.isAssignableFrom(method.getReturnType())) {
			type = typeArgument(type);
		}
		if (type == void.class || type == Void.class) {
			return this.mapper.createObjectNode().put("type", "null");
		}
		return this.builder.createSchemaReference(withoutOptional(type));
	}

	/*
	 * An {@code Optional} parameter or result is its value or absent; the generator
	 * flattens optional properties only.
	 */
	private static Type withoutOptional(Type type) {
		Class<?> raw = (type instanceof ParameterizedType parameterized) ? (Class<?>) parameterized.getRawType()
				: (type instanceof Class<?> c) ? c : Object.class;
		return (raw == Optional.class) ? typeArgument(type) : type;
	}

	private static Type typeArgument(Type type) {
		Type argument = (type instanceof ParameterizedType parameterized) ? parameterized.getActualTypeArguments()[0]
				: Object.class;
		return (argument instanceof WildcardType wildcard) ? wildcard.getUpperBounds()[0] : argument;
	}

	/**
	 * Fill in every schema handed out so far and return the shared definitions.
	 * @return the definitions by name, for {@code components.schemas}
	 */
	ObjectNode collectDefinitions() {
		ObjectNode definitions = this.builder.collectDefinitions(COMPONENTS_PATH);
		this.pending.forEach(Runnable::run);
		this.pending.clear();
		return definitions;
	}

	/*
	 * Whether a parameter must be given: primitives, and values constrained not to be
	 * null.
	 */
	static boolean isRequired(Parameter parameter) {
		if (parameter.getType().isPrimitive()) {
			return true;
		}
		for (Annotation annotation : parameter.getAnnotations()) {
			String name = annotation.annotationType().getName();
			if (name.equals(CONSTRAINTS + "NotNull") || name.equals(CONSTRAINTS + "NotEmpty")
					|| name.equals(CONSTRAINTS + "NotBlank")) {
				return true;
			}
		}
		return false;
	}

	/*
	 * The schema keywords of a parameter's Bean Validation constraints, read by name so
	 * that Bean Validation stays optional.
	 */
	private static List<Consumer<ObjectNode>> constraintKeywords(Annotation[] annotations, Class<?> type) {
		List<Consumer<ObjectNode>> keywords = new ArrayList<>();
		boolean text = CharSequence.class.isAssignableFrom(type);
		boolean map = Map.class.isAssignableFrom(type);
		for (Annotation annotation : annotations) {
			String name = annotation.annotationType().getName();
			if (!name.startsWith(CONSTRAINTS)) {
				continue;
			}
			switch (name.substring(CONSTRAINTS.length())) {
				case "Min" -> {
					long value = (Long) attribute(annotation, "value");
					keywords.add((schema) -> schema.put("minimum", value));
				}
				case "Max" -> {
					long value = (Long) attribute(annotation, "value");
					keywords.add((schema) -> schema.put("maximum", value));
				}
				case "DecimalMin" -> {
					java.math.BigDecimal value = new java.math.BigDecimal((String) attribute(annotation, "value"));
					boolean inclusive = (Boolean) attribute(annotation, "inclusive");
					keywords.add((schema) -> schema.put(inclusive ? "minimum" : "exclusiveMinimum", value));
				}
				case "DecimalMax" -> {
					java.math.BigDecimal value = new java.math.BigDecimal((String) attribute(annotation, "value"));
					boolean inclusive = (Boolean) attribute(annotation, "inclusive");
					keywords.add((schema) -> schema.put(inclusive ? "maximum" : "exclusiveMaximum", value));
				}
				case "Positive" -> keywords.add((schema) -> schema.put("exclusiveMinimum", 0));
				case "PositiveOrZero" -> keywords.add((schema) -> schema.put("minimum", 0));
				case "Negative" -> keywords.add((schema) -> schema.put("exclusiveMaximum", 0));
				case "NegativeOrZero" -> keywords.add((schema) -> schema.put("maximum", 0));
				case "Size" -> {
					int min = (Integer) attribute(annotation, "min");
					int max = (Integer) attribute(annotation, "max");
					String prefix = text ? "Length" : (map ? "Properties" : "Items");
					keywords.add((schema) -> {
						if (min > 0) {
							schema.put("min" + prefix, min);
						}
						if (max < Integer.MAX_VALUE) {
							schema.put("max" + prefix, max);
						}
					});
				}
				case "NotEmpty" -> {
					String keyword = text ? "minLength" : (map ? "minProperties" : "minItems");
					keywords.add((schema) -> schema.put(keyword, 1));
				}
				case "NotBlank" -> keywords.add((schema) -> {
					schema.put("minLength", 1);
					schema.put("pattern", "\\S");
				});
				case "Pattern" -> {
					String regexp = (String) attribute(annotation, "regexp");
					keywords.add((schema) -> schema.put("pattern", regexp));
				}
				case "Email" -> keywords.add((schema) -> schema.put("format", "email"));
				default -> {
				}
			}
		}
		return keywords;
	}

	private static Object attribute(Annotation annotation, String name) {
		try {
			return annotation.annotationType().getMethod(name).invoke(annotation);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Cannot read " + name + " of " + annotation, ex);
		}
	}

	private static boolean isPresent(String className) {
		try {
			Class.forName(className, false, TypeSchemas.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

}
