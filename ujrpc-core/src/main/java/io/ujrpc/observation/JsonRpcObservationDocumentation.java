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
 * and a long task timer {@code jsonrpc.server.requests.active}, tagged with the
 * {@link LowCardinalityKeyNames}; a tracing handler turns it into a span of kind SERVER
 * that continues the caller's trace, with both the low- and the
 * {@link HighCardinalityKeyNames} as attributes.
 * <p>
 * The low-cardinality keys are the metric tags dashboards know and stay as they are. The
 * names of OpenTelemetry's RPC and JSON-RPC semantic conventions (1.37 and later:
 * {@code rpc.system.name}, {@code jsonrpc.request.id}, {@code rpc.response.status_code},
 * {@code error.type}, {@code server.*}, {@code network.*}) are high-cardinality keys, so
 * that they reach spans without adding tags to the meters.
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
	 * Keys that go to spans only, never to metrics: the per-call values (request id,
	 * addresses), and the OpenTelemetry semantic convention names of what the metric tags
	 * already say, kept out of the tags so that the meters keep theirs.
	 */
	public enum HighCardinalityKeyNames implements KeyName {

		/**
		 * The id of the request as a string; absent for a notification and for
		 * {@code "id": null}.
		 */
		REQUEST_ID {

			@Override
			public String asString() {
				return "jsonrpc.request.id";
			}

		},

		/**
		 * The RPC system, always {@code jsonrpc} (semantic conventions 1.37+).
		 */
		RPC_SYSTEM_NAME {

			@Override
			public String asString() {
				return "rpc.system.name";
			}

		},

		/**
		 * The JSON-RPC version, always {@code 2.0}.
		 */
		JSONRPC_PROTOCOL_VERSION {

			@Override
			public String asString() {
				return "jsonrpc.protocol.version";
			}

		},

		/**
		 * The method name the client sent, when it differs from {@code rpc.method} (which
		 * is {@code _OTHER} for methods that are not registered).
		 */
		RPC_METHOD_ORIGINAL {

			@Override
			public String asString() {
				return "rpc.method_original";
			}

		},

		/**
		 * The JSON-RPC error code of an error response, as a string; absent on success.
		 */
		RPC_RESPONSE_STATUS_CODE {

			@Override
			public String asString() {
				return "rpc.response.status_code";
			}

		},

		/**
		 * The JSON-RPC error code of an error response, as a string, which is how the
		 * JSON-RPC conventions describe the class of error; absent on success.
		 */
		ERROR_TYPE {

			@Override
			public String asString() {
				return "error.type";
			}

		},

		/**
		 * The local address the call was received on.
		 */
		SERVER_ADDRESS {

			@Override
			public String asString() {
				return "server.address";
			}

		},

		/**
		 * The local port the call was received on.
		 */
		SERVER_PORT {

			@Override
			public String asString() {
				return "server.port";
			}

		},

		/**
		 * The address of the connection's peer.
		 */
		NETWORK_PEER_ADDRESS {

			@Override
			public String asString() {
				return "network.peer.address";
			}

		},

		/**
		 * The port of the connection's peer.
		 */
		NETWORK_PEER_PORT {

			@Override
			public String asString() {
				return "network.peer.port";
			}

		},

		/**
		 * The transport layer: {@code tcp} for every protocol (HTTP, WebSocket and raw
		 * TCP).
		 */
		NETWORK_TRANSPORT {

			@Override
			public String asString() {
				return "network.transport";
			}

		}

	}

}
