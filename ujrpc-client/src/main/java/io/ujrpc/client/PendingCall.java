package io.ujrpc.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.observation.Observation;
import io.ujrpc.client.observation.JsonRpcClientContext;
import io.ujrpc.protocol.JsonRpcError;
import io.ujrpc.protocol.JsonRpcException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * One call on its way: the request, the type its result is read as, the future the caller
 * waits on, and its observation. Completes exactly once, whichever of response, failure
 * and timeout comes first.
 */
final class PendingCall {

	private final JsonRpcClientCodec.Request request;

	private final @Nullable JavaType resultType;

	private final CompletableFuture<@Nullable Object> future = new CompletableFuture<>();

	private final @Nullable Observation observation;

	private final @Nullable JsonRpcClientContext context;

	private final AtomicBoolean completed = new AtomicBoolean();

	private @Nullable OutgoingMessage message;

	PendingCall(JsonRpcClientCodec.Request request, @Nullable JavaType resultType, @Nullable Observation observation,
			@Nullable JsonRpcClientContext context) {
		this.request = request;
		this.resultType = resultType;
		this.observation = observation;
		this.context = context;
	}

	JsonRpcClientCodec.Request request() {
		return this.request;
	}

	@Nullable Long id() {
		return this.request.id();
	}

	boolean isNotification() {
		return this.request.id() == null;
	}

	CompletableFuture<@Nullable Object> future() {
		return this.future;
	}

	@Nullable JsonRpcClientContext context() {
		return this.context;
	}

	void attach(OutgoingMessage message) {
		this.message = message;
	}

	boolean isDone() {
		return this.completed.get();
	}

	/*
	 * Complete with a result read as the expected type.
	 */
	void succeed(JsonNode result, ObjectMapper mapper) {
		if (this.completed.get()) {
			return;
		}
		Object value;
		try {
			value = read(result, mapper);
		}
		catch (JacksonException | IllegalArgumentException ex) {
			fail(new JsonRpcClientException("Result of '" + this.request.method() + "' cannot be read as "
					+ this.resultType + ": " + ex.getMessage(), ex));
			return;
		}
		if (claim()) {
			if (this.context != null) {
				this.context.setSuccess(value);
			}
			finished(null);
			this.future.complete(value);
		}
	}

	private @Nullable Object read(JsonNode result, ObjectMapper mapper) {
		JavaType type = this.resultType;
		if (type == null || type.getRawClass() == Void.class || type.getRawClass() == void.class) {
			return null;
		}
		if (type.getRawClass() == JsonNode.class) {
			return result;
		}
		return mapper.treeToValue(result, type);
	}

	/**
	 * Complete a notification once it is on its way (or acknowledged, over HTTP).
	 */
	void acknowledge() {
		if (claim()) {
			if (this.context != null) {
				this.context.setSuccess(null);
			}
			finished(null);
			this.future.complete(null);
		}
	}

	/*
	 * Complete with the server's error object.
	 */
	void fail(JsonRpcError error) {
		if (claim()) {
			if (this.context != null) {
				this.context.setJsonRpcError(error);
			}
			finished(null);
			this.future.completeExceptionally(new JsonRpcException(error.code(), error.message(), error.data()));
		}
	}

	/*
	 * Complete with a failure on the client's side.
	 */
	void fail(Throwable failure) {
		if (claim()) {
			finished(failure);
			this.future.completeExceptionally(failure);
		}
	}

	/*
	 * Take the one right to complete this call; the observation stops before the future
	 * completes, so that whoever waits on the future sees it stopped.
	 */
	private boolean claim() {
		return this.completed.compareAndSet(false, true);
	}

	private void finished(@Nullable Throwable failure) {
		Observation observation = this.observation;
		if (observation != null) {
			if (failure != null) {
				observation.error(failure);
			}
			observation.stop();
		}
		OutgoingMessage message = this.message;
		if (message != null) {
			message.callDone();
		}
	}

}
