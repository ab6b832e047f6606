package io.ujrpc.observation;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.Propagator;
import io.micrometer.observation.transport.ReceiverContext;
import io.ujrpc.context.ExchangeContext;
import io.ujrpc.protocol.JsonRpcEntry;
import io.ujrpc.protocol.JsonRpcRequest;
import io.ujrpc.protocol.JsonRpcResponse;
import io.ujrpc.protocol.Protocol;
import org.jspecify.annotations.Nullable;

/**
 * What an observation of one JSON-RPC call knows: the request, the method name bounded to
 * registered methods, where the payload came from, and once the call has finished, the
 * response.
 * <p>
 * A {@link ReceiverContext} of kind {@link Kind#SERVER} whose carrier is the payload's
 * {@link ExchangeContext}: a tracing handler such as micrometer-tracing's
 * {@code PropagatingReceiverTracingObservationHandler} reads {@code traceparent},
 * {@code tracestate}, {@code baggage} (or B3) from the HTTP request's headers, or the
 * WebSocket handshake's, and continues the caller's trace.
 */
public class JsonRpcServerContext extends ReceiverContext<ExchangeContext> {

	/** Reads propagation fields from the headers of the request or the handshake. */
	private static final Propagator.Getter<ExchangeContext> HEADERS = (carrier, key) -> carrier.headers().get(key);

	/**
	 * The method name used for calls to unregistered methods and for invalid requests.
	 */
	public static final String OTHER_METHOD = "_OTHER";

	private final JsonRpcEntry entry;

	private final String methodName;

	private final Protocol protocol;

	private final ExchangeContext exchange;

	private @Nullable JsonRpcResponse response;

	private boolean finished;

	/**
	 * The key values, held as the immutable sorted {@link KeyValues} a convention returns
	 * rather than in the maps of {@link Observation.Context}: a convention adds the same
	 * keys on start and on stop, so storing its result replaces two map puts per key and
	 * a sort on every read with one field write.
	 */
	private volatile KeyValues lowCardinality = KeyValues.empty();

	private volatile KeyValues highCardinality = KeyValues.empty();

	/**
	 * The high-cardinality key values known at the start, made once for start and stop.
	 */
	@Nullable KeyValues startHighCardinality;

	/**
	 * Create a context for one call.
	 * @param entry the decoded request, or the invalid request that is answered with an
	 * error
	 * @param methodName the method name when the method is registered, else
	 * {@link #OTHER_METHOD}
	 * @param protocol the wire protocol
	 */
	public JsonRpcServerContext(JsonRpcEntry entry, String methodName, Protocol protocol) {
		this(entry, methodName, ExchangeContext.local(protocol));
	}

	/**
	 * Create a context for one call of a payload that came over a connection.
	 * @param entry the decoded request, or the invalid request that is answered with an
	 * error
	 * @param methodName the method name when the method is registered, else
	 * {@link #OTHER_METHOD}
	 * @param exchange where the payload came from: protocol, addresses, and the headers
	 * trace context is read from
	 */
	public JsonRpcServerContext(JsonRpcEntry entry, String methodName, ExchangeContext exchange) {
		super(HEADERS, Kind.SERVER);
		this.entry = entry;
		this.methodName = methodName;
		this.protocol = exchange.protocol();
		this.exchange = exchange;
		setCarrier(exchange);
	}

	/**
	 * Return the entry this call answers.
	 * @return the entry, a {@link JsonRpcRequest} or an invalid request
	 */
	public JsonRpcEntry getEntry() {
		return this.entry;
	}

	/**
	 * Return the request when the entry is a valid one.
	 * @return the request or {@code null}
	 */
	public JsonRpcRequest getRequest() {
		return (this.entry instanceof JsonRpcRequest request) ? request : null;
	}

	/**
	 * Return the method name, bounded: a registered name or {@link #OTHER_METHOD}.
	 * @return the method name
	 */
	public String getMethodName() {
		return this.methodName;
	}

	/**
	 * Return the wire protocol the call came over.
	 * @return the protocol
	 */
	public Protocol getProtocol() {
		return this.protocol;
	}

	/**
	 * Return where the payload came from.
	 * @return the exchange, also the carrier trace context is read from
	 */
	public ExchangeContext getExchange() {
		return this.exchange;
	}

	/**
	 * Whether the call is a notification, which gets no response on the wire (it is
	 * observed all the same).
	 * @return {@code true} for a notification
	 */
	public boolean isNotification() {
		return this.entry instanceof JsonRpcRequest request && request.isNotification();
	}

	/**
	 * Return the response, also for a notification whose response is not sent.
	 * @return the response, or {@code null} while the call runs
	 */
	public @Nullable JsonRpcResponse getResponse() {
		return this.response;
	}

	/**
	 * Record the response once the call has finished.
	 * @param response the response
	 */
	public void setResponse(@Nullable JsonRpcResponse response) {
		this.response = response;
		this.finished = true;
	}

	/**
	 * Whether the call has finished.
	 * @return {@code true} once a response is set
	 */
	public boolean isFinished() {
		return this.finished;
	}

	/**
	 * Return the JSON-RPC error code of the response.
	 * @return the code, {@code 0} for a success or while the call runs
	 */
	public int getStatusCode() {
		return (this.response != null && this.response.isError()) ? this.response.error().code() : 0;
	}

	@Override
	public synchronized JsonRpcServerContext addLowCardinalityKeyValue(KeyValue keyValue) {
		this.lowCardinality = this.lowCardinality.and(keyValue);
		return this;
	}

	@Override
	public JsonRpcServerContext addLowCardinalityKeyValues(KeyValues keyValues) {
		if (this.lowCardinality != keyValues) {
			mergeLow(keyValues);
		}
		return this;
	}

	private synchronized void mergeLow(KeyValues keyValues) {
		this.lowCardinality = merge(this.lowCardinality, keyValues);
	}

	@Override
	public synchronized JsonRpcServerContext removeLowCardinalityKeyValue(String keyName) {
		this.lowCardinality = without(this.lowCardinality, keyName);
		return this;
	}

	@Override
	public KeyValues getLowCardinalityKeyValues() {
		return this.lowCardinality;
	}

	@Override
	public KeyValue getLowCardinalityKeyValue(String key) {
		return find(this.lowCardinality, key);
	}

	@Override
	public synchronized JsonRpcServerContext addHighCardinalityKeyValue(KeyValue keyValue) {
		this.highCardinality = this.highCardinality.and(keyValue);
		return this;
	}

	@Override
	public JsonRpcServerContext addHighCardinalityKeyValues(KeyValues keyValues) {
		if (this.highCardinality != keyValues) {
			mergeHigh(keyValues);
		}
		return this;
	}

	private synchronized void mergeHigh(KeyValues keyValues) {
		this.highCardinality = merge(this.highCardinality, keyValues);
	}

	@Override
	public synchronized JsonRpcServerContext removeHighCardinalityKeyValue(String keyName) {
		this.highCardinality = without(this.highCardinality, keyName);
		return this;
	}

	@Override
	public KeyValues getHighCardinalityKeyValues() {
		return this.highCardinality;
	}

	@Override
	public KeyValue getHighCardinalityKeyValue(String key) {
		return find(this.highCardinality, key);
	}

	/*
	 * Merge as {@link KeyValues#and(Iterable)} does, the added values winning, but keep
	 * the added instance when it holds every key already present, as it does when a
	 * convention's stop values follow its start values.
	 */
	private static KeyValues merge(KeyValues current, KeyValues added) {
		if (current == added) {
			return current;
		}
		for (KeyValue keyValue : current) {
			if (find(added, keyValue.getKey()) == null) {
				return current.and(added);
			}
		}
		return added;
	}

	private static KeyValues without(KeyValues keyValues, String key) {
		if (find(keyValues, key) == null) {
			return keyValues;
		}
		List<KeyValue> kept = new ArrayList<>();
		for (KeyValue keyValue : keyValues) {
			if (!keyValue.getKey().equals(key)) {
				kept.add(keyValue);
			}
		}
		return KeyValues.of(kept);
	}

	private static KeyValue find(KeyValues keyValues, String key) {
		for (KeyValue keyValue : keyValues) {
			if (keyValue.getKey().equals(key)) {
				return keyValue;
			}
		}
		return null;
	}

}
