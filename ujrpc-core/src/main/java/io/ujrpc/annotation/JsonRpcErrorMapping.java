package io.ujrpc.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares the JSON-RPC error that an exception class stands for: a method that throws it
 * is answered with this code and message instead of {@code -32603 Internal error}.
 * Subclasses inherit the mapping unless they declare their own.
 * <p>
 * A {@link JsonRpcMethod} that lists a mapped exception in its {@code throws} clause
 * declares that error in its OpenRPC description.
 *
 * <pre class="code">
 * &#64;JsonRpcErrorMapping(code = 1001, message = "Account not found")
 * class AccountNotFoundException extends RuntimeException { ... }
 * </pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface JsonRpcErrorMapping {

	/**
	 * The error code. -32768 to -32000 are reserved by the JSON-RPC specification (-32000
	 * to -32099 for implementation-defined server errors); applications use any other
	 * integer.
	 * @return the code
	 */
	int code();

	/**
	 * The error message sent to the client, a short description of the error.
	 * @return the message
	 */
	String message();

	/**
	 * Whether the exception's own message goes to the client as the error's {@code data}.
	 * Only set this when the message is written for clients: by default nothing of the
	 * exception but the mapping is sent.
	 * @return {@code true} to send the exception's message as data
	 */
	boolean messageAsData() default false;

	/**
	 * The HTTP status that answers the error on a REST route of a method that declares
	 * the exception in its {@code throws} clause (JSON-RPC answers carry no status).
	 * @return the status, 400 to 599
	 */
	int httpStatus() default 500;

}
