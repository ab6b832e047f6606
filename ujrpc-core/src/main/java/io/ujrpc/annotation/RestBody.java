package io.ujrpc.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds the whole body of a REST request to one parameter of a {@link JsonRpcMethod}, as
 * Spring's {@code @RequestBody} does: the JSON value of a JSON body, or the bytes of an
 * {@code application/octet-stream} body for an {@link java.io.InputStream} or
 * {@code byte[]} parameter. Over JSON-RPC the parameter binds by its name as any other.
 * <p>
 * At most one parameter of a method carries it.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RestBody {

}
