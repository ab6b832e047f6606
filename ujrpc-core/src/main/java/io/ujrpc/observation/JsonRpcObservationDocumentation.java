package io.ujrpc.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations a JSON-RPC server makes: one per call, so one per element of a batch.
 * <p>
 * The meter handler turns {@link #SERVER} into a timer named
 * {@code jsonrpc.server.requests} (Prometheus: {@code jsonrpc_server_requests_seconds})
 * and a long task timer {@code jsonrpc.server.requests.active}; a tracing handler turns
 * it into a server span.
 */
public enum JsonRpcObservationDocumentation implements ObservationDocumentation {

	/**
	 * One JSON-RPC call answered by the server, notifications and invalid requests
	 * included.
	 */
	SERVER {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultJsonRpcServerObservationConvention.class;
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
		 * The method called when it is registered, else {@code _OTHER} (unknown methods
		 * and invalid requests), so clients cannot inflate the number of series.
		 */
		RPC_METHOD {

			@Override
			public String asString() {
				return "rpc.method";
			}

		},

		/**
		 * The JSON-RPC error code of the response, {@code 0} for a success, or
		 * {@code UNKNOWN} while the call runs.
		 */
		RPC_STATUS_CODE {

			@Override
			public String asString() {
				return "rpc.status_code";
			}

		},

		/**
		 * The {@link JsonRpcOutcome} of the call.
		 */
		OUTCOME {

			@Override
			public String asString() {
				return "outcome";
			}

		},

		/**
		 * The wire protocol the call came over: {@code http}, {@code tcp} or
		 * {@code websocket}.
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

		}

	}

}
