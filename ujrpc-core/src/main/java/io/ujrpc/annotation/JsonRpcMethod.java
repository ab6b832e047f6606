package io.ujrpc.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method as callable over JSON-RPC 2.0.
 * <p>
 * By default the method runs on a blocking executor (virtual threads on Java 21+, a
 * bounded pool on Java 17), so it may block freely. Methods that are cheap and never
 * block can opt into {@link #nonBlocking()} to run directly on the I/O thread, which
 * saves a thread hop. Methods that return a {@link java.util.concurrent.CompletionStage}
 * are answered when the stage completes; the I/O thread never waits for them.
 *
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface JsonRpcMethod {

	/**
	 * The JSON-RPC method name. Defaults to the Java method name. Names that start with
	 * {@code rpc.} are reserved by the specification and rejected unless the registry
	 * allows them ({@code MethodRegistry.Builder#allowReservedNames}).
	 * @return the method name, or an empty string for the Java method name
	 */
	String value() default "";

	/**
	 * Whether the method runs on the I/O thread. Only set this for methods that neither
	 * block nor compute for long: while such a method runs, no other connection served by
	 * the same I/O thread makes progress.
	 * @return {@code true} to run on the I/O thread
	 */
	boolean nonBlocking() default false;

	/**
	 * A short summary of what the method does, shown in the OpenRPC document and the
	 * explorer.
	 * @return the summary, or an empty string for none
	 */
	String summary() default "";

	/**
	 * A longer description of the method (CommonMark is allowed by OpenRPC), shown in the
	 * OpenRPC document and the explorer.
	 * @return the description, or an empty string for none
	 */
	String description() default "";

	/**
	 * How long the method may take before the caller is answered with {@code -32008
	 * Request timed out}, the thread running it interrupted and a returned
	 * {@code CompletionStage} cancelled, written like {@code 500ms}, {@code 5s},
	 * {@code 2m} or {@code PT5S} (a bare number is milliseconds). The registry's timeouts
	 * for the method's name, if any, win over this. A {@link #nonBlocking()} method is
	 * only timed while its returned stage is pending.
	 * @return the timeout, or an empty string for none
	 */
	String timeout() default "";

}
