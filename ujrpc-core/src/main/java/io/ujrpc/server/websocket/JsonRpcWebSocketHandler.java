package io.ujrpc.server.websocket;

import java.util.concurrent.CompletableFuture;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.ReferenceCountUtil;
import io.ujrpc.context.ExchangeContext;
import io.ujrpc.internal.netty.JsonRpcExchange;
import io.ujrpc.internal.netty.LingeringClose;
import io.ujrpc.internal.netty.OrderedConnectionHandler;
import io.ujrpc.internal.netty.RequestDeadlines;
import io.ujrpc.protocol.Encoding;
import io.ujrpc.protocol.JsonRpcErrorCode;
import io.ujrpc.protocol.JsonRpcResponse;
import io.ujrpc.server.config.WebSocketSettings;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the JSON-RPC messages of one WebSocket connection: each text message holds one
 * request or batch, and each response goes back as one text message, in request order,
 * flushed once per read batch; notifications get none. Binary messages close the
 * connection with status 1003, messages over the limit with 1009. Ping, pong and the
 * close handshake are handled before this handler by Netty's
 * {@code WebSocketServerProtocolHandler}.
 * <p>
 * Last in the pipeline, in the place of the HTTP handler, after the frame aggregator.
 */
final class JsonRpcWebSocketHandler extends OrderedConnectionHandler<Void> {

	private static final Logger logger = LoggerFactory.getLogger(JsonRpcWebSocketHandler.class);

	private final WebSocketSettings settings;

	private final JsonRpcExchange exchange;

	/** Where this connection's messages come from: the handshake's headers. */
	private final ExchangeContext context;

	/** The encoding of binary frames, chosen by subprotocol, or {@code null} for none. */
	private final @Nullable Encoding binary;

	/** A close frame is queued: later requests are dropped. */
	private boolean closing;

	/**
	 * Create a handler for one connection.
	 * @param settings the WebSocket settings
	 * @param exchange answers JSON-RPC payloads
	 * @param context where the connection's messages come from
	 */
	JsonRpcWebSocketHandler(WebSocketSettings settings, JsonRpcExchange exchange, ExchangeContext context) {
		this(settings, exchange, context, null);
	}

	/**
	 * Create a handler for one connection whose binary frames are in an encoding.
	 * @param settings the WebSocket settings
	 * @param exchange answers JSON-RPC payloads
	 * @param context where the connection's messages come from
	 * @param binary the encoding of binary frames (from the subprotocol), or {@code null}
	 * when binary frames are refused
	 */
	JsonRpcWebSocketHandler(WebSocketSettings settings, JsonRpcExchange exchange, ExchangeContext context,
			@Nullable Encoding binary) {
		super(settings.maxPipelinedRequests(), logger);
		this.settings = settings;
		this.exchange = exchange;
		this.context = context;
		this.binary = binary;
	}

	@Override
	protected void read(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof TextWebSocketFrame frame) {
			try {
				if (this.closing) {
					return;
				}
				if (this.budget != null && this.budget.isExhausted()) {
					// New work while the server holds too much: refused, not read.
					this.queue.add(CompletableFuture.completedFuture(serverBusy()), null);
					return;
				}
				this.queue.add(this.exchange.answer(frame.content(), ctx.alloc(), this.context), null);
			}
			finally {
				frame.release();
			}
		}
		else if (msg == WebSocketMessageAggregator.SERVER_BUSY) {
			if (!this.closing) {
				this.queue.add(CompletableFuture.completedFuture(serverBusy()), null);
			}
		}
		else if (msg instanceof BinaryWebSocketFrame frame && this.binary != null) {
			try {
				if (this.closing) {
					return;
				}
				Encoding encoding = this.binary;
				if (this.budget != null && this.budget.isExhausted()) {
					// New work while the server holds too much: refused, not read.
					this.queue.add(CompletableFuture.completedFuture(new BinaryWebSocketFrame(
							this.exchange.encode(JsonRpcResponse.failure(null, JsonRpcErrorCode.SERVER_BUSY.toError()),
									ctx.alloc(), encoding))),
							null);
					return;
				}
				this.queue.add(this.exchange.answer(frame.content(), ctx.alloc(), this.context, encoding, encoding)
					.thenApply((reply) -> (reply != null) ? new BinaryWebSocketFrame(reply) : null), null);
			}
			finally {
				frame.release();
			}
		}
		else if (msg instanceof BinaryWebSocketFrame frame) {
			frame.release();
			closeInOrder(WebSocketCloseStatus.INVALID_MESSAGE_TYPE,
					"JSON-RPC messages are text frames (binary ones need subprotocol jsonrpc-cbor or jsonrpc-msgpack)");
		}
		else {
			ReferenceCountUtil.release(msg);
		}
	}

	private ByteBuf serverBusy() {
		return this.exchange.encode(JsonRpcResponse.failure(null, JsonRpcErrorCode.SERVER_BUSY.toError()),
				this.ctx.alloc());
	}

	private void closeInOrder(WebSocketCloseStatus status, String reason) {
		if (!this.closing) {
			this.closing = true;
			this.queue.stopReading();
			this.queue.add(CompletableFuture.completedFuture(new CloseWebSocketFrame(status, reason)), null);
		}
	}

	@Override
	protected void writeResponse(CompletableFuture<?> result, Void context, boolean last) {
		Object value;
		try {
			value = result.join();
		}
		catch (RuntimeException ex) {
			logger.warn("Request on {} failed", this.ctx.channel(), ex);
			value = new CloseWebSocketFrame(WebSocketCloseStatus.INTERNAL_SERVER_ERROR, "Internal server error");
		}
		if (value instanceof CloseWebSocketFrame close) {
			this.ctx.write(close).addListener(ChannelFutureListener.CLOSE);
			return;
		}
		if (value instanceof BinaryWebSocketFrame frame) {
			this.ctx.write(frame, this.ctx.voidPromise());
		}
		else if (value != null) {
			this.ctx.write(new TextWebSocketFrame((ByteBuf) value), this.ctx.voidPromise());
		}
		if (this.draining && last) {
			this.ctx.write(new CloseWebSocketFrame(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE, "Server shutting down"))
				.addListener(ChannelFutureListener.CLOSE);
		}
	}

	private void closeNow(WebSocketCloseStatus status, String reason) {
		this.closing = true;
		this.queue.stopReading();
		// The rest of a message over the limit may still be arriving: read and dropped,
		// so that the client reads the close frame rather than a reset.
		this.ctx.writeAndFlush(new CloseWebSocketFrame(status, reason))
			.addListener((status == WebSocketCloseStatus.MESSAGE_TOO_BIG) ? LingeringClose.AFTER_WRITE
					: ChannelFutureListener.CLOSE);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		if (cause instanceof TooLongFrameException && ctx.channel().isActive()) {
			// A fragmented message grew over the limit, and the aggregator dropped it at
			// once (a single frame over it is refused, with the same status, by the
			// frame decoder).
			if (!this.closing) {
				closeNow(WebSocketCloseStatus.MESSAGE_TOO_BIG,
						"Message is over the limit of " + this.settings.maxFrameSize() + " bytes");
			}
			return;
		}
		super.exceptionCaught(ctx, cause);
	}

	@Override
	protected void requestTimedOut(RequestDeadlines.RequestTimeoutEvent event) {
		if (!this.closing) {
			closeNow(WebSocketCloseStatus.POLICY_VIOLATION, "Message not received in time");
		}
	}

	@Override
	protected void closeIdle(String reason) {
		if (!this.closing) {
			closeNow(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE, reason);
		}
	}

}
