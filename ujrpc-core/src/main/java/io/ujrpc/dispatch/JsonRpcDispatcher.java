package io.ujrpc.dispatch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.ujrpc.observation.DefaultJsonRpcServerObservationConvention;
import io.ujrpc.observation.JsonRpcObservationDocumentation;
import io.ujrpc.observation.JsonRpcServerContext;
import io.ujrpc.observation.JsonRpcServerObservationConvention;
import io.ujrpc.protocol.InvalidRequest;
import io.ujrpc.protocol.JsonRpcCodec;
import io.ujrpc.protocol.JsonRpcEntry;
import io.ujrpc.protocol.JsonRpcError;
import io.ujrpc.protocol.JsonRpcErrorCode;
import io.ujrpc.protocol.JsonRpcException;
import io.ujrpc.protocol.JsonRpcPayload;
import io.ujrpc.protocol.JsonRpcRequest;
import io.ujrpc.protocol.JsonRpcResponse;
import io.ujrpc.server.ServerMetricsListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a JSON-RPC payload into its response: decode, find each method, bind, invoke
 * where the method wants to run, encode. Shared by every transport.
 * <p>
 * Methods that run on the I/O thread and return a plain value complete before
 * {@link #dispatch} returns, so the common case costs no thread hop and no callback.
 * <p>
 * Each call, so each element of a batch, is observed as
 * {@link JsonRpcObservationDocumentation#SERVER} unless the observation registry is a
 * no-op, in which case no observation work is done at all.
 */
public final class JsonRpcDispatcher {

	private static final Logger logger = LoggerFactory.getLogger(JsonRpcDispatcher.class);

	private static final int INITIAL_RESPONSE_CAPACITY = 256;

	private final MethodRegistry registry;

	private final JsonRpcCodec codec;

	private final Executor blockingExecutor;

	private final boolean includeExceptionDetails;

	private final ObservationRegistry observationRegistry;

	private final JsonRpcServerObservationConvention customConvention;

	private final JsonRpcServerObservationConvention defaultConvention = new DefaultJsonRpcServerObservationConvention();

	private final ServerMetricsListener metricsListener;

	/**
	 * Create a dispatcher.
	 * @param registry the methods
	 * @param codec reads requests and writes responses
	 * @param blockingExecutor runs methods that are not marked non-blocking
	 * @param includeExceptionDetails whether an unexpected exception's type and message
	 * go to the client in the error's data (they never do by default)
	 */
	public JsonRpcDispatcher(MethodRegistry registry, JsonRpcCodec codec, Executor blockingExecutor,
			boolean includeExceptionDetails) {
		this(registry, codec, blockingExecutor, includeExceptionDetails, ObservationRegistry.NOOP, null,
				ServerMetricsListener.NONE);
	}

	/**
	 * Create a dispatcher that observes its calls.
	 * @param registry the methods
	 * @param codec reads requests and writes responses
	 * @param blockingExecutor runs methods that are not marked non-blocking
	 * @param includeExceptionDetails whether an unexpected exception's type and message
	 * go to the client in the error's data (they never do by default)
	 * @param observationRegistry observes each call; {@link ObservationRegistry#NOOP} for
	 * none
	 * @param customConvention replaces the default observation convention, or
	 * {@code null}
	 * @param metricsListener hears of payloads in flight and batch sizes
	 */
	public JsonRpcDispatcher(MethodRegistry registry, JsonRpcCodec codec, Executor blockingExecutor,
			boolean includeExceptionDetails, ObservationRegistry observationRegistry,
			JsonRpcServerObservationConvention customConvention, ServerMetricsListener metricsListener) {
		this.registry = registry;
		this.codec = codec;
		this.blockingExecutor = blockingExecutor;
		this.includeExceptionDetails = includeExceptionDetails;
		this.observationRegistry = (observationRegistry != null) ? observationRegistry : ObservationRegistry.NOOP;
		this.customConvention = customConvention;
		this.metricsListener = (metricsListener != null) ? metricsListener : ServerMetricsListener.NONE;
	}

	/**
	 * Return the methods this dispatcher calls.
	 * @return the registry
	 */
	public MethodRegistry registry() {
		return this.registry;
	}

	/**
	 * Answer one payload: a single request or a batch.
	 * @param payload the request bytes; read but not released
	 * @param allocator allocates the response buffer
	 * @param transport the wire protocol the payload came over ({@code http},
	 * {@code tcp}, {@code websocket}), for observation
	 * @return a future of the encoded response, owned by the caller, or of {@code null}
	 * when nothing is to be answered (notifications only); already complete when every
	 * call ran synchronously
	 */
	public CompletableFuture<ByteBuf> dispatch(ByteBuf payload, ByteBufAllocator allocator, String transport) {
		ServerMetricsListener listener = this.metricsListener;
		listener.requestStarted(transport);
		CompletableFuture<ByteBuf> response;
		try {
			response = dispatch(decode(payload), allocator, transport);
		}
		catch (RuntimeException | Error ex) {
			listener.requestFinished(transport);
			throw ex;
		}
		if (response.isDone()) {
			listener.requestFinished(transport);
			return response;
		}
		return response.whenComplete((buffer, ex) -> listener.requestFinished(transport));
	}

	private CompletableFuture<ByteBuf> dispatch(JsonRpcPayload decoded, ByteBufAllocator allocator, String transport) {
		// Checked once per payload: with no handler registered, observation costs
		// nothing.
		ObservationRegistry observations = this.observationRegistry.isNoop() ? null : this.observationRegistry;
		List<JsonRpcEntry> entries = decoded.entries();
		if (!decoded.batch()) {
			Object outcome = call(entries.get(0), transport, observations);
			if (outcome instanceof CompletableFuture<?> future) {
				return future.thenApply((response) -> encode((JsonRpcResponse) response, allocator));
			}
			return CompletableFuture.completedFuture(encode((JsonRpcResponse) outcome, allocator));
		}
		int size = entries.size();
		this.metricsListener.batchReceived(transport, size);
		Object[] outcomes = new Object[size];
		List<CompletableFuture<?>> pending = null;
		for (int i = 0; i < size; i++) {
			Object outcome = call(entries.get(i), transport, observations);
			outcomes[i] = outcome;
			if (outcome instanceof CompletableFuture<?> future) {
				if (pending == null) {
					pending = new ArrayList<>();
				}
				pending.add(future);
			}
		}
		if (pending == null) {
			return CompletableFuture.completedFuture(encodeBatch(outcomes, allocator));
		}
		return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
			.thenApply((ignored) -> encodeBatch(outcomes, allocator));
	}

	private JsonRpcPayload decode(ByteBuf payload) {
		if (payload.hasArray()) {
			return this.codec.decode(payload.array(), payload.arrayOffset() + payload.readerIndex(),
					payload.readableBytes());
		}
		return this.codec.decode(new ByteBufInputStream(payload));
	}

	/**
	 * Run one entry, observed when a registry is given.
	 * @return a {@link JsonRpcResponse}, {@code null} for a finished notification, or a
	 * {@link CompletableFuture} of either
	 */
	private Object call(JsonRpcEntry entry, String transport, ObservationRegistry observations) {
		if (observations == null) {
			return withoutNotification(entry, execute(entry, null));
		}
		JsonRpcServerContext context = new JsonRpcServerContext(entry, boundedMethodName(entry), transport);
		Observation observation = JsonRpcObservationDocumentation.SERVER
			.observation(this.customConvention, this.defaultConvention, () -> context, observations)
			.start();
		Object outcome;
		try {
			outcome = execute(entry, observation);
		}
		catch (RuntimeException | Error ex) {
			observation.error(ex);
			observation.stop();
			throw ex;
		}
		if (outcome instanceof CompletableFuture<?> future) {
			return future.thenApply((response) -> {
				stop(observation, context, (JsonRpcResponse) response);
				return withoutNotification(entry, response);
			});
		}
		stop(observation, context, (JsonRpcResponse) outcome);
		return withoutNotification(entry, outcome);
	}

	private String boundedMethodName(JsonRpcEntry entry) {
		if (entry instanceof JsonRpcRequest request && this.registry.find(request.method()) != null) {
			return request.method();
		}
		return JsonRpcServerContext.OTHER_METHOD;
	}

	private static void stop(Observation observation, JsonRpcServerContext context, JsonRpcResponse response) {
		context.setResponse(response);
		observation.stop();
	}

	/**
	 * Drop a notification's response, but not before the notification has run: the
	 * payload is answered once every call in it is done.
	 */
	private static Object withoutNotification(JsonRpcEntry entry, Object outcome) {
		if (!(entry instanceof JsonRpcRequest request && request.isNotification())) {
			return outcome;
		}
		return (outcome instanceof CompletableFuture<?> future) ? future.thenApply((response) -> null) : null;
	}

	/**
	 * Run one entry.
	 * @param observation the call's observation, or {@code null} when not observed
	 * @return a {@link JsonRpcResponse}, also for a notification, or a
	 * {@link CompletableFuture} of one
	 */
	private Object execute(JsonRpcEntry entry, Observation observation) {
		if (entry instanceof InvalidRequest invalid) {
			return JsonRpcResponse.failure(invalid.id(), invalid.error());
		}
		JsonRpcRequest request = (JsonRpcRequest) entry;
		MethodInvoker invoker = this.registry.find(request.method());
		if (invoker == null) {
			return JsonRpcResponse.failure(request.id(), JsonRpcErrorCode.METHOD_NOT_FOUND.toError());
		}
		Object[] args;
		try {
			args = invoker.bind(request.params());
		}
		catch (InvalidParamsException ex) {
			return JsonRpcResponse.failure(request.id(), JsonRpcErrorCode.INVALID_PARAMS.toError(ex.getMessage()));
		}
		// Parameter validation hook (Bean Validation): a map read when nothing is
		// checked.
		JsonRpcError invalid = this.registry.validate(invoker, args);
		if (invalid != null) {
			return JsonRpcResponse.failure(request.id(), invalid);
		}
		if (invoker.executionMode() == ExecutionMode.IO_THREAD) {
			return invoke(request, invoker, args, observation);
		}
		CompletableFuture<Object> future = new CompletableFuture<>();
		try {
			this.blockingExecutor.execute(() -> {
				try {
					Object outcome = invoke(request, invoker, args, observation);
					if (outcome instanceof CompletableFuture<?> later) {
						later.whenComplete((response, ex) -> future.complete(response));
					}
					else {
						future.complete(outcome);
					}
				}
				catch (Throwable ex) {
					// Never leave the connection waiting for an answer that will not
					// come.
					future.complete(JsonRpcResponse.failure(request.id(), JsonRpcErrorCode.INTERNAL_ERROR.toError()));
					throw ex;
				}
			});
		}
		catch (RejectedExecutionException ex) {
			logger.warn("JSON-RPC method '{}' rejected: the blocking executor is saturated", invoker.name());
			return JsonRpcResponse.failure(request.id(), JsonRpcErrorCode.SERVER_BUSY.toError());
		}
		return future;
	}

	private Object invoke(JsonRpcRequest request, MethodInvoker invoker, Object[] args, Observation observation) {
		Object value;
		try {
			value = (observation != null) ? invokeInScope(invoker, args, observation) : invoker.invoke(args);
		}
		catch (Throwable ex) {
			return JsonRpcResponse.failure(request.id(), errorFor(invoker, ex, observation));
		}
		if (!invoker.isAsync()) {
			return JsonRpcResponse.success(request.id(), value);
		}
		if (value == null) {
			return JsonRpcResponse.failure(request.id(),
					errorFor(invoker, new IllegalStateException("returned a null CompletionStage"), observation));
		}
		CompletableFuture<Object> future = new CompletableFuture<>();
		((CompletionStage<?>) value).whenComplete((result, ex) -> future
			.complete((ex != null) ? JsonRpcResponse.failure(request.id(), errorFor(invoker, ex, observation))
					: JsonRpcResponse.success(request.id(), result)));
		return future;
	}

	/**
	 * Invoke with the observation in scope, so that the method's own observations and log
	 * correlation see it as their parent.
	 */
	private static Object invokeInScope(MethodInvoker invoker, Object[] args, Observation observation)
			throws Throwable {
		try (Observation.Scope scope = observation.openScope()) {
			return invoker.invoke(args);
		}
	}

	private JsonRpcError errorFor(MethodInvoker invoker, Throwable ex, Observation observation) {
		Throwable cause = unwrap(ex);
		if (observation != null) {
			observation.error(cause);
		}
		if (cause instanceof JsonRpcException rpcException) {
			return rpcException.toError();
		}
		if (cause instanceof InvalidParamsException invalidParams) {
			return JsonRpcErrorCode.INVALID_PARAMS.toError(invalidParams.getMessage());
		}
		// Exception mapping hook: resolvers, then @JsonRpcErrorMapping.
		JsonRpcError resolved = this.registry.resolveError(invoker, cause);
		if (resolved != null) {
			return resolved;
		}
		logger.warn("JSON-RPC method '{}' failed", invoker.name(), cause);
		if (this.includeExceptionDetails) {
			Map<String, String> data = new LinkedHashMap<>();
			data.put("exception", cause.getClass().getName());
			data.put("message", cause.getMessage());
			return new JsonRpcError(JsonRpcErrorCode.INTERNAL_ERROR.code(), JsonRpcErrorCode.INTERNAL_ERROR.message(),
					data);
		}
		return JsonRpcErrorCode.INTERNAL_ERROR.toError();
	}

	private static Throwable unwrap(Throwable ex) {
		Throwable cause = ex;
		while ((cause instanceof CompletionException || cause instanceof ExecutionException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	private ByteBuf encode(JsonRpcResponse response, ByteBufAllocator allocator) {
		if (response == null) {
			return null;
		}
		ByteBuf buffer = allocator.buffer(INITIAL_RESPONSE_CAPACITY);
		try {
			this.codec.encode(new ByteBufOutputStream(buffer), response);
			return buffer;
		}
		catch (RuntimeException ex) {
			buffer.release();
			return encode(unserializable(response, ex), allocator);
		}
	}

	private ByteBuf encodeBatch(Object[] outcomes, ByteBufAllocator allocator) {
		List<JsonRpcResponse> responses = new ArrayList<>(outcomes.length);
		for (Object outcome : outcomes) {
			Object response = (outcome instanceof CompletableFuture<?> future) ? future.join() : outcome;
			if (response != null) {
				responses.add((JsonRpcResponse) response);
			}
		}
		if (responses.isEmpty()) {
			// Only notifications: the specification says to return nothing at all.
			return null;
		}
		ByteBuf buffer = allocator.buffer(INITIAL_RESPONSE_CAPACITY * responses.size());
		try {
			this.codec.encode(new ByteBufOutputStream(buffer), responses);
			return buffer;
		}
		catch (RuntimeException ex) {
			buffer.release();
		}
		// Some result cannot be serialized: answer that call alone with an error.
		List<JsonRpcResponse> checked = new ArrayList<>(responses.size());
		for (JsonRpcResponse response : responses) {
			try {
				this.codec.mapper().writeValueAsBytes(response.isError() ? response.error() : response.result());
				checked.add(response);
			}
			catch (RuntimeException ex) {
				checked.add(unserializable(response, ex));
			}
		}
		buffer = allocator.buffer(INITIAL_RESPONSE_CAPACITY * checked.size());
		this.codec.encode(new ByteBufOutputStream(buffer), checked);
		return buffer;
	}

	private static JsonRpcResponse unserializable(JsonRpcResponse response, RuntimeException ex) {
		logger.warn("JSON-RPC response for id {} cannot be serialized", response.id(), ex);
		return JsonRpcResponse.failure(response.id(), JsonRpcErrorCode.INTERNAL_ERROR.toError());
	}

}
