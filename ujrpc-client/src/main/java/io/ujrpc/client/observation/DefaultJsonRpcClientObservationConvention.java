package io.ujrpc.client.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.ujrpc.client.observation.JsonRpcClientObservationDocumentation.HighCardinalityKeyNames;
import io.ujrpc.observation.JsonRpcObservationDocumentation.LowCardinalityKeyNames;
import io.ujrpc.observation.JsonRpcOutcome;
import io.ujrpc.protocol.JsonRpcError;

/**
 * The default convention: observation {@code jsonrpc.client.requests}, contextual name
 * the method, low-cardinality keys {@code rpc.system}, {@code rpc.method},
 * {@code rpc.status_code}, {@code outcome} and {@code transport}, and the request id and
 * server address as high-cardinality keys.
 * <p>
 * A call that fails in the connection or on the client's side has status and outcome
 * {@code UNKNOWN}; its exception is the observation's error.
 */
public class DefaultJsonRpcClientObservationConvention implements JsonRpcClientObservationConvention {

	/**
	 * The name of the observation, and so of its timer.
	 */
	public static final String NAME = "jsonrpc.client.requests";

	private static final KeyValue SYSTEM = LowCardinalityKeyNames.RPC_SYSTEM.withValue("jsonrpc");

	private static final KeyValue STATUS_SUCCESS = LowCardinalityKeyNames.RPC_STATUS_CODE.withValue("0");

	private static final KeyValue STATUS_UNKNOWN = LowCardinalityKeyNames.RPC_STATUS_CODE.withValue("UNKNOWN");

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(JsonRpcClientContext context) {
		return context.getMethodName();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(JsonRpcClientContext context) {
		return KeyValues.of(SYSTEM, LowCardinalityKeyNames.RPC_METHOD.withValue(context.getMethodName()),
				statusCode(context), outcome(context),
				LowCardinalityKeyNames.TRANSPORT.withValue(context.getTransport()));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(JsonRpcClientContext context) {
		KeyValues keyValues = KeyValues
			.of(HighCardinalityKeyNames.SERVER_ADDRESS.withValue(String.valueOf(context.getRemoteServiceAddress())));
		Long id = context.getRequestId();
		return (id != null) ? keyValues.and(HighCardinalityKeyNames.REQUEST_ID.withValue(id.toString())) : keyValues;
	}

	/**
	 * Return the {@code rpc.status_code} key value.
	 * @param context the context
	 * @return the key value
	 */
	protected KeyValue statusCode(JsonRpcClientContext context) {
		if (!context.isAnswered()) {
			return STATUS_UNKNOWN;
		}
		JsonRpcError error = context.getJsonRpcError();
		return (error != null) ? LowCardinalityKeyNames.RPC_STATUS_CODE.withValue(Integer.toString(error.code()))
				: STATUS_SUCCESS;
	}

	/**
	 * Return the {@code outcome} key value.
	 * @param context the context
	 * @return the key value
	 */
	protected KeyValue outcome(JsonRpcClientContext context) {
		if (!context.isAnswered()) {
			return LowCardinalityKeyNames.OUTCOME.withValue(JsonRpcOutcome.UNKNOWN.name());
		}
		JsonRpcError error = context.getJsonRpcError();
		return LowCardinalityKeyNames.OUTCOME
			.withValue(JsonRpcOutcome.forCode((error != null) ? error.code() : 0).name());
	}

}
