package io.ujrpc.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the observation of a JSON-RPC call; implement it to replace
 * {@link DefaultJsonRpcServerObservationConvention}.
 */
public interface JsonRpcServerObservationConvention extends ObservationConvention<JsonRpcServerContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof JsonRpcServerContext;
	}

}
