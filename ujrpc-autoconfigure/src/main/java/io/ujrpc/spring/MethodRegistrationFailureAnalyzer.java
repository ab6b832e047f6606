package io.ujrpc.spring;

import io.ujrpc.dispatch.MethodRegistrationException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@code @JsonRpcMethod} that cannot be served, such as a name declared on two
 * beans.
 */
class MethodRegistrationFailureAnalyzer extends AbstractFailureAnalyzer<MethodRegistrationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MethodRegistrationException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Give each @JsonRpcMethod a unique name (its value attribute) and a signature ujrpc can bind: "
						+ "named parameters (compile with -parameters or use @JsonRpcParam) and no 'rpc.' prefix.",
				cause);
	}

}
