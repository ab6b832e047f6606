package io.ujrpc.client;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code void} (or {@code CompletableFuture<Void>}) method of a client proxy
 * interface as a notification: the request is sent without an id, the server sends no
 * response, and the method returns once the request is written (HTTP: once the server has
 * acknowledged it).
 * <p>
 * Method name and parameters follow {@link io.ujrpc.annotation.JsonRpcMethod} and
 * {@link io.ujrpc.annotation.JsonRpcParam} as for other proxy methods.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface JsonRpcNotification {

}
