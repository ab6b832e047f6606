package io.ujrpc.observation;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.ujrpc.context.ExchangeContext;
import io.ujrpc.observation.JsonRpcObservationDocumentation.HighCardinalityKeyNames;
import io.ujrpc.observation.JsonRpcObservationDocumentation.LowCardinalityKeyNames;
import io.ujrpc.protocol.JsonRpcEntry;
import io.ujrpc.protocol.JsonRpcRequest;
import io.ujrpc.protocol.Protocol;
import tools.jackson.databind.JsonNode;

/**
 * The default convention: observation {@code jsonrpc.server.requests}, named after the
 * method in traces, with the low-cardinality keys (metric tags) {@code rpc.system},
 * {@code rpc.method}, {@code rpc.status_code}, {@code outcome} and {@code transport}, and
 * the high-cardinality keys (span attributes only) of OpenTelemetry's JSON-RPC
 * conventions: {@code rpc.system.name}, {@code jsonrpc.protocol.version},
 * {@code jsonrpc.request.id}, {@code rpc.method_original},
 * {@code rpc.response.status_code} and {@code error.type} on errors,
 * {@code server.address}, {@code server.port}, {@code network.peer.address},
 * {@code network.peer.port} and {@code network.transport}.
 * <p>
 * Extend it to add keys and call {@code super} for the rest.
 */
public class DefaultJsonRpcServerObservationConvention implements JsonRpcServerObservationConvention {

	/**
	 * The name of the observation, and so of its timer.
	 */
	public static final String NAME = "jsonrpc.server.requests";

	private static final KeyValue SYSTEM = LowCardinalityKeyNames.RPC_SYSTEM.withValue("jsonrpc");

	private static final KeyValue STATUS_UNKNOWN = LowCardinalityKeyNames.RPC_STATUS_CODE.withValue("UNKNOWN");

	private static final KeyValue OUTCOME_UNKNOWN = LowCardinalityKeyNames.OUTCOME
		.withValue(JsonRpcOutcome.UNKNOWN.name());

	private static final KeyValue SYSTEM_NAME = HighCardinalityKeyNames.RPC_SYSTEM_NAME.withValue("jsonrpc");

	private static final KeyValue PROTOCOL_VERSION = HighCardinalityKeyNames.JSONRPC_PROTOCOL_VERSION.withValue("2.0");

	private static final KeyValue NETWORK_TRANSPORT = HighCardinalityKeyNames.NETWORK_TRANSPORT.withValue("tcp");

	/** The most high-cardinality keys known at the start of a call. */
	private static final int START_KEYS = 9;

	private static final int MAX_ORIGINAL_METHOD = 256;

	private final Map<Integer, KeyValue[]> errors = new ConcurrentHashMap<>();

	/** Key values are immutable; the few distinct ones are made once and reused. */
	private final Map<String, KeyValue> methods = new ConcurrentHashMap<>();

	private final Map<Protocol, KeyValue> protocols = protocolKeyValues();

	private final Map<Integer, KeyValue[]> statuses = new ConcurrentHashMap<>();

	/**
	 * Sorted key values of the combinations seen so far, by method then transport: making
	 * them sorts and copies, which on a cheap call costs more than the call, and finding
	 * them allocates nothing for a running call or a success.
	 */
	private final Map<String, Map<Protocol, Combinations>> combinations = new ConcurrentHashMap<>();

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(JsonRpcServerContext context) {
		return context.getMethodName();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(JsonRpcServerContext context) {
		if (getClass() != DefaultJsonRpcServerObservationConvention.class) {
			// A subclass may compute any key differently: no caching.
			return KeyValues.of(SYSTEM, method(context), statusCode(context), outcome(context), protocol(context));
		}
		Map<Protocol, Combinations> byProtocol = this.combinations.get(context.getMethodName());
		if (byProtocol == null) {
			// Method names are bounded to registered names, but a subclass of the
			// context could pass any: stop caching in case it does.
			if (this.combinations.size() >= 4096) {
				return KeyValues.of(SYSTEM, method(context), statusCode(context), outcome(context), protocol(context));
			}
			byProtocol = this.combinations.computeIfAbsent(context.getMethodName(),
					(method) -> new ConcurrentHashMap<>());
		}
		Combinations combinations = byProtocol.get(context.getProtocol());
		if (combinations == null) {
			combinations = byProtocol.computeIfAbsent(context.getProtocol(), (protocol) -> new Combinations());
		}
		if (!context.isFinished()) {
			KeyValues running = combinations.running;
			if (running == null) {
				running = KeyValues.of(SYSTEM, method(context), STATUS_UNKNOWN, OUTCOME_UNKNOWN, protocol(context));
				combinations.running = running;
			}
			return running;
		}
		int code = context.getStatusCode();
		if (code == 0) {
			KeyValues success = combinations.success;
			if (success == null) {
				success = finished(context, code);
				combinations.success = success;
			}
			return success;
		}
		KeyValues failure = combinations.failures.get(code);
		if (failure == null) {
			failure = finished(context, code);
			// Application error codes are bounded by the application, but stop caching
			// in case one is not.
			if (combinations.failures.size() < 256) {
				combinations.failures.put(code, failure);
			}
		}
		return failure;
	}

	private KeyValues finished(JsonRpcServerContext context, int code) {
		KeyValue[] status = status(code);
		return KeyValues.of(SYSTEM, method(context), status[0], status[1], protocol(context));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(JsonRpcServerContext context) {
		// Asked on start and on stop: what is known at the start is made once per call,
		// and a success adds nothing to it.
		KeyValues start = context.startHighCardinality;
		if (start == null) {
			start = startKeyValues(context);
			context.startHighCardinality = start;
		}
		if (!context.isFinished()) {
			return start;
		}
		int code = context.getStatusCode();
		return (code != 0) ? start.and(errorKeyValues(code)) : start;
	}

	private static KeyValues startKeyValues(JsonRpcServerContext context) {
		KeyValue[] values = new KeyValue[START_KEYS];
		int count = 0;
		values[count++] = SYSTEM_NAME;
		values[count++] = PROTOCOL_VERSION;
		values[count++] = NETWORK_TRANSPORT;
		JsonRpcEntry entry = context.getEntry();
		JsonNode id = entry.id();
		// The conventions leave out a null id; asString() on a value node, not
		// toString(), which runs a whole serializer.
		if (id != null && !id.isNull()) {
			values[count++] = HighCardinalityKeyNames.REQUEST_ID
				.withValue(id.isValueNode() ? id.asString() : id.toString());
		}
		if (entry instanceof JsonRpcRequest request && !request.method().equals(context.getMethodName())) {
			String method = request.method();
			// The client chose it: a span attribute, bounded all the same.
			values[count++] = HighCardinalityKeyNames.RPC_METHOD_ORIGINAL
				.withValue((method.length() > MAX_ORIGINAL_METHOD) ? method.substring(0, MAX_ORIGINAL_METHOD) : method);
		}
		ExchangeContext exchange = context.getExchange();
		if (exchange.localAddress() instanceof InetSocketAddress local) {
			values[count++] = HighCardinalityKeyNames.SERVER_ADDRESS.withValue(host(local));
			values[count++] = HighCardinalityKeyNames.SERVER_PORT.withValue(Integer.toString(local.getPort()));
		}
		if (exchange.remoteAddress() instanceof InetSocketAddress remote) {
			values[count++] = HighCardinalityKeyNames.NETWORK_PEER_ADDRESS.withValue(host(remote));
			values[count++] = HighCardinalityKeyNames.NETWORK_PEER_PORT.withValue(Integer.toString(remote.getPort()));
		}
		return KeyValues.of((count == values.length) ? values : Arrays.copyOf(values, count));
	}

	private static String host(InetSocketAddress address) {
		InetAddress inet = address.getAddress();
		return (inet != null) ? inet.getHostAddress() : address.getHostString();
	}

	private KeyValue[] errorKeyValues(int code) {
		KeyValue[] values = this.errors.get(code);
		if (values != null) {
			return values;
		}
		String text = Integer.toString(code);
		values = new KeyValue[] { HighCardinalityKeyNames.RPC_RESPONSE_STATUS_CODE.withValue(text),
				HighCardinalityKeyNames.ERROR_TYPE.withValue(text) };
		// Application error codes are up to the application; cache only a bounded few.
		if (this.errors.size() < 256) {
			this.errors.put(code, values);
		}
		return values;
	}

	/**
	 * Return the {@code rpc.method} key value.
	 * @param context the context
	 * @return the key value
	 */
	protected KeyValue method(JsonRpcServerContext context) {
		// Bounded by the registry: only registered names and _OTHER reach this map.
		return this.methods.computeIfAbsent(context.getMethodName(), LowCardinalityKeyNames.RPC_METHOD::withValue);
	}

	/**
	 * Return the {@code rpc.status_code} key value.
	 * @param context the context
	 * @return the key value
	 */
	protected KeyValue statusCode(JsonRpcServerContext context) {
		return context.isFinished() ? status(context.getStatusCode())[0] : STATUS_UNKNOWN;
	}

	/**
	 * Return the {@code outcome} key value.
	 * @param context the context
	 * @return the key value
	 */
	protected KeyValue outcome(JsonRpcServerContext context) {
		return context.isFinished() ? status(context.getStatusCode())[1] : OUTCOME_UNKNOWN;
	}

	/**
	 * Return the key value of the wire protocol, named {@code transport} in metrics.
	 * @param context the context
	 * @return the key value
	 */
	protected KeyValue protocol(JsonRpcServerContext context) {
		return this.protocols.get(context.getProtocol());
	}

	private static Map<Protocol, KeyValue> protocolKeyValues() {
		Map<Protocol, KeyValue> keyValues = new EnumMap<>(Protocol.class);
		for (Protocol protocol : Protocol.values()) {
			keyValues.put(protocol, LowCardinalityKeyNames.TRANSPORT.withValue(protocol.tagValue()));
		}
		return keyValues;
	}

	/**
	 * The key values of one method and transport: while running, on success, and by error
	 * code.
	 */
	private static final class Combinations {

		private volatile KeyValues running;

		private volatile KeyValues success;

		private final Map<Integer, KeyValues> failures = new ConcurrentHashMap<>();

	}

	private KeyValue[] status(int code) {
		KeyValue[] values = this.statuses.get(code);
		if (values != null) {
			return values;
		}
		values = new KeyValue[] { LowCardinalityKeyNames.RPC_STATUS_CODE.withValue(Integer.toString(code)),
				LowCardinalityKeyNames.OUTCOME.withValue(JsonRpcOutcome.forCode(code).name()) };
		// Application error codes are up to the application; cache only a bounded few.
		if (this.statuses.size() < 256) {
			this.statuses.put(code, values);
		}
		return values;
	}

}
