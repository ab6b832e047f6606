package io.ujrpc.dispatch;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Checks a call's bound arguments before the method runs, such as against Bean Validation
 * constraints ({@link BeanParameterValidator}). A call with violations is answered with
 * {@code -32602 Invalid params} listing them in the error's data, and the method is not
 * called.
 */
@FunctionalInterface
public interface ParameterValidator {

	/**
	 * Prepare the check of one method, once, when the registry is built.
	 * @param method the method
	 * @return the check of its arguments, or {@code null} when the method has nothing to
	 * check (its calls then cost nothing extra)
	 */
	@Nullable Check prepare(MethodInvoker method);

	/**
	 * The check of one method's arguments.
	 */
	@FunctionalInterface
	interface Check {

		/**
		 * Check the arguments of a call.
		 * @param arguments the bound arguments, in declaration order
		 * @return the violations, empty when the arguments are valid
		 */
		List<ParameterViolation> validate(Object[] arguments);

	}

}
