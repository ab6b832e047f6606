package io.ujrpc.observation;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.ujrpc.observation.JsonRpcObservationDocumentation.HighCardinalityKeyNames;
import io.ujrpc.observation.JsonRpcObservationDocumentation.LowCardinalityKeyNames;
import io.ujrpc.protocol.Protocol;
import tools.jackson.databind.JsonNode;

/**
 * The default convention: observation {@code jsonrpc.server.requests}, with the
 * low-cardinality keys {@code rpc.system}, {@code rpc.method}, {@code rpc.status_code},
 * {@code outcome} and {@code transport}, and the request id as a high-cardinality key.
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

	private static final KeyValues NO_REQUEST_ID = KeyValues.empty();

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
		// Asked on start and on stop: made once per call.
		KeyValues keyValues = context.requestIdKeyValues;
		if (keyValues == null) {
			JsonNode id = context.getEntry().id();
			// asString() on a value node, not toString(), which runs a whole
			// serializer.
			keyValues = (id != null)
					? KeyValues
						.of(HighCardinalityKeyNames.REQUEST_ID.withValue(id.isValueNode() ? id.asString() : "null"))
					: NO_REQUEST_ID;
			context.requestIdKeyValues = keyValues;
		}
		return keyValues;
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
