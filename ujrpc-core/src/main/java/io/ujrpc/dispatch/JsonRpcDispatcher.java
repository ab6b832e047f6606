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
import io.ujrpc.protocol.InvalidRequest;
import io.ujrpc.protocol.JsonRpcCodec;
import io.ujrpc.protocol.JsonRpcEntry;
import io.ujrpc.protocol.JsonRpcError;
import io.ujrpc.protocol.JsonRpcErrorCode;
import io.ujrpc.protocol.JsonRpcException;
import io.ujrpc.protocol.JsonRpcPayload;
import io.ujrpc.protocol.JsonRpcRequest;
import io.ujrpc.protocol.JsonRpcResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a JSON-RPC payload into its response: decode, find each method, bind, invoke
 * where the method wants to run, encode. Shared by every transport.
 * <p>
 * Methods that run on the I/O thread and return a plain value complete before
 * {@link #dispatch} returns, so the common case costs no thread hop and no callback.
 */
public final class JsonRpcDispatcher {

	private static final Logger logger = LoggerFactory.getLogger(JsonRpcDispatcher.class);

	private static final int INITIAL_RESPONSE_CAPACITY = 256;

	private final MethodRegistry registry;

	private final JsonRpcCodec codec;

	private final Executor blockingExecutor;

	private final boolean includeExceptionDetails;

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
		this.registry = registry;
		this.codec = codec;
		this.blockingExecutor = blockingExecutor;
		this.includeExceptionDetails = includeExceptionDetails;
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
		JsonRpcPayload decoded = decode(payload);
		List<JsonRpcEntry> entries = decoded.entries();
		if (!decoded.batch()) {
			Object outcome = call(entries.get(0));
			if (outcome instanceof CompletableFuture<?> future) {
				return future.thenApply((response) -> encode((JsonRpcResponse) response, allocator));
			}
			return CompletableFuture.completedFuture(encode((JsonRpcResponse) outcome, allocator));
		}
		int size = entries.size();
		Object[] outcomes = new Object[size];
		List<CompletableFuture<?>> pending = null;
		for (int i = 0; i < size; i++) {
			Object outcome = call(entries.get(i));
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
	 * Run one entry.
	 * @return a {@link JsonRpcResponse}, {@code null} for a finished notification, or a
	 * {@link CompletableFuture} of either
	 */
	private Object call(JsonRpcEntry entry) {
		if (entry instanceof InvalidRequest invalid) {
			return JsonRpcResponse.failure(invalid.id(), invalid.error());
		}
		JsonRpcRequest request = (JsonRpcRequest) entry;
		MethodInvoker invoker = this.registry.find(request.method());
		if (invoker == null) {
			return respond(request, JsonRpcResponse.failure(request.id(), JsonRpcErrorCode.METHOD_NOT_FOUND.toError()));
		}
		Object[] args;
		try {
			args = invoker.bind(request.params());
		}
		catch (InvalidParamsException ex) {
			return respond(request,
					JsonRpcResponse.failure(request.id(), JsonRpcErrorCode.INVALID_PARAMS.toError(ex.getMessage())));
		}
		if (invoker.executionMode() == ExecutionMode.IO_THREAD) {
			return invoke(request, invoker, args);
		}
		CompletableFuture<Object> future = new CompletableFuture<>();
		try {
			this.blockingExecutor.execute(() -> {
				try {
					Object outcome = invoke(request, invoker, args);
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
					future.complete(respond(request,
							JsonRpcResponse.failure(request.id(), JsonRpcErrorCode.INTERNAL_ERROR.toError())));
					throw ex;
				}
			});
		}
		catch (RejectedExecutionException ex) {
			logger.warn("JSON-RPC method '{}' rejected: the blocking executor is saturated", invoker.name());
			return respond(request, JsonRpcResponse.failure(request.id(), JsonRpcErrorCode.SERVER_BUSY.toError()));
		}
		return future;
	}

	private Object invoke(JsonRpcRequest request, MethodInvoker invoker, Object[] args) {
		Object value;
		try {
			value = invoker.invoke(args);
		}
		catch (Throwable ex) {
			return respond(request, JsonRpcResponse.failure(request.id(), errorFor(invoker, ex)));
		}
		if (!invoker.isAsync()) {
			return respond(request, JsonRpcResponse.success(request.id(), value));
		}
		if (value == null) {
			return respond(request, JsonRpcResponse.failure(request.id(),
					errorFor(invoker, new IllegalStateException("returned a null CompletionStage"))));
		}
		CompletableFuture<Object> future = new CompletableFuture<>();
		((CompletionStage<?>) value).whenComplete((result, ex) -> future
			.complete(respond(request, (ex != null) ? JsonRpcResponse.failure(request.id(), errorFor(invoker, ex))
					: JsonRpcResponse.success(request.id(), result))));
		return future;
	}

	private static JsonRpcResponse respond(JsonRpcRequest request, JsonRpcResponse response) {
		return request.isNotification() ? null : response;
	}

	private JsonRpcError errorFor(MethodInvoker invoker, Throwable ex) {
		Throwable cause = unwrap(ex);
		if (cause instanceof JsonRpcException rpcException) {
			return rpcException.toError();
		}
		if (cause instanceof InvalidParamsException invalidParams) {
			return JsonRpcErrorCode.INVALID_PARAMS.toError(invalidParams.getMessage());
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
