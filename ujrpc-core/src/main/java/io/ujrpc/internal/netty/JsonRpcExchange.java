package io.ujrpc.internal.netty;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.ujrpc.context.ExchangeContext;
import io.ujrpc.dispatch.JsonRpcDispatcher;
import io.ujrpc.observation.ServerMetricsListener;
import io.ujrpc.protocol.JsonRpcCodec;
import io.ujrpc.protocol.JsonRpcErrorCode;
import io.ujrpc.protocol.JsonRpcPayload;
import io.ujrpc.protocol.JsonRpcReply;
import io.ujrpc.protocol.JsonRpcResponse;
import io.ujrpc.protocol.Protocol;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge between bytes and the dispatcher, shared by every protocol handler: decodes a
 * payload from a buffer, dispatches it, and encodes the reply into a buffer, reporting
 * payloads in flight and batch sizes to the metrics listener.
 * <p>
 * A result that cannot be serialized answers its call alone with -32603; the buffer of a
 * failed encoding is released, whatever was thrown.
 */
public final class JsonRpcExchange {

	private static final Logger logger = LoggerFactory.getLogger(JsonRpcExchange.class);

	private static final int INITIAL_RESPONSE_CAPACITY = 256;

	private final JsonRpcDispatcher dispatcher;

	private final JsonRpcCodec codec;

	private final ServerMetricsListener listener;

	/**
	 * Create an exchange.
	 * @param dispatcher answers decoded payloads
	 * @param codec reads payloads and writes replies
	 * @param listener hears of payloads in flight and batch sizes
	 */
	public JsonRpcExchange(JsonRpcDispatcher dispatcher, JsonRpcCodec codec, ServerMetricsListener listener) {
		this.dispatcher = dispatcher;
		this.codec = codec;
		this.listener = listener;
	}

	/**
	 * Answer one payload: a single request or a batch.
	 * @param payload the request bytes; read but not released
	 * @param allocator allocates the response buffer
	 * @param protocol the wire protocol the payload came over
	 * @return a future of the encoded reply, owned by the caller, or of {@code null} when
	 * nothing is to be answered (notifications only); already complete when every call
	 * ran synchronously
	 */
	public CompletableFuture<@Nullable ByteBuf> answer(ByteBuf payload, ByteBufAllocator allocator, Protocol protocol) {
		return answer(payload, allocator, ExchangeContext.local(protocol));
	}

	/**
	 * Answer one payload: a single request or a batch.
	 * @param payload the request bytes; read but not released
	 * @param allocator allocates the response buffer
	 * @param exchange where the payload came from
	 * @return a future of the encoded reply, owned by the caller, or of {@code null} when
	 * nothing is to be answered (notifications only); already complete when every call
	 * ran synchronously
	 */
	public CompletableFuture<@Nullable ByteBuf> answer(ByteBuf payload, ByteBufAllocator allocator,
			ExchangeContext exchange) {
		Protocol protocol = exchange.protocol();
		ServerMetricsListener listener = this.listener;
		listener.requestStarted(protocol);
		CompletableFuture<JsonRpcReply> reply;
		try {
			JsonRpcPayload decoded = decode(payload);
			if (decoded.batch()) {
				listener.batchReceived(protocol, decoded.entries().size());
			}
			reply = this.dispatcher.dispatch(decoded, exchange);
		}
		catch (RuntimeException | Error ex) {
			listener.requestFinished(protocol);
			throw ex;
		}
		if (reply.isDone()) {
			listener.requestFinished(protocol);
			return CompletableFuture.completedFuture(encode(reply.join(), allocator));
		}
		return reply.thenApply((done) -> encode(done, allocator))
			.whenComplete((buffer, ex) -> listener.requestFinished(protocol));
	}

	/**
	 * Answer a payload decoded elsewhere (a REST request made into a call), counted as a
	 * payload in flight as any other.
	 * @param payload the payload
	 * @param exchange where the payload came from
	 * @return a future of the reply, not encoded
	 */
	public CompletableFuture<JsonRpcReply> dispatch(JsonRpcPayload payload, ExchangeContext exchange) {
		Protocol protocol = exchange.protocol();
		ServerMetricsListener listener = this.listener;
		listener.requestStarted(protocol);
		CompletableFuture<JsonRpcReply> reply;
		try {
			reply = this.dispatcher.dispatch(payload, exchange);
		}
		catch (RuntimeException | Error ex) {
			listener.requestFinished(protocol);
			throw ex;
		}
		if (reply.isDone()) {
			listener.requestFinished(protocol);
			return reply;
		}
		return reply.whenComplete((done, ex) -> listener.requestFinished(protocol));
	}

	/**
	 * Return the dispatcher that answers payloads.
	 * @return the dispatcher
	 */
	public JsonRpcDispatcher dispatcher() {
		return this.dispatcher;
	}

	/**
	 * Return the codec that reads payloads and writes replies.
	 * @return the codec
	 */
	public JsonRpcCodec codec() {
		return this.codec;
	}

	private JsonRpcPayload decode(ByteBuf payload) {
		if (payload.hasArray()) {
			return this.codec.decode(payload.array(), payload.arrayOffset() + payload.readerIndex(),
					payload.readableBytes());
		}
		return this.codec.decode(new ByteBufInputStream(payload));
	}

	/**
	 * Encode a reply.
	 * @param reply the reply
	 * @param allocator allocates the buffer
	 * @return the buffer, owned by the caller, or {@code null} for
	 * {@link JsonRpcReply#NONE}
	 */
	public @Nullable ByteBuf encode(JsonRpcReply reply, ByteBufAllocator allocator) {
		if (reply instanceof JsonRpcResponse response) {
			return encode(response, allocator);
		}
		if (reply instanceof JsonRpcReply.Batch batch) {
			return encode(batch.responses(), allocator);
		}
		return null;
	}

	private ByteBuf encode(JsonRpcResponse response, ByteBufAllocator allocator) {
		ByteBuf buffer = allocator.buffer(INITIAL_RESPONSE_CAPACITY);
		boolean written = false;
		try {
			this.codec.encode(new ByteBufOutputStream(buffer), response);
			written = true;
			return buffer;
		}
		catch (RuntimeException ex) {
			return encode(unserializable(response, ex), allocator);
		}
		finally {
			if (!written) {
				buffer.release();
			}
		}
	}

	private ByteBuf encode(List<JsonRpcResponse> responses, ByteBufAllocator allocator) {
		return encode(responses, allocator, true);
	}

	private ByteBuf encode(List<JsonRpcResponse> responses, ByteBufAllocator allocator, boolean retry) {
		ByteBuf buffer = allocator.buffer(INITIAL_RESPONSE_CAPACITY * responses.size());
		boolean written = false;
		try {
			this.codec.encode(new ByteBufOutputStream(buffer), responses);
			written = true;
			return buffer;
		}
		catch (RuntimeException ex) {
			if (!retry) {
				throw ex;
			}
			// Some result cannot be serialized: answer that call alone with an error.
			return encode(checked(responses), allocator, false);
		}
		finally {
			if (!written) {
				buffer.release();
			}
		}
	}

	private List<JsonRpcResponse> checked(List<JsonRpcResponse> responses) {
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
		return checked;
	}

	private static JsonRpcResponse unserializable(JsonRpcResponse response, RuntimeException ex) {
		logger.warn("JSON-RPC response for id {} cannot be serialized", response.id(), ex);
		return JsonRpcResponse.failure(response.id(), JsonRpcErrorCode.INTERNAL_ERROR.toError());
	}

}
