package io.ujrpc.dispatch;

import io.ujrpc.protocol.JsonRpcError;
import org.jspecify.annotations.Nullable;

/**
 * Maps an exception thrown by a JSON-RPC method to the error object the client gets, for
 * exceptions whose class cannot carry a
 * {@link io.ujrpc.annotation.JsonRpcErrorMapping @JsonRpcErrorMapping} (a library's
 * exceptions, say). Resolvers are asked in order; the first error returned wins, and an
 * exception no resolver maps is answered with {@code -32603 Internal error}.
 * <p>
 * Resolvers run on the thread that saw the failure, the I/O thread included: keep them
 * quick and free of blocking.
 */
@FunctionalInterface
public interface JsonRpcExceptionResolver {

	/**
	 * Map an exception.
	 * @param exception what the method threw, unwrapped from
	 * {@link java.util.concurrent.CompletionException} and
	 * {@link java.util.concurrent.ExecutionException}
	 * @param method the method that threw it
	 * @return the error to answer with, or {@code null} to leave the exception to the
	 * next resolver
	 */
	@Nullable JsonRpcError resolve(Throwable exception, MethodInvoker method);

}
