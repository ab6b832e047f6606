package io.ujrpc.server.tcp;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;
import io.ujrpc.context.ExchangeAuthenticator;
import io.ujrpc.context.ExchangeContext;
import io.ujrpc.context.RequestHeaders;
import io.ujrpc.internal.netty.ExchangeAuthentication;
import io.ujrpc.internal.netty.ExchangeContexts;
import io.ujrpc.internal.netty.JsonRpcExchange;
import io.ujrpc.internal.netty.LingeringClose;
import io.ujrpc.internal.netty.OrderedConnectionHandler;
import io.ujrpc.protocol.JsonRpcError;
import io.ujrpc.protocol.JsonRpcErrorCode;
import io.ujrpc.protocol.JsonRpcResponse;
import io.ujrpc.protocol.Protocol;
import io.ujrpc.server.config.TcpSettings;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the JSON values framed by {@link JsonValueDecoder} on one raw TCP connection:
 * each response is one JSON value followed by a newline, in request order, flushed once
 * per read batch; notifications get none. A {@link JsonFramingError} is answered after
 * the responses still pending, and the connection then closed.
 * <p>
 * Last in the TCP pipeline, after the {@link JsonValueDecoder}.
 */
final class JsonRpcTcpHandler extends OrderedConnectionHandler<Boolean> {

	private static final Logger logger = LoggerFactory.getLogger(JsonRpcTcpHandler.class);

	private final TcpSettings settings;

	private final JsonRpcExchange exchange;

	/** Where this connection's values come from; made with the first value. */
	private @Nullable ExchangeContext context;

	/** The caller is being authenticated off the I/O thread: values wait meanwhile. */
	private boolean authenticating;

	/** A response that closes the connection is queued: later requests are dropped. */
	private boolean closing;

	/**
	 * Create a handler for one connection.
	 * @param settings the listener's limits
	 * @param exchange answers JSON-RPC payloads
	 */
	JsonRpcTcpHandler(TcpSettings settings, JsonRpcExchange exchange) {
		super(settings.maxPipelinedRequests(), logger);
		this.settings = settings;
		this.exchange = exchange;
	}

	@Override
	protected void read(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof ByteBuf value) {
			if (!this.closing && this.context == null && !authenticate(ctx)) {
				// Authenticated off the I/O thread: read again once that is done.
				readLater(value);
				return;
			}
			try {
				ExchangeContext context = this.context;
				if (this.closing || context == null) {
					// Refused: the answer that says so is queued.
					return;
				}
				if (this.budget != null && this.budget.isExhausted()) {
					// New work while the server holds too much: refused, not read.
					this.queue.add(CompletableFuture.completedFuture(encode(JsonRpcErrorCode.SERVER_BUSY.toError())),
							Boolean.FALSE);
					return;
				}
				this.queue.add(this.exchange.answer(value, ctx.alloc(), context), Boolean.FALSE);
			}
			finally {
				value.release();
			}
		}
		else if (msg instanceof JsonFramingError framingError) {
			if (!this.closing) {
				this.closing = true;
				this.queue.stopReading();
				this.queue.add(CompletableFuture.completedFuture(encode(framingError.error())), Boolean.TRUE);
			}
		}
		else {
			ReferenceCountUtil.release(msg);
		}
	}

	@Override
	protected void writeResponse(CompletableFuture<?> result, Boolean closeAfter, boolean last) {
		ByteBuf body;
		try {
			body = (ByteBuf) result.join();
		}
		catch (RuntimeException ex) {
			logger.warn("Request on {} failed", this.ctx.channel(), ex);
			body = encode(JsonRpcErrorCode.INTERNAL_ERROR.toError());
		}
		boolean close = closeAfter || (this.draining && last);
		if (body == null) {
			// Only notifications: nothing to say.
			if (close) {
				this.ctx.write(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
			}
			return;
		}
		body.writeByte('\n');
		if (closeAfter) {
			// The rest of a refused value may still be arriving: read and dropped, so
			// that the client reads the error rather than a reset.
			this.ctx.write(body).addListener(LingeringClose.AFTER_WRITE);
		}
		else if (close) {
			this.ctx.write(body).addListener(ChannelFutureListener.CLOSE);
		}
		else {
			this.ctx.write(body, this.ctx.voidPromise());
		}
	}

	private ByteBuf encode(JsonRpcError error) {
		return this.exchange.encode(JsonRpcResponse.failure(null, error), this.ctx.alloc());
	}

	@Override
	protected boolean isHeld() {
		return this.authenticating;
	}

	/*
	 * Make the connection's context with its first value, its caller authenticated (by
	 * the client certificate of mutual TLS, say); a refused caller is answered -32001 and
	 * the connection closed. Returns false while a blocking authenticator runs: the
	 * context is set (or the refusal queued) when it is done, and the values that came
	 * meanwhile are read then.
	 */
	private boolean authenticate(ChannelHandlerContext ctx) {
		// After the TLS handshake: the first value cannot arrive before it.
		ExchangeContext context = ExchangeContexts.of(ctx.channel(), Protocol.TCP, RequestHeaders.EMPTY);
		ExchangeAuthenticator authenticator = this.exchange.authenticator();
		if (authenticator == null) {
			this.context = context;
			return true;
		}
		CompletableFuture<ExchangeContext> authenticated = ExchangeAuthentication.authenticate(authenticator, context,
				this.exchange.dispatcher().blockingExecutor(), ctx.executor());
		if (authenticated.isDone()) {
			authenticated(authenticated, ctx);
			return true;
		}
		this.authenticating = true;
		authenticated.whenComplete((done, ex) -> {
			this.authenticating = false;
			authenticated(authenticated, ctx);
			resume();
		});
		return false;
	}

	private void authenticated(CompletableFuture<ExchangeContext> authenticated, ChannelHandlerContext ctx) {
		try {
			this.context = authenticated.join();
			return;
		}
		catch (CompletionException ex) {
			JsonRpcErrorCode code = ExchangeAuthentication.failure(ex, ctx.channel()).code();
			this.closing = true;
			this.queue.stopReading();
			this.queue.add(CompletableFuture.completedFuture(encode(code.toError())), Boolean.TRUE);
		}
	}

}
