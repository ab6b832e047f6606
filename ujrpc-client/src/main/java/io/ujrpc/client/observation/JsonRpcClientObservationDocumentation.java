package io.ujrpc.client.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;
import io.ujrpc.observation.JsonRpcObservationDocumentation;

/**
 * The observations the client makes: one per call, so one per element of a batch.
 * <p>
 * The meter handler turns {@link #CLIENT} into a timer named
 * {@code jsonrpc.client.requests}; a tracing handler turns it into a client span and
 * writes its context into the HTTP request headers.
 */
public enum JsonRpcClientObservationDocumentation implements ObservationDocumentation {

	/**
	 * One JSON-RPC call made by the client, notifications included.
	 */
	CLIENT {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultJsonRpcClientObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			// The server's keys: a call is tagged alike on both sides.
			return JsonRpcObservationDocumentation.LowCardinalityKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return HighCardinalityKeyNames.values();
		}

	};

	/**
	 * Keys with unbounded values: they go to traces, never to metrics.
	 */
	public enum HighCardinalityKeyNames implements KeyName {

		/**
		 * The id of the request, absent for a notification.
		 */
		REQUEST_ID {

			@Override
			public String asString() {
				return "jsonrpc.request.id";
			}

		},

		/**
		 * The server's {@code host:port}.
		 */
		SERVER_ADDRESS {

			@Override
			public String asString() {
				return "server.address";
			}

		}

	}

}
