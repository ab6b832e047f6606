package io.ujrpc.internal.netty;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.concurrent.FastThreadLocal;
import io.ujrpc.context.ExchangeAuthenticator;
import io.ujrpc.context.ExchangeContext;
import io.ujrpc.dispatch.JsonRpcDispatcher;
import io.ujrpc.observation.ServerMetricsListener;
import io.ujrpc.protocol.Encoding;
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

	/** The largest direct payload decoded from a copy in {@link #SCRATCH}. */
	private static final int SCRATCH_LIMIT = 16 * 1024;

	/** Each thread's array for small direct payloads, grown as needed up to the limit. */
	private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {

		@Override
		protected byte[] initialValue() {
			return new byte[1024];
		}

	};

	private final JsonRpcDispatcher dispatcher;

	private final JsonRpcCodec codec;

	private final ServerMetricsListener listener;

	private final @Nullable ExchangeAuthenticator authenticator;

	/**
	 * Create an exchange.
	 * @param dispatcher answers decoded payloads
	 * @param codec reads payloads and writes replies
	 * @param listener hears of payloads in flight and batch sizes
	 */
	public JsonRpcExchange(JsonRpcDispatcher dispatcher, JsonRpcCodec codec, ServerMetricsListener listener) {
		this(dispatcher, codec, listener, null);
	}

	/**
	 * Create an exchange whose callers are authenticated.
	 * @param dispatcher answers decoded payloads
	 * @param codec reads payloads and writes replies
	 * @param listener hears of payloads in flight and batch sizes
	 * @param authenticator authenticates each exchange's caller, or {@code null} for none
	 */
	public JsonRpcExchange(JsonRpcDispatcher dispatcher, JsonRpcCodec codec, ServerMetricsListener listener,
			@Nullable ExchangeAuthenticator authenticator) {
		this.dispatcher = dispatcher;
		this.codec = codec;
		this.listener = listener;
		this.authenticator = authenticator;
	}

	/**
	 * Return what authenticates the callers of exchanges, for the protocol handlers.
	 * @return the authenticator, or {@code null} when callers are not authenticated
	 */
	public @Nullable ExchangeAuthenticator authenticator() {
		return this.authenticator;
	}

	/**
	 * Answer one payload that did not come over a socket: a single request or a batch.
	 * @param payload the request bytes; read but not released
	 * @param allocator allocates the response buffer
	 * @param protocol the protocol to report
	 * @return a future of the encoded reply, owned by the caller, or of {@code null} when
	 * nothing is to be answered (notifications only); already complete when every call
	 * ran synchronously
	 */
	public CompletableFuture<@Nullable ByteBuf> answer(ByteBuf payload, ByteBufAllocator allocator, Protocol protocol) {
		return answer(payload, allocator, ExchangeContext.local(protocol), Encoding.JSON, Encoding.JSON);
	}

	/**
	 * Answer one JSON payload: a single request or a batch.
	 * @param payload the request bytes; read but not released
	 * @param allocator allocates the response buffer
	 * @param exchange where the payload came from
	 * @return a future of the encoded reply, owned by the caller, or of {@code null} when
	 * nothing is to be answered (notifications only); already complete when every call
	 * ran synchronously
	 */
	public CompletableFuture<@Nullable ByteBuf> answer(ByteBuf payload, ByteBufAllocator allocator,
			ExchangeContext exchange) {
		return answer(payload, allocator, exchange, Encoding.JSON, Encoding.JSON);
	}

	/**
	 * Answer one payload in a given encoding: a single request or a batch.
	 * @param payload the request bytes; read but not released
	 * @param allocator allocates the response buffer
	 * @param exchange where the payload came from
	 * @param requestEncoding the payload's encoding
	 * @param replyEncoding the encoding to answer in
	 * @return a future of the encoded reply, owned by the caller, or of {@code null} when
	 * nothing is to be answered (notifications only); already complete when every call
	 * ran synchronously
	 */
	public CompletableFuture<@Nullable ByteBuf> answer(ByteBuf payload, ByteBufAllocator allocator,
			ExchangeContext exchange, Encoding requestEncoding, Encoding replyEncoding) {
		return answer(payload, allocator, exchange, requestEncoding, replyEncoding, 0);
	}

	/**
	 * Answer one payload in a given encoding, with room left in front of the encoded
	 * reply, so that a protocol writes its framing there rather than in a buffer of its
	 * own: a single request or a batch.
	 * @param payload the request bytes; read but not released
	 * @param allocator allocates the response buffer
	 * @param exchange where the payload came from
	 * @param requestEncoding the payload's encoding
	 * @param replyEncoding the encoding to answer in
	 * @param headroom the bytes of the buffer left before its reader index
	 * @return a future of the encoded reply, owned by the caller, or of {@code null} when
	 * nothing is to be answered (notifications only); already complete when every call
	 * ran synchronously
	 */
	public CompletableFuture<@Nullable ByteBuf> answer(ByteBuf payload, ByteBufAllocator allocator,
			ExchangeContext exchange, Encoding requestEncoding, Encoding replyEncoding, int headroom) {
		Protocol protocol = exchange.protocol();
		CompletableFuture<JsonRpcReply> reply = started(payload, requestEncoding, exchange);
		if (reply.isDone()) {
			this.listener.requestFinished(protocol);
			return CompletableFuture.completedFuture(encode(reply.join(), allocator, replyEncoding, headroom));
		}
		return reply.thenApply((done) -> encode(done, allocator, replyEncoding, headroom))
			.whenComplete((buffer, ex) -> this.listener.requestFinished(protocol));
	}

	/**
	 * Answer one payload as
	 * {@link #answer(ByteBuf, ByteBufAllocator, ExchangeContext, Encoding, Encoding)}
	 * does, also telling the error code of a reply that is a single error, so that HTTP
	 * can answer {@code -32001} with 401 and {@code -32003} with 403.
	 * @param payload the request bytes; read but not released
	 * @param allocator allocates the response buffer
	 * @param exchange where the payload came from
	 * @param requestEncoding the payload's encoding
	 * @param replyEncoding the encoding to answer in
	 * @return a future of the answer, whose body is owned by the caller
	 */
	public CompletableFuture<Answer> answerWithErrorCode(ByteBuf payload, ByteBufAllocator allocator,
			ExchangeContext exchange, Encoding requestEncoding, Encoding replyEncoding) {
		Protocol protocol = exchange.protocol();
		return started(payload, requestEncoding, exchange).thenApply((done) -> {
			int code = (done instanceof JsonRpcResponse response && response.isError()) ? response.error().code() : 0;
			return new Answer(encode(done, allocator, replyEncoding), code);
		}).whenComplete((answer, ex) -> this.listener.requestFinished(protocol));
	}

	/*
	 * Decode and dispatch a payload, counted as in flight from here: the caller reports
	 * it finished once the reply is encoded; a throw here reports it finished at once.
	 */
	private CompletableFuture<JsonRpcReply> started(ByteBuf payload, Encoding encoding, ExchangeContext exchange) {
		Protocol protocol = exchange.protocol();
		this.listener.requestStarted(protocol);
		try {
			return this.dispatcher.dispatch(decode(payload, encoding, protocol), exchange);
		}
		catch (RuntimeException | Error ex) {
			this.listener.requestFinished(protocol);
			throw ex;
		}
	}

	/**
	 * An encoded reply and, for a reply that is a single error, its code.
	 *
	 * @param body the encoded reply, owned by the receiver, or {@code null} for none
	 * @param errorCode the code of a single error response, 0 otherwise
	 */
	public record Answer(@Nullable ByteBuf body, int errorCode) {
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

	private JsonRpcPayload decode(ByteBuf payload, Encoding encoding, Protocol protocol) {
		JsonRpcPayload decoded = (encoding == Encoding.JSON) ? decode(payload) : decode(payload, encoding);
		if (decoded.batch()) {
			this.listener.batchReceived(protocol, decoded.entries().size());
		}
		return decoded;
	}

	private JsonRpcPayload decode(ByteBuf payload, Encoding encoding) {
		if (payload.hasArray()) {
			return this.codec.decode(encoding, payload.array(), payload.arrayOffset() + payload.readerIndex(),
					payload.readableBytes());
		}
		if (payload.nioBufferCount() < 0) {
			byte[] bytes = ByteBufUtil.getBytes(payload);
			return this.codec.decode(encoding, bytes, 0, bytes.length);
		}
		// Read from the buffers the body arrived in: no copy of it.
		return this.codec.decode(encoding, payload.nioBuffers());
	}

	private JsonRpcPayload decode(ByteBuf payload) {
		if (payload.hasArray()) {
			return this.codec.decode(payload.array(), payload.arrayOffset() + payload.readerIndex(),
					payload.readableBytes());
		}
		int length = payload.readableBytes();
		if (length <= SCRATCH_LIMIT) {
			// A small direct payload is copied into the thread's scratch array: cheaper
			// than
			// a stream and its reader per payload. Decoding has finished with the array
			// before it returns, so the next payload on this thread can reuse it.
			byte[] scratch = SCRATCH.get();
			if (scratch.length < length) {
				scratch = new byte[Math.min(SCRATCH_LIMIT, Math.max(length, scratch.length * 2))];
				SCRATCH.set(scratch);
			}
			payload.getBytes(payload.readerIndex(), scratch, 0, length);
			return this.codec.decode(scratch, 0, length);
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
		return encode(reply, allocator, Encoding.JSON);
	}

	/**
	 * Encode a reply in a given encoding.
	 * @param reply the reply
	 * @param allocator allocates the buffer
	 * @param encoding the encoding
	 * @return the buffer, owned by the caller, or {@code null} for
	 * {@link JsonRpcReply#NONE}
	 */
	public @Nullable ByteBuf encode(JsonRpcReply reply, ByteBufAllocator allocator, Encoding encoding) {
		return encode(reply, allocator, encoding, 0);
	}

	private @Nullable ByteBuf encode(JsonRpcReply reply, ByteBufAllocator allocator, Encoding encoding, int headroom) {
		if (reply instanceof JsonRpcResponse response) {
			return encode(withoutStream(response), allocator, encoding, headroom);
		}
		if (reply instanceof JsonRpcReply.Batch batch) {
			List<JsonRpcResponse> responses = batch.responses();
			for (JsonRpcResponse response : responses) {
				if (response.result() instanceof InputStream) {
					responses = responses.stream().map(JsonRpcExchange::withoutStream).toList();
					break;
				}
			}
			return encode(responses, allocator, encoding, headroom, true);
		}
		return null;
	}

	private static ByteBuf buffer(ByteBufAllocator allocator, int capacity, int headroom) {
		ByteBuf buffer = allocator.buffer(headroom + capacity);
		return (headroom > 0) ? buffer.writerIndex(headroom).readerIndex(headroom) : buffer;
	}

	/*
	 * An InputStream result is streamed only by the method's REST route (as an
	 * application/octet-stream body): over JSON-RPC it is closed and answered with an
	 * internal error that says so.
	 */
	private static JsonRpcResponse withoutStream(JsonRpcResponse response) {
		if (!(response.result() instanceof InputStream stream)) {
			return response;
		}
		try {
			stream.close();
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Closing a stream result failed", ex);
		}
		return JsonRpcResponse.failure(response.id(), JsonRpcErrorCode.INTERNAL_ERROR.toError(STREAM_RESULT));
	}

	private ByteBuf encode(JsonRpcResponse response, ByteBufAllocator allocator, Encoding encoding, int headroom) {
		int size = (encoding != Encoding.JSON) ? this.codec.encodedSize(encoding, response) : -1;
		if (size >= 0) {
			// Written once into a buffer of its size: no growing, no copy of the result.
			ByteBuf buffer = buffer(allocator, size, headroom);
			try {
				this.codec.encode(encoding, buffer.nioBuffer(buffer.writerIndex(), size), response);
				return buffer.writerIndex(buffer.writerIndex() + size);
			}
			catch (RuntimeException | Error ex) {
				buffer.release();
				throw ex;
			}
		}
		ByteBuf buffer = buffer(allocator, INITIAL_RESPONSE_CAPACITY, headroom);
		boolean written = false;
		try {
			if (encoding == Encoding.JSON) {
				this.codec.encode(new ByteBufOutputStream(buffer), response);
			}
			else {
				this.codec.encode(encoding, new ByteBufOutputStream(buffer), response);
			}
			written = true;
			return buffer;
		}
		catch (RuntimeException ex) {
			return encode(unserializable(response, ex), allocator, encoding, headroom);
		}
		finally {
			if (!written) {
				buffer.release();
			}
		}
	}

	private ByteBuf encode(List<JsonRpcResponse> responses, ByteBufAllocator allocator, Encoding encoding, int headroom,
			boolean retry) {
		ByteBuf buffer = buffer(allocator, INITIAL_RESPONSE_CAPACITY * responses.size(), headroom);
		boolean written = false;
		try {
			if (encoding == Encoding.JSON) {
				this.codec.encode(new ByteBufOutputStream(buffer), responses);
			}
			else {
				this.codec.encode(encoding, new ByteBufOutputStream(buffer), responses);
			}
			written = true;
			return buffer;
		}
		catch (RuntimeException ex) {
			if (!retry) {
				throw ex;
			}
			// Some result cannot be serialized: answer that call alone with an error.
			return encode(checked(responses, encoding), allocator, encoding, headroom, false);
		}
		finally {
			if (!written) {
				buffer.release();
			}
		}
	}

	private List<JsonRpcResponse> checked(List<JsonRpcResponse> responses, Encoding encoding) {
		List<JsonRpcResponse> checked = new ArrayList<>(responses.size());
		for (JsonRpcResponse response : responses) {
			try {
				this.codec.checkWritable(encoding, response.isError() ? response.error() : response.result());
				checked.add(response);
			}
			catch (RuntimeException ex) {
				checked.add(unserializable(response, ex));
			}
		}
		return checked;
	}

	static final String STREAM_RESULT = "the method returns a stream, which only its REST route sends "
			+ "(as application/octet-stream)";

	private static JsonRpcResponse unserializable(JsonRpcResponse response, RuntimeException ex) {
		logger.warn("JSON-RPC response for id {} cannot be serialized", response.id(), ex);
		return JsonRpcResponse.failure(response.id(), JsonRpcErrorCode.INTERNAL_ERROR.toError());
	}

}
