package io.ujrpc.spring;

import io.ujrpc.server.ServerStartException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a ujrpc listener that could not start, such as a port already in use, the way
 * Spring Boot explains it for its own servers.
 */
class JsonRpcServerFailureAnalyzer extends AbstractFailureAnalyzer<ServerStartException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ServerStartException cause) {
		return new FailureAnalysis(cause.getMessage(), "Identify and stop the process that is listening on port "
				+ cause.getPort() + " or configure this application to listen on another port (server.port).", cause);
	}

}
