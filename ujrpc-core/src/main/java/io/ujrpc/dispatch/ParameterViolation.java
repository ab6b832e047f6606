package io.ujrpc.dispatch;

/**
 * One broken constraint of a call's params, as sent to the client in the {@code data} of
 * a {@code -32602 Invalid params} error.
 *
 * @param path where the constraint broke: the JSON-RPC parameter name, then the property
 * path inside it ({@code point.x}, {@code items[2].name})
 * @param message what is wrong, as the constraint says it
 */
public record ParameterViolation(String path, String message) {

}
