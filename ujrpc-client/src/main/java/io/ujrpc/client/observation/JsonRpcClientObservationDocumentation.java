package io.ujrpc.client.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

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
			return LowCardinalityKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return HighCardinalityKeyNames.values();
		}

	};

	/**
	 * Keys with a bounded set of values: they become metric tags.
	 */
	public enum LowCardinalityKeyNames implements KeyName {

		/**
		 * The remote procedure call system: always {@code jsonrpc}.
		 */
		RPC_SYSTEM {

			@Override
			public String asString() {
				return "rpc.system";
			}

		},

		/**
		 * The method called, as the calling code names it.
		 */
		RPC_METHOD {

			@Override
			public String asString() {
				return "rpc.method";
			}

		},

		/**
		 * The JSON-RPC error code of the response, {@code 0} for a success, or
		 * {@code UNKNOWN} while the call runs or when it failed without an answer.
		 */
		RPC_STATUS_CODE {

			@Override
			public String asString() {
				return "rpc.status_code";
			}

		},

		/**
		 * The {@link io.ujrpc.observation.JsonRpcOutcome} of the call.
		 */
		OUTCOME {

			@Override
			public String asString() {
				return "outcome";
			}

		},

		/**
		 * The wire protocol of the call: {@code http}, {@code tcp} or {@code websocket}.
		 */
		TRANSPORT {

			@Override
			public String asString() {
				return "transport";
			}

		}

	}

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
				return "rpc.jsonrpc.request_id";
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
