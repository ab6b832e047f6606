package io.ujrpc.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Serves a {@link JsonRpcMethod} on a REST route of its own, besides the JSON-RPC
 * endpoint and its default REST route ({@code {rest path}/{method name}}).
 * <p>
 * The path is absolute (not under the REST path) and may hold variables in braces, one
 * per segment; each variable binds the method parameter of the same name, converted from
 * text as query parameters are. The query string binds further parameters by name, and a
 * {@code POST}, {@code PUT} or {@code PATCH} body binds the rest: a JSON object by name,
 * or, with a {@link RestBody} parameter, the whole body to that parameter.
 *
 * <pre class="code">
 * &#64;JsonRpcMethod("book")
 * &#64;RestMapping(method = "GET", path = "/books/{id}")
 * Book book(long id) { ... }
 * </pre>
 *
 * Two routes with the same HTTP method and the same path shape (the same literal
 * segments, variables in the same places) fail at startup, naming both methods.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RestMapping {

	/**
	 * The HTTP method: {@code GET}, {@code POST}, {@code PUT}, {@code PATCH} or
	 * {@code DELETE}.
	 * @return the method
	 */
	String method();

	/**
	 * The path, starting with {@code /}, with variables such as {@code {id}} as whole
	 * segments.
	 * @return the path template
	 */
	String path();

}
