package io.ujrpc.dispatch;

import java.util.List;

import io.ujrpc.annotation.JsonRpcErrorMapping;
import io.ujrpc.protocol.JsonRpcError;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resolvers of a registry in order, then the {@link JsonRpcErrorMapping} of the
 * exception's class, as Spring MVC asks its exception handlers before
 * {@code @ResponseStatus}.
 */
final class ExceptionResolution {

	private static final Logger logger = LoggerFactory.getLogger(ExceptionResolution.class);

	private final JsonRpcExceptionResolver[] resolvers;

	ExceptionResolution(List<JsonRpcExceptionResolver> resolvers) {
		this.resolvers = resolvers.toArray(JsonRpcExceptionResolver[]::new);
	}

	@Nullable JsonRpcError resolve(MethodInvoker invoker, Throwable exception) {
		for (JsonRpcExceptionResolver resolver : this.resolvers) {
			JsonRpcError error;
			try {
				error = resolver.resolve(exception, invoker);
			}
			catch (RuntimeException ex) {
				logger.warn("JSON-RPC exception resolver {} failed on {} from method '{}'", resolver,
						exception.getClass().getName(), invoker.name(), ex);
				continue;
			}
			if (error != null) {
				logger.debug("JSON-RPC method '{}' failed with {}, answered as error {}", invoker.name(), exception,
						error.code());
				return error;
			}
		}
		JsonRpcErrorMapping mapping = exception.getClass().getAnnotation(JsonRpcErrorMapping.class);
		if (mapping == null) {
			return null;
		}
		logger.debug("JSON-RPC method '{}' failed with {}, mapped to error {}", invoker.name(), exception,
				mapping.code());
		return new JsonRpcError(mapping.code(), mapping.message(),
				mapping.messageAsData() ? exception.getMessage() : null);
	}

}
