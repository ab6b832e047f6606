package io.ujrpc.client.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * A convention for the client's {@code jsonrpc.client.requests} observations; extend
 * {@link DefaultJsonRpcClientObservationConvention} to change or add keys.
 */
public interface JsonRpcClientObservationConvention extends ObservationConvention<JsonRpcClientContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof JsonRpcClientContext;
	}

}
