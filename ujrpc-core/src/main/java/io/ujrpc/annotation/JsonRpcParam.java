package io.ujrpc.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names a parameter of a {@link JsonRpcMethod} for calls whose {@code params} is an
 * object (by-name parameters). Without it, the compiled parameter name is used, which
 * requires compiling with {@code -parameters}.
 *
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface JsonRpcParam {

	/**
	 * The by-name parameter name, matched exactly (case included).
	 * @return the parameter name
	 */
	String value();

	/**
	 * What the parameter means, shown in the OpenRPC document and the explorer.
	 * @return the description, or an empty string for none
	 */
	String description() default "";

}
