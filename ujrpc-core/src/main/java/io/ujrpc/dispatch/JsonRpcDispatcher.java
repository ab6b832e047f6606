package io.ujrpc.dispatch;

import java.io.IOException;
import java.io.InputStream;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.ujrpc.context.ExchangeContext;
import io.ujrpc.context.RequestContext;
import io.ujrpc.observation.DefaultJsonRpcServerObservationConvention;
import io.ujrpc.observation.JsonRpcObservationDocumentation;
import io.ujrpc.observation.JsonRpcServerCallRecorder;
import io.ujrpc.observation.JsonRpcServerContext;
import io.ujrpc.observation.JsonRpcServerObservationConvention;
import io.ujrpc.protocol.InvalidRequest;
import io.ujrpc.protocol.JsonRpcEntry;
import io.ujrpc.protocol.JsonRpcError;
import io.ujrpc.protocol.JsonRpcErrorCode;
import io.ujrpc.protocol.JsonRpcException;
import io.ujrpc.protocol.JsonRpcPayload;
import io.ujrpc.protocol.JsonRpcReply;
import io.ujrpc.protocol.JsonRpcRequest;
import io.ujrpc.protocol.JsonRpcResponse;
import io.ujrpc.protocol.Protocol;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a decoded JSON-RPC payload: find each method, bind, invoke where the method
 * wants to run, collect the responses. Shared by every protocol; knows nothing of bytes
 * or Netty (the codec sits at the protocol's edge).
 * <p>
 * Methods that run on the I/O thread and return a plain value complete before
 * {@link #dispatch} returns, so the common case costs no thread hop and no callback.
 * <p>
 * Each call, so each element of a batch, is observed as
 * {@link JsonRpcObservationDocumentation#SERVER} unless the observation registry is a
 * no-op, in which case no observation work is done at all. When the only handler that
 * would see a call is a {@link JsonRpcServerCallRecorder} (the starter's meter handler)
 * and nothing could change what it sees, the call is recorded by it directly, without an
 * observation: the same meters, at a fraction of the cost. Which of the three applies is
 * decided again whenever the registry's configuration grows.
 */
public final class JsonRpcDispatcher {

	private static final Logger logger = LoggerFactory.getLogger(JsonRpcDispatcher.class);

	private static final long SATURATION_WARNING_INTERVAL = TimeUnit.SECONDS.toNanos(10);

	private final AtomicLong lastSaturationWarning = new AtomicLong(System.nanoTime() - SATURATION_WARNING_INTERVAL);

	private final LongAdder suppressedSaturationWarnings = new LongAdder();

	private final MethodRegistry registry;

	private final Executor blockingExecutor;

	private final boolean includeExceptionDetails;

	private final ObservationRegistry observationRegistry;

	private final @Nullable JsonRpcServerObservationConvention customConvention;

	private final JsonRpcServerObservationConvention defaultConvention = new DefaultJsonRpcServerObservationConvention();

	/** How calls are observed, for the registry's configuration as it was last seen. */
	private volatile ObservationPath observationPath;

	/** The registry's interceptors, in order; empty for none, then nothing is added. */
	private final JsonRpcInterceptor[] interceptors;

	/**
	 * Create a dispatcher.
	 * @param registry the methods
	 * @param blockingExecutor runs methods that are not marked non-blocking
	 * @param includeExceptionDetails whether an unexpected exception's type and message
	 * go to the client in the error's data (they never do by default)
	 */
	public JsonRpcDispatcher(MethodRegistry registry, Executor blockingExecutor, boolean includeExceptionDetails) {
		this(registry, blockingExecutor, includeExceptionDetails, ObservationRegistry.NOOP, null);
	}

	/**
	 * Create a dispatcher that observes its calls.
	 * @param registry the methods
	 * @param blockingExecutor runs methods that are not marked non-blocking
	 * @param includeExceptionDetails whether an unexpected exception's type and message
	 * go to the client in the error's data (they never do by default)
	 * @param observationRegistry observes each call; {@link ObservationRegistry#NOOP} for
	 * none
	 * @param customConvention replaces the default observation convention, or
	 * {@code null}
	 */
	public JsonRpcDispatcher(MethodRegistry registry, Executor blockingExecutor, boolean includeExceptionDetails,
			ObservationRegistry observationRegistry, @Nullable JsonRpcServerObservationConvention customConvention) {
		this.registry = registry;
		this.blockingExecutor = blockingExecutor;
		this.includeExceptionDetails = includeExceptionDetails;
		this.observationRegistry = observationRegistry;
		this.customConvention = customConvention;
		this.observationPath = ObservationPath.decide(observationRegistry, customConvention);
		this.interceptors = registry.interceptors().toArray(new JsonRpcInterceptor[0]);
	}

	/**
	 * Return the methods this dispatcher calls.
	 * @return the registry
	 */
	public MethodRegistry registry() {
		return this.registry;
	}

	/**
	 * Return the executor that runs methods that are not marked non-blocking, which also
	 * suits other blocking work of a call, such as reading a streamed result.
	 * @return the executor
	 */
	public Executor blockingExecutor() {
		return this.blockingExecutor;
	}

	/**
	 * Answer one payload that did not come over a socket: a single request or a batch.
	 * @param payload the decoded payload
	 * @param protocol the protocol to report, for observation
	 * @return a future of the reply; already complete when every call ran synchronously
	 */
	public CompletableFuture<JsonRpcReply> dispatch(JsonRpcPayload payload, Protocol protocol) {
		return dispatch(payload, ExchangeContext.local(protocol));
	}

	/**
	 * Answer one payload: a single request or a batch.
	 * @param payload the decoded payload
	 * @param exchange where the payload came from: the protocol, for observation, and
	 * what a method's {@link RequestContext} parameter reports
	 * @return a future of the reply; already complete when every call ran synchronously
	 */
	public CompletableFuture<JsonRpcReply> dispatch(JsonRpcPayload payload, ExchangeContext exchange) {
		// Checked once per payload: with no handler registered, observation costs
		// nothing; with only a recorder, little.
		ObservationPath observations = this.observationPath;
		if (!observations.isCurrent()) {
			observations = ObservationPath.decide(this.observationRegistry, this.customConvention);
			this.observationPath = observations;
		}
		List<JsonRpcEntry> entries = payload.entries();
		if (!payload.batch()) {
			Object outcome = call(entries.get(0), exchange, observations, null);
			CompletableFuture<@Nullable JsonRpcResponse> later = later(outcome);
			if (later != null) {
				return later.thenApply(JsonRpcDispatcher::single);
			}
			return CompletableFuture.completedFuture(single(now(outcome)));
		}
		int size = entries.size();
		@Nullable Object[] outcomes = new Object[size];
		List<CompletableFuture<?>> pending = null;
		// One record for the batch's calls that complete before call returns.
		Recorded synchronous = (observations.recorder() != null) ? new Recorded() : null;
		for (int i = 0; i < size; i++) {
			Object outcome = call(entries.get(i), exchange, observations, synchronous);
			outcomes[i] = outcome;
			CompletableFuture<@Nullable JsonRpcResponse> later = later(outcome);
			if (later != null) {
				if (pending == null) {
					pending = new ArrayList<>();
				}
				pending.add(later);
			}
		}
		if (pending == null) {
			return CompletableFuture.completedFuture(batch(outcomes));
		}
		return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
			.thenApply((ignored) -> batch(outcomes));
	}

	private static JsonRpcReply single(@Nullable JsonRpcResponse response) {
		return (response != null) ? response : JsonRpcReply.NONE;
	}

	private static JsonRpcReply batch(@Nullable Object[] outcomes) {
		List<JsonRpcResponse> responses = new ArrayList<>(outcomes.length);
		for (Object outcome : outcomes) {
			CompletableFuture<@Nullable JsonRpcResponse> later = later(outcome);
			JsonRpcResponse response = (later != null) ? later.join() : now(outcome);
			if (response != null) {
				responses.add(response);
			}
		}
		// Only notifications: the specification says to return nothing at all.
		return responses.isEmpty() ? JsonRpcReply.NONE : new JsonRpcReply.Batch(responses);
	}

	/*
	 * Run one entry, observed or recorded as the registry's configuration says.
	 *
	 * @param synchronous a record to reuse for a recorded call that completes before this
	 * returns, or {@code null}
	 *
	 * @return the outcome (see now and later)
	 */
	private @Nullable Object call(JsonRpcEntry entry, ExchangeContext exchange, ObservationPath observations,
			@Nullable Recorded synchronous) {
		// Looked up once a call.
		MethodInvoker invoker = (entry instanceof JsonRpcRequest request) ? this.registry.find(request.method()) : null;
		if (observations.isObserved()) {
			return observed(entry, invoker, exchange);
		}
		JsonRpcServerCallRecorder recorder = observations.recorder();
		if (recorder != null) {
			return recorded(entry, invoker, exchange, recorder,
					(synchronous != null && completesSynchronously(invoker)) ? synchronous : null);
		}
		return withoutNotification(entry, execute(entry, invoker, exchange, null));
	}

	/*
	 * Whether a call is done when execute returns: not a request for a registered method
	 * (answered at once), or a method that runs on the I/O thread and returns a plain
	 * value. Interceptors run around it on the same thread.
	 */
	private static boolean completesSynchronously(@Nullable MethodInvoker invoker) {
		return invoker == null || (invoker.executionMode() == ExecutionMode.IO_THREAD && !invoker.isAsync());
	}

	private @Nullable Object observed(JsonRpcEntry entry, @Nullable MethodInvoker invoker, ExchangeContext exchange) {
		JsonRpcServerContext context = new JsonRpcServerContext(entry, boundedMethodName(entry, invoker), exchange);
		Observation observation = JsonRpcObservationDocumentation.SERVER
			.observation(this.customConvention, this.defaultConvention, () -> context, this.observationRegistry)
			.start();
		Object outcome;
		try {
			outcome = execute(entry, invoker, exchange, new Observed(observation));
		}
		catch (RuntimeException | Error ex) {
			observation.error(ex);
			observation.stop();
			throw ex;
		}
		CompletableFuture<@Nullable JsonRpcResponse> later = later(outcome);
		if (later != null) {
			return withoutNotification(entry, later.thenApply((response) -> {
				stop(observation, context, response);
				return response;
			}));
		}
		stop(observation, context, now(outcome));
		return withoutNotification(entry, outcome);
	}

	/*
	 * Record one entry as its observation would be recorded, with no observation: the
	 * recorder is the only handler that would see it.
	 *
	 * @param synchronous a record to reuse, when the call completes before execute
	 * returns (nothing holds on to it then), or {@code null} for a new one
	 */
	private @Nullable Object recorded(JsonRpcEntry entry, @Nullable MethodInvoker invoker, ExchangeContext exchange,
			JsonRpcServerCallRecorder recorder, @Nullable Recorded synchronous) {
		String method = boundedMethodName(entry, invoker);
		Protocol protocol = exchange.protocol();
		Recorded call = (synchronous != null) ? synchronous : new Recorded();
		call.start(recorder.startTime(), recorder.startCall(method, protocol));
		Object outcome;
		try {
			outcome = execute(entry, invoker, exchange, call);
		}
		catch (RuntimeException | Error ex) {
			recorder.stopCall(method, protocol, call.startTime, call.active, false, 0, ex);
			throw ex;
		}
		CompletableFuture<@Nullable JsonRpcResponse> later = later(outcome);
		if (later != null) {
			return withoutNotification(entry, later.thenApply((response) -> {
				stop(recorder, method, protocol, call, response);
				return response;
			}));
		}
		stop(recorder, method, protocol, call, now(outcome));
		return withoutNotification(entry, outcome);
	}

	private static void stop(JsonRpcServerCallRecorder recorder, String method, Protocol protocol, Recorded call,
			@Nullable JsonRpcResponse response) {
		int code = (response != null && response.isError()) ? response.error().code() : 0;
		recorder.stopCall(method, protocol, call.startTime, call.active, true, code, call.error);
	}

	private static String boundedMethodName(JsonRpcEntry entry, @Nullable MethodInvoker invoker) {
		if (invoker != null && entry instanceof JsonRpcRequest request) {
			return request.method();
		}
		return JsonRpcServerContext.OTHER_METHOD;
	}

	private static void stop(Observation observation, JsonRpcServerContext context,
			@Nullable JsonRpcResponse response) {
		context.setResponse(response);
		observation.stop();
	}

	/*
	 * Drop a notification's response, but not before the notification has run: the
	 * payload is answered once every call in it is done.
	 */
	private static @Nullable Object withoutNotification(JsonRpcEntry entry, Object outcome) {
		if (!(entry instanceof JsonRpcRequest request && request.isNotification())) {
			return outcome;
		}
		CompletableFuture<@Nullable JsonRpcResponse> later = later(outcome);
		if (later != null) {
			return later.thenApply((response) -> {
				discard(response);
				return null;
			});
		}
		discard(now(outcome));
		return null;
	}

	/*
	 * Answer a call, unless its deadline answered it already: then its result is
	 * discarded.
	 */
	private static void completeOrDiscard(CompletableFuture<@Nullable JsonRpcResponse> future,
			@Nullable JsonRpcResponse response) {
		if (!future.complete(response)) {
			discard(response);
		}
	}

	/*
	 * A response nobody will send: a stream result is closed, since no route will send
	 * (and close) it.
	 */
	private static void discard(@Nullable JsonRpcResponse response) {
		if (response != null && response.result() instanceof InputStream stream) {
			try {
				stream.close();
			}
			catch (IOException | RuntimeException ex) {
				logger.debug("Closing a discarded stream result failed", ex);
			}
		}
	}

	/*
	 * Run one entry.
	 *
	 * @param invoker the method the entry calls, {@code null} when it is not a request
	 * for a registered method
	 *
	 * @param observation the call's observation, or {@code null} when not observed
	 *
	 * @return its response, also for a notification, now or later: a JsonRpcResponse or a
	 * future of one
	 */
	private Object execute(JsonRpcEntry entry, @Nullable MethodInvoker invoker, ExchangeContext exchange,
			@Nullable CallObservation observation) {
		if (entry instanceof InvalidRequest invalid) {
			return JsonRpcResponse.failure(invalid.id(), invalid.error());
		}
		JsonRpcRequest request = (JsonRpcRequest) entry;
		if (invoker == null) {
			return JsonRpcResponse.failure(request.id(), JsonRpcErrorCode.METHOD_NOT_FOUND.toError());
		}
		if (this.interceptors.length == 0) {
			return execute(request, invoker, exchange, null, observation);
		}
		RequestContext context = new RequestContext(exchange, request);
		JsonRpcError rejected = preHandle(context, invoker);
		Object outcome = (rejected != null) ? JsonRpcResponse.failure(request.id(), rejected)
				: execute(request, invoker, exchange, context, observation);
		CompletableFuture<@Nullable JsonRpcResponse> later = later(outcome);
		if (later != null) {
			return later.thenApply((response) -> {
				afterCompletion(context, invoker, response);
				return response;
			});
		}
		afterCompletion(context, invoker, now(outcome));
		return outcome;
	}

	/*
	 * Run a call of a registered method.
	 *
	 * @param context the call's context when interceptors see it, or {@code null}
	 */
	private Object execute(JsonRpcRequest request, MethodInvoker invoker, ExchangeContext exchange,
			@Nullable RequestContext context, @Nullable CallObservation observation) {
		Object[] args;
		try {
			args = invoker.bind(request.params(), invoker.needsContext()
					? ((context != null) ? context : new RequestContext(exchange, request)) : null);
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
		long timeoutNanos = invoker.timeoutNanos();
		if (invoker.executionMode() == ExecutionMode.IO_THREAD) {
			// A synchronous method on the I/O thread is done before any timer could
			// fire: only a returned stage is timed.
			return invoke(request, invoker, args, observation, context,
					(timeoutNanos > 0 && invoker.isAsync()) ? new CallDeadline(request, timeoutNanos) : null);
		}
		CompletableFuture<@Nullable JsonRpcResponse> future = new CompletableFuture<>();
		CallDeadline deadline = (timeoutNanos > 0) ? new CallDeadline(request, timeoutNanos) : null;
		try {
			this.blockingExecutor.execute(() -> {
				if (deadline != null && !deadline.enter()) {
					// Timed out in the executor's queue: answered already.
					return;
				}
				try {
					Object outcome = invoke(request, invoker, args, observation, context, deadline);
					CompletableFuture<@Nullable JsonRpcResponse> later = later(outcome);
					if (later != null) {
						later.whenComplete((response, ex) -> completeOrDiscard(future, response));
					}
					else {
						completeOrDiscard(future, now(outcome));
					}
				}
				catch (Throwable ex) {
					// Never leave the connection waiting for an answer that will not
					// come.
					future.complete(JsonRpcResponse.failure(request.id(), JsonRpcErrorCode.INTERNAL_ERROR.toError()));
					throw ex;
				}
				finally {
					if (deadline != null) {
						deadline.exit();
					}
				}
			});
		}
		catch (RejectedExecutionException ex) {
			warnSaturated(invoker.name());
			return JsonRpcResponse.failure(request.id(), JsonRpcErrorCode.SERVER_BUSY.toError());
		}
		if (deadline != null) {
			deadline.start(future);
		}
		return future;
	}

	private @Nullable JsonRpcError preHandle(RequestContext context, MethodInvoker invoker) {
		for (JsonRpcInterceptor interceptor : this.interceptors) {
			try {
				JsonRpcError rejected = interceptor.preHandle(context, invoker);
				if (rejected != null) {
					return rejected;
				}
			}
			catch (JsonRpcException ex) {
				return ex.toError();
			}
			catch (RuntimeException ex) {
				logger.warn("JSON-RPC interceptor {} failed before method '{}'", interceptor, invoker.name(), ex);
				return JsonRpcErrorCode.INTERNAL_ERROR.toError();
			}
		}
		return null;
	}

	private void afterCompletion(RequestContext context, MethodInvoker invoker, @Nullable JsonRpcResponse response) {
		if (response == null) {
			return;
		}
		for (int i = this.interceptors.length - 1; i >= 0; i--) {
			try {
				this.interceptors[i].afterCompletion(context, invoker, response);
			}
			catch (RuntimeException ex) {
				logger.warn("JSON-RPC interceptor {} failed after method '{}'", this.interceptors[i], invoker.name(),
						ex);
			}
		}
	}

	private Object invoke(JsonRpcRequest request, MethodInvoker invoker, Object[] args,
			@Nullable CallObservation observation, @Nullable RequestContext context, @Nullable CallDeadline deadline) {
		Object value;
		try {
			value = (observation != null) ? invokeInScope(invoker, args, observation, context)
					: invokeIntercepted(invoker, args, context);
		}
		catch (Throwable ex) {
			if (deadline != null && deadline.isExpired()) {
				// Interrupted by its deadline, answered already: nothing went wrong.
				return JsonRpcResponse.failure(request.id(), JsonRpcErrorCode.REQUEST_TIMEOUT.toError());
			}
			return JsonRpcResponse.failure(request.id(), errorFor(invoker, ex, observation));
		}
		if (!invoker.isAsync()) {
			return JsonRpcResponse.success(request.id(), value);
		}
		if (value == null) {
			return JsonRpcResponse.failure(request.id(),
					errorFor(invoker, new IllegalStateException("returned a null CompletionStage"), observation));
		}
		CompletableFuture<@Nullable JsonRpcResponse> future = new CompletableFuture<>();
		CompletionStage<?> stage = (CompletionStage<?>) value;
		if (deadline != null) {
			// A blocking method's deadline started when it was queued.
			deadline.start(future);
			deadline.cancels(stage);
		}
		stage.whenComplete((result, ex) -> future
			.complete((ex != null) ? JsonRpcResponse.failure(request.id(), errorFor(invoker, ex, observation))
					: JsonRpcResponse.success(request.id(), result)));
		return future;
	}

	/*
	 * Invoke through the interceptors' around hooks, the first outermost.
	 */
	private @Nullable Object invokeIntercepted(MethodInvoker invoker, Object[] args, @Nullable RequestContext context)
			throws Throwable {
		if (context == null) {
			return invoker.invoke(args);
		}
		return proceed(0, invoker, args, context);
	}

	private @Nullable Object proceed(int index, MethodInvoker invoker, Object[] args, RequestContext context)
			throws Throwable {
		if (index == this.interceptors.length) {
			return invoker.invoke(args);
		}
		return this.interceptors[index].aroundInvoke(context, invoker,
				() -> proceed(index + 1, invoker, args, context));
	}

	/*
	 * Invoke with the observation in scope, so that the method's own observations and log
	 * correlation see it as their parent.
	 */
	private @Nullable Object invokeInScope(MethodInvoker invoker, Object[] args, CallObservation observation,
			@Nullable RequestContext context) throws Throwable {
		try (Observation.Scope scope = observation.openScope()) {
			return invokeIntercepted(invoker, args, context);
		}
	}

	private JsonRpcError errorFor(MethodInvoker invoker, Throwable ex, @Nullable CallObservation observation) {
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
		logFailure(invoker, cause, observation);
		if (this.includeExceptionDetails) {
			Map<String, @Nullable String> data = new LinkedHashMap<>();
			data.put("exception", cause.getClass().getName());
			data.put("message", cause.getMessage());
			return new JsonRpcError(JsonRpcErrorCode.INTERNAL_ERROR.code(), JsonRpcErrorCode.INTERNAL_ERROR.message(),
					data);
		}
		return JsonRpcErrorCode.INTERNAL_ERROR.toError();
	}

	/*
	 * Log with the call's observation in scope, so that log correlation (the MDC's trace
	 * and span ids) names the call's span, on whichever thread the method failed.
	 */
	private static void logFailure(MethodInvoker invoker, Throwable cause, @Nullable CallObservation observation) {
		if (observation == null) {
			logger.warn("JSON-RPC method '{}' failed", invoker.name(), cause);
			return;
		}
		try (Observation.Scope scope = observation.openScope()) {
			logger.warn("JSON-RPC method '{}' failed", invoker.name(), cause);
		}
	}

	/*
	 * A flood of blocking calls past the cap would flood the log: one WARN per 10 seconds
	 * at most, saying how many were left out; the rest at DEBUG.
	 */
	private void warnSaturated(String method) {
		long now = System.nanoTime();
		long last = this.lastSaturationWarning.get();
		if (now - last >= SATURATION_WARNING_INTERVAL && this.lastSaturationWarning.compareAndSet(last, now)) {
			long suppressed = this.suppressedSaturationWarnings.sumThenReset();
			logger.warn("JSON-RPC method '{}' rejected: the blocking executor is saturated ({} more rejections"
					+ " since the last warning)", method, suppressed);
		}
		else {
			this.suppressedSaturationWarnings.increment();
			logger.debug("JSON-RPC method '{}' rejected: the blocking executor is saturated", method);
		}
	}

	private static Throwable unwrap(Throwable ex) {
		Throwable cause = ex;
		while ((cause instanceof CompletionException || cause instanceof ExecutionException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	/*
	 * The outcome of one call, with no object of its own: its response now, a
	 * JsonRpcResponse ({@code null} for a notification that has run), or a
	 * CompletableFuture of it.
	 */
	@SuppressWarnings("unchecked")
	private static @Nullable CompletableFuture<@Nullable JsonRpcResponse> later(@Nullable Object outcome) {
		return (outcome instanceof CompletableFuture<?> future) ? (CompletableFuture<@Nullable JsonRpcResponse>) future
				: null;
	}

	private static @Nullable JsonRpcResponse now(@Nullable Object outcome) {
		return (JsonRpcResponse) outcome;
	}

	/**
	 * A call's observation as the dispatcher sees it: where its error goes, and what puts
	 * it in scope.
	 */
	private abstract static class CallObservation {

		abstract void error(Throwable cause);

		abstract Observation.@Nullable Scope openScope();

	}

	/**
	 * A call observed as an {@link Observation}.
	 */
	private static final class Observed extends CallObservation {

		private final Observation observation;

		Observed(Observation observation) {
			this.observation = observation;
		}

		@Override
		void error(Throwable cause) {
			this.observation.error(cause);
		}

		@Override
		Observation.Scope openScope() {
			return this.observation.openScope();
		}

	}

	/**
	 * A call recorded by a {@link JsonRpcServerCallRecorder}: when it started, its
	 * activity, and the error it failed with. Nothing to put in scope: no handler would
	 * see it.
	 */
	private static final class Recorded extends CallObservation {

		long startTime;

		@Nullable Object active;

		@Nullable Throwable error;

		void start(long startTime, @Nullable Object active) {
			this.startTime = startTime;
			this.active = active;
			this.error = null;
		}

		@Override
		void error(Throwable cause) {
			this.error = cause;
		}

		@Override
		Observation.@Nullable Scope openScope() {
			return null;
		}

	}

}
