package io.ujrpc.client.observation;

import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.RequestReplySenderContext;
import io.ujrpc.protocol.JsonRpcError;
import org.jspecify.annotations.Nullable;

/**
 * What an observation of one call made by the client knows: method, protocol, server,
 * request id and, once the call has finished, its outcome.
 * <p>
 * The carrier is a map of headers: a tracing handler writes {@code traceparent} (and
 * whatever else its propagator uses) into it when the observation starts, and the client
 * sends them as HTTP request headers. WebSocket and raw TCP messages have no per-message
 * headers, so there the span is recorded but its context is not propagated.
 */
public class JsonRpcClientContext extends RequestReplySenderContext<Map<String, String>, Object> {

	private final String methodName;

	private final String transport;

	private final @Nullable Long requestId;

	private @Nullable JsonRpcError error;

	private boolean finished;

	/**
	 * Create a context for one call.
	 * @param methodName the method called
	 * @param transport the wire protocol: {@code http}, {@code websocket} or {@code tcp}
	 * @param serverAddress the server's {@code host:port}
	 * @param requestId the request id, or {@code null} for a notification
	 */
	public JsonRpcClientContext(String methodName, String transport, String serverAddress, @Nullable Long requestId) {
		super((carrier, key, value) -> {
			if (carrier != null) {
				carrier.put(key, value);
			}
		}, Kind.CLIENT);
		this.methodName = methodName;
		this.transport = transport;
		this.requestId = requestId;
		setCarrier(new LinkedHashMap<>());
		setRemoteServiceName("jsonrpc");
		setRemoteServiceAddress(serverAddress);
	}

	/**
	 * Return the method called.
	 * @return the method name
	 */
	public String getMethodName() {
		return this.methodName;
	}

	/**
	 * Return the wire protocol of the call.
	 * @return {@code http}, {@code websocket} or {@code tcp}
	 */
	public String getTransport() {
		return this.transport;
	}

	/**
	 * Return the request id.
	 * @return the id, or {@code null} for a notification
	 */
	public @Nullable Long getRequestId() {
		return this.requestId;
	}

	/**
	 * Whether the call is a notification.
	 * @return {@code true} for a notification
	 */
	public boolean isNotification() {
		return this.requestId == null;
	}

	/**
	 * Return the JSON-RPC error the server answered with.
	 * @return the error, or {@code null} for a success, a failure on the client's side or
	 * while the call runs
	 */
	public @Nullable JsonRpcError getJsonRpcError() {
		return this.error;
	}

	/**
	 * Record that the server answered with an error.
	 * @param error the error
	 */
	public void setJsonRpcError(JsonRpcError error) {
		this.error = error;
		this.finished = true;
	}

	/**
	 * Record that the server answered with a result (or, for a notification, that it was
	 * sent).
	 * @param result the result as read, or {@code null}
	 */
	public void setSuccess(@Nullable Object result) {
		if (result != null) {
			setResponse(result);
		}
		this.finished = true;
	}

	/**
	 * Whether the server has answered, with a result or an error; a call that failed on
	 * the client's side or in the connection never is.
	 * @return {@code true} once answered
	 */
	public boolean isAnswered() {
		return this.finished;
	}

}
