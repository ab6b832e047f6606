package io.ujrpc.dispatch;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import jakarta.validation.executable.ExecutableValidator;
import jakarta.validation.metadata.MethodDescriptor;
import org.jspecify.annotations.Nullable;

/**
 * Checks parameters against their Jakarta Bean Validation constraints ({@code @Min},
 * {@code @NotBlank}, {@code @Valid} records, ...) before the method runs. Needs a Bean
 * Validation provider, such as Hibernate Validator, at run time; methods without
 * constraints are not checked at all.
 */
public final class BeanParameterValidator implements ParameterValidator {

	private static final Comparator<ParameterViolation> ORDER = Comparator.comparing(ParameterViolation::path)
		.thenComparing(ParameterViolation::message);

	private final Validator validator;

	/**
	 * Create a parameter validator.
	 * @param validator the Bean Validation validator to use
	 */
	public BeanParameterValidator(Validator validator) {
		if (validator == null) {
			throw new IllegalArgumentException("validator: null (expected: a jakarta.validation.Validator)");
		}
		this.validator = validator;
	}

	@Override
	public @Nullable Check prepare(MethodInvoker invoker) {
		Method method = invoker.method();
		Object target = invoker.target();
		if (target == null || Modifier.isStatic(method.getModifiers())) {
			return null;
		}
		MethodDescriptor descriptor = this.validator.getConstraintsForClass(method.getDeclaringClass())
			.getConstraintsForMethod(method.getName(), method.getParameterTypes());
		if (descriptor == null || !(descriptor.hasConstrainedParameters() || descriptor.getParameterDescriptors()
			.stream()
			.anyMatch((parameter) -> !parameter.getConstrainedContainerElementTypes().isEmpty()))) {
			return null;
		}
		ExecutableValidator executables = this.validator.forExecutables();
		List<String> names = invoker.parameterNames();
		return (arguments) -> {
			Set<ConstraintViolation<Object>> violations = executables.validateParameters(target, method, arguments);
			if (violations.isEmpty()) {
				return List.of();
			}
			List<ParameterViolation> result = new ArrayList<>(violations.size());
			for (ConstraintViolation<Object> violation : violations) {
				result.add(new ParameterViolation(path(violation.getPropertyPath(), names), violation.getMessage()));
			}
			result.sort(ORDER);
			return result;
		};
	}

	/*
	 * Say where a violation is in the JSON-RPC parameter names, not in Java's {@code
	 * method.arg0}.
	 */
	private static String path(Path path, List<String> names) {
		StringBuilder text = new StringBuilder();
		boolean parameterSeen = false;
		for (Path.Node node : path) {
			ElementKind kind = node.getKind();
			if (kind == ElementKind.METHOD) {
				continue;
			}
			if (kind == ElementKind.PARAMETER) {
				int index = node.as(Path.ParameterNode.class).getParameterIndex();
				text.append((index < names.size()) ? names.get(index) : node.getName());
				parameterSeen = true;
				continue;
			}
			if (kind == ElementKind.CROSS_PARAMETER) {
				text.append("params");
				parameterSeen = true;
				continue;
			}
			if (node.isInIterable()) {
				Object key = (node.getIndex() != null) ? node.getIndex() : node.getKey();
				text.append('[').append((key != null) ? key : "").append(']');
			}
			if (kind == ElementKind.PROPERTY && node.getName() != null) {
				if (text.length() > 0) {
					text.append('.');
				}
				text.append(node.getName());
			}
		}
		return parameterSeen ? text.toString() : ((text.length() > 0) ? text.toString() : "params");
	}

}
