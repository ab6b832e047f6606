package io.ujrpc.server.http;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.ujrpc.context.ExchangeContext;
import io.ujrpc.internal.netty.ExchangeContexts;
import io.ujrpc.internal.netty.JsonRpcExchange;
import io.ujrpc.internal.netty.LingeringClose;
import io.ujrpc.internal.netty.OrderedConnectionHandler;
import io.ujrpc.internal.netty.RequestDeadlines;
import io.ujrpc.protocol.Encoding;
import io.ujrpc.protocol.Protocol;
import io.ujrpc.server.config.HttpSettings;
import io.ujrpc.server.route.HttpRoute;
import io.ujrpc.server.route.HttpRouteResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the HTTP requests of one connection: JSON-RPC on its path, routes beside it,
 * and an HTTP status for anything else.
 * <p>
 * Responses leave in request order however their calls complete, flushed once per read
 * batch, through an {@link OrderedResponseQueue}.
 * <p>
 * Last in the HTTP pipeline, after the {@link HttpRequestAggregator} (and the WebSocket
 * upgrade handlers, which replace it after a handshake); writes JSON-RPC answers past the
 * response encoder, everything else through it.
 */
final class JsonRpcHttpHandler extends OrderedConnectionHandler<JsonRpcHttpHandler.Pending> {

	private static final Logger logger = LoggerFactory.getLogger(JsonRpcHttpHandler.class);

	private static final AsciiString SERVER = AsciiString.cached("ujrpc");

	/**
	 * Bodies up to this size are copied behind the head, so that one buffer is written.
	 */
	private static final int INLINE_BODY_LIMIT = 4096;

	private final HttpSettings settings;

	private final JsonRpcExchange exchange;

	private final HttpRoutes routes;

	/** Asked about every request when CORS is on, before routing and authentication. */
	private final @Nullable CorsPolicy cors;

	/** The REST routes, or {@code null} when the REST mapping is off. */
	private final @Nullable RestExchange rest;

	/**
	 * Where encoded JSON-RPC responses are written from, so that they skip the encoder.
	 */
	private ChannelHandlerContext encoded;

	/** A response that closes the connection is queued: later requests are dropped. */
	private boolean closing;

	/** Whether the connection is TLS, for routes that build absolute links. */
	private boolean secure;

	/**
	 * Create a handler for one connection.
	 * @param settings the listener's limits and paths
	 * @param exchange answers JSON-RPC payloads
	 * @param routes the other paths served
	 */
	JsonRpcHttpHandler(HttpSettings settings, JsonRpcExchange exchange, HttpRoutes routes) {
		this(settings, exchange, routes, null, null);
	}

	/**
	 * Create a handler for one connection.
	 * @param settings the listener's limits and paths
	 * @param exchange answers JSON-RPC payloads
	 * @param routes the other paths served
	 * @param cors the listener's CORS policy, or {@code null} for none
	 * @param rest the REST routes, or {@code null} for none
	 */
	JsonRpcHttpHandler(HttpSettings settings, JsonRpcExchange exchange, HttpRoutes routes, @Nullable CorsPolicy cors,
			@Nullable RestExchange rest) {
		super(settings.maxPipelinedRequests(), logger);
		this.settings = settings;
		this.exchange = exchange;
		this.routes = routes;
		this.cors = cors;
		this.rest = rest;
	}

	/**
	 * Hold reading off while a streamed request body waits for its method, or let it
	 * resume; on the event loop.
	 * @param suspend whether to hold reading
	 */
	void suspendReading(boolean suspend) {
		if (this.queue != null) {
			this.queue.suspend(suspend);
		}
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		super.handlerAdded(ctx);
		ChannelHandlerContext encoder = ctx.pipeline().context(HttpServerInitializer.ENCODER);
		this.encoded = (encoder != null) ? encoder : ctx;
		this.secure = ctx.pipeline().get(SslHandler.class) != null;
	}

	@Override
	protected void read(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof FullHttpRequest request) {
			try {
				if (!this.closing) {
					handle(request);
				}
			}
			finally {
				request.release();
			}
		}
		else if (msg instanceof StreamedRequest streamed) {
			if (this.closing) {
				streamed.body().close();
			}
			else {
				rest(streamed.head(), null, streamed.body(), streamed.lookup(), null);
			}
		}
		else if (msg == ContinueRequest.INSTANCE) {
			if (!this.closing) {
				this.queue.add(CompletableFuture.completedFuture(HttpResponses.continueResponse()), Pending.CONTINUE);
			}
		}
		else {
			ReferenceCountUtil.release(msg);
		}
	}

	private void handle(FullHttpRequest request) {
		HttpVersion version = request.protocolVersion();
		boolean head = request.method() == HttpMethod.HEAD;
		if (request.decoderResult().isFailure()) {
			Throwable cause = request.decoderResult().cause();
			logger.debug("Refused a request on {}: {}", this.ctx.channel(), HttpResponses.describe(cause));
			respond(CompletableFuture
				.completedFuture(HttpResponses.status(HttpResponses.statusFor(cause), HttpResponses.describe(cause))),
					head ? Kind.PLAIN_HEAD : Kind.PLAIN, HttpVersion.HTTP_1_1, false);
			return;
		}
		boolean keepAlive = HttpUtil.isKeepAlive(request);
		Kind plain = head ? Kind.PLAIN_HEAD : Kind.PLAIN;
		// CORS first, for every path: a preflight is answered here, before any route
		// or authentication sees it.
		CorsPolicy.ResponseHeaders cors = null;
		if (this.cors != null) {
			if (CorsPolicy.isPreflight(request)) {
				respond(CompletableFuture.completedFuture(this.cors.preflight(request)), Kind.PLAIN, version, keepAlive,
						null);
				return;
			}
			cors = this.cors.headersFor(request, this.secure);
		}
		String uri = request.uri();
		String path = RequestTargets.path(uri);
		String jsonRpcPath = this.settings.jsonRpcPath();
		if (jsonRpcPath != null && jsonRpcPath.equals(path)) {
			if (request.method() != HttpMethod.POST) {
				FullHttpResponse response = HttpResponses.status(HttpResponseStatus.METHOD_NOT_ALLOWED,
						"JSON-RPC requests are POSTed to " + jsonRpcPath);
				response.headers().set(HttpHeaderNames.ALLOW, HttpMethod.POST.asciiName());
				respond(CompletableFuture.completedFuture(response), plain, version, keepAlive, cors);
			}
			else {
				answer(request, plain, version, keepAlive, cors);
			}
			return;
		}
		// Before the routes, one of which may take every path ("/"); startup has checked
		// that no other overlaps a REST route.
		RestRoutes.Lookup restRoute = (this.rest != null) ? this.rest.routes().find(request.method(), path) : null;
		if (restRoute != null) {
			rest(request, request.content(), null, restRoute, cors);
			return;
		}
		HttpRoute route = this.routes.find(path);
		if (route != null) {
			respond(RouteExchange.handle(route, request, path, RequestTargets.query(uri), this.secure),
					head ? Kind.ROUTE_HEAD : Kind.ROUTE, version, keepAlive, cors);
			return;
		}
		respond(CompletableFuture
			.completedFuture(HttpResponses.status(HttpResponseStatus.NOT_FOUND, "No such path: " + path)), plain,
				version, keepAlive, cors);
	}

	/*
	 * Answer a request on a REST route, its body aggregated or streamed; the context is
	 * built as the JSON-RPC endpoint's is.
	 */
	private void rest(HttpRequest request, @Nullable ByteBuf body, @Nullable StreamedBody stream,
			RestRoutes.Lookup route, CorsPolicy.@Nullable ResponseHeaders cors) {
		RestExchange rest = this.rest;
		boolean keepAlive = HttpUtil.isKeepAlive(request);
		CompletableFuture<Object> response = rest.answer(request, body, stream, route,
				ExchangeContexts.of(this.ctx.channel(), Protocol.HTTP, ExchangeContexts.headers(request.headers())),
				this.ctx.alloc(), this.ctx.executor());
		if (request.method() == HttpMethod.HEAD) {
			// Refused (REST routes take no HEAD): headers only, the body released here.
			respond(response.thenApply((refusal) -> {
				FullHttpResponse whole = (FullHttpResponse) refusal;
				FullHttpResponse headOnly = whole.replace(Unpooled.EMPTY_BUFFER);
				whole.release();
				return headOnly;
			}), Kind.PLAIN, request.protocolVersion(), keepAlive, cors);
			return;
		}
		if (route.target() == null || !route.target().streamsResult || route.allow() != null) {
			respond(response, Kind.PLAIN, request.protocolVersion(), keepAlive, cors);
			return;
		}
		// Two entries: the head and body, then the end, which completes once the body is
		// written; so that nothing is written in between.
		CompletableFuture<ResponseStreamer.End> end = new CompletableFuture<>();
		respond(response.thenApply((reply) -> (reply instanceof RestReply streamed) ? streamed.withEnd(end)
				: RestReply.whole((FullHttpResponse) reply).withEnd(end)), Kind.STREAM, request.protocolVersion(),
				keepAlive, cors);
		this.queue.add(end, Pending.of(Kind.STREAM_END, request.protocolVersion(), keepAlive));
	}

	/*
	 * The request's Content-Type picks the decoder; the reply is in the same encoding
	 * unless Accept asks for another one served here (as Spring does, a wildcard and no
	 * Accept mean the request's). With an authenticator, the caller is authenticated
	 * first.
	 */
	private void answer(FullHttpRequest request, Kind plain, HttpVersion version, boolean keepAlive,
			CorsPolicy.@Nullable ResponseHeaders cors) {
		String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
		Encoding encoding = HttpResponses.isJson(contentType) ? Encoding.JSON : Encoding.binary(contentType);
		if (encoding == null) {
			respond(CompletableFuture.completedFuture(HttpResponses.status(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
					"JSON-RPC requests have Content-Type: application/json, application/cbor or application/msgpack")),
					plain, version, keepAlive, cors);
			return;
		}
		Encoding reply = HttpResponses.replyEncoding(encoding, request.headers().get(HttpHeaderNames.ACCEPT));
		if (reply == null) {
			respond(CompletableFuture.completedFuture(HttpResponses.status(HttpResponseStatus.NOT_ACCEPTABLE,
					"JSON-RPC responses are application/json, application/cbor or application/msgpack")), plain,
					version, keepAlive, cors);
			return;
		}
		ExchangeContext context = ExchangeContexts.of(this.ctx.channel(), Protocol.HTTP,
				ExchangeContexts.headers(request.headers()));
		if (this.exchange.authenticator() != null) {
			// Authenticated callers: statuses 401 and 403 need a response object.
			respond(AuthenticatedJsonRpc.answer(this.exchange, this.exchange.authenticator(), request.content(),
					this.ctx.alloc(), context, encoding, reply, this.ctx.executor()), plain, version, keepAlive, cors);
			return;
		}
		if (!keepAlive) {
			this.closing = true;
			this.queue.stopReading();
		}
		this.queue.add(this.exchange.answer(request.content(), this.ctx.alloc(), context, encoding, reply,
				JsonRpcResponseHead.HEADROOM), Pending.of(Kind.JSON_RPC, version, keepAlive, cors, reply));
	}

	private void respond(CompletableFuture<?> result, Kind kind, HttpVersion version, boolean keepAlive) {
		respond(result, kind, version, keepAlive, null);
	}

	private void respond(CompletableFuture<?> result, Kind kind, HttpVersion version, boolean keepAlive,
			CorsPolicy.@Nullable ResponseHeaders cors) {
		if (!keepAlive) {
			this.closing = true;
			this.queue.stopReading();
		}
		this.queue.add(result, Pending.of(kind, version, keepAlive, cors));
	}

	@Override
	protected void requestTimedOut(RequestDeadlines.RequestTimeoutEvent event) {
		if (!this.closing) {
			// In order, after the responses still pending; the connection then closes.
			respond(CompletableFuture
				.completedFuture(
						HttpResponses.status(HttpResponseStatus.REQUEST_TIMEOUT,
								(event == RequestDeadlines.RequestTimeoutEvent.HEADER)
										? "Request head not received in time" : "Request body not received in time")),
					Kind.PLAIN, HttpVersion.HTTP_1_1, false);
		}
	}

	@Override
	protected void writeResponse(CompletableFuture<?> result, Pending pending, boolean last) {
		boolean close = !pending.keepAlive || (this.draining && last);
		if (pending.kind == Kind.JSON_RPC && !result.isCompletedExceptionally()) {
			writeJsonRpc((ByteBuf) result.join(), pending.version, close, pending.cors, pending.encoding);
			return;
		}
		HttpVersion version = pending.version;
		if (pending.kind == Kind.CONTINUE) {
			this.ctx.write(result.join(), this.ctx.voidPromise());
			if (this.draining && last) {
				// The body it invites will not be read: shutting down.
				this.encoded.write(Unpooled.EMPTY_BUFFER).addListener(LingeringClose.AFTER_WRITE);
			}
			return;
		}
		if (pending.kind == Kind.STREAM || pending.kind == Kind.STREAM_END) {
			writeStreamed(result, pending, close);
			return;
		}
		FullHttpResponse response = toResponse(result, pending.kind, version);
		HttpHeaders headers = response.headers();
		if (pending.cors != null) {
			pending.cors.applyTo(headers);
		}
		// A response may close the connection itself: one to a body that was cut short.
		close = close || headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true);
		headers.set(HttpHeaderNames.SERVER, SERVER);
		headers.set(HttpHeaderNames.DATE, HttpDate.now());
		if (close) {
			headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
			this.ctx.write(response).addListener(LingeringClose.AFTER_WRITE);
			this.closing = true;
			this.queue.stopReading();
		}
		else {
			if (version == HttpVersion.HTTP_1_0) {
				headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
			}
			this.ctx.write(response, this.ctx.voidPromise());
		}
	}

	/*
	 * The two parts of a REST response whose result streams: the head (or a whole
	 * response, for an error), and the end, once the body is written.
	 */
	private void writeStreamed(CompletableFuture<?> result, Pending pending, boolean close) {
		if (pending.kind == Kind.STREAM) {
			RestReply reply = (RestReply) result.join();
			FullHttpResponse whole = reply.whole();
			if (whole != null) {
				reply.handOver();
				whole.setProtocolVersion(pending.version);
				HttpHeaders headers = whole.headers();
				headers.set(HttpHeaderNames.SERVER, SERVER);
				headers.set(HttpHeaderNames.DATE, HttpDate.now());
				boolean cut = headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true);
				if (pending.version == HttpVersion.HTTP_1_0 && !cut && pending.keepAlive) {
					headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
				}
				this.ctx.write(whole, this.ctx.voidPromise());
				reply.end().complete(cut ? ResponseStreamer.End.ABORTED : ResponseStreamer.End.NONE);
				return;
			}
			HttpResponse head = reply.head();
			reply.handOver();
			head.setProtocolVersion(pending.version);
			HttpHeaders headers = head.headers();
			headers.set(HttpHeaderNames.SERVER, SERVER);
			headers.set(HttpHeaderNames.DATE, HttpDate.now());
			if (pending.version == HttpVersion.HTTP_1_0) {
				// No chunked coding in HTTP/1.0: the body ends with the connection.
				headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
			}
			else {
				headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
				if (!pending.keepAlive) {
					headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
				}
			}
			this.ctx.write(head, this.ctx.voidPromise());
			ResponseStreamer streamer = new ResponseStreamer(this.ctx, reply.stream(),
					this.rest.settings().streamTimeout().toNanos(), reply.end());
			try {
				this.rest.blockingExecutor().execute(streamer);
			}
			catch (RejectedExecutionException ex) {
				logger.warn("Streamed response on {} rejected: the blocking executor is saturated", this.ctx.channel());
				reply.end().complete(ResponseStreamer.End.ABORTED);
			}
			return;
		}
		ResponseStreamer.End end = result.isCompletedExceptionally() ? ResponseStreamer.End.ABORTED
				: (ResponseStreamer.End) result.join();
		if (end == ResponseStreamer.End.ABORTED
				|| (end == ResponseStreamer.End.COMPLETE && pending.version == HttpVersion.HTTP_1_0)) {
			// Cut short, or ended by closing: no last chunk, and the connection closes.
			this.encoded.write(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
			this.closing = true;
			this.queue.stopReading();
			return;
		}
		if (end == ResponseStreamer.End.COMPLETE) {
			if (close) {
				this.ctx.write(LastHttpContent.EMPTY_LAST_CONTENT).addListener(LingeringClose.AFTER_WRITE);
				this.closing = true;
				this.queue.stopReading();
			}
			else {
				this.ctx.write(LastHttpContent.EMPTY_LAST_CONTENT, this.ctx.voidPromise());
			}
			return;
		}
		if (close) {
			this.encoded.write(Unpooled.EMPTY_BUFFER).addListener(LingeringClose.AFTER_WRITE);
			this.closing = true;
			this.queue.stopReading();
		}
	}

	private FullHttpResponse toResponse(CompletableFuture<?> result, Kind kind, HttpVersion version) {
		Object value;
		try {
			value = result.join();
		}
		catch (RuntimeException ex) {
			logger.warn("Request on {} failed", this.ctx.channel(), ex);
			return HttpResponses.status(HttpResponseStatus.INTERNAL_SERVER_ERROR, "Internal server error");
		}
		FullHttpResponse response = switch (kind) {
			case PLAIN -> (FullHttpResponse) value;
			// A HEAD response says how long the body would be, and sends none.
			case PLAIN_HEAD -> ((FullHttpResponse) value).replace(Unpooled.EMPTY_BUFFER);
			case JSON_RPC, CONTINUE, STREAM, STREAM_END ->
				throw new IllegalStateException(kind + " responses are written as they are");
			case ROUTE -> HttpResponses.route((HttpRouteResponse) value, version, false);
			case ROUTE_HEAD -> HttpResponses.route((HttpRouteResponse) value, version, true);
		};
		response.setProtocolVersion(version);
		return response;
	}

	/*
	 * Write a JSON-RPC response with a head encoded here rather than by Netty's encoder:
	 * no response object, no header map, one buffer for head and small bodies.
	 */
	private void writeJsonRpc(@Nullable ByteBuf body, HttpVersion version, boolean close,
			CorsPolicy.@Nullable ResponseHeaders cors, Encoding encoding) {
		byte[] extraHeaders = (cors != null) ? cors.encoded() : null;
		if (body != null && JsonRpcResponseHead.encodeBefore(body, version == HttpVersion.HTTP_1_0, close, encoding,
				extraHeaders)) {
			// The body was encoded behind room for its head: one buffer, nothing copied.
			write(body, close);
			return;
		}
		int bodyLength = (body != null) ? body.readableBytes() : -1;
		boolean inline = bodyLength <= INLINE_BODY_LIMIT;
		ByteBuf out = JsonRpcResponseHead.encode(this.ctx.alloc(), bodyLength, version == HttpVersion.HTTP_1_0, close,
				inline ? Math.max(bodyLength, 0) : 0, encoding, extraHeaders);
		if (body != null && inline) {
			out.writeBytes(body);
			body.release();
			body = null;
		}
		if (body == null) {
			write(out, close);
		}
		else {
			this.encoded.write(out, this.encoded.voidPromise());
			write(body, close);
		}
	}

	private void write(ByteBuf buffer, boolean close) {
		if (close) {
			this.encoded.write(buffer).addListener(LingeringClose.AFTER_WRITE);
			this.closing = true;
			this.queue.stopReading();
		}
		else {
			this.encoded.write(buffer, this.encoded.voidPromise());
		}
	}

	private enum Kind {

		/** A ready-made {@link FullHttpResponse}. */
		PLAIN,

		/** A ready-made {@link FullHttpResponse} to a HEAD request: headers only. */
		PLAIN_HEAD,

		/** The interim {@code 100 Continue}: no close, nothing else. */
		CONTINUE,

		/** An encoded JSON-RPC response, or {@code null} for no content. */
		JSON_RPC,

		/** An {@link HttpRouteResponse}. */
		ROUTE,

		/** An {@link HttpRouteResponse} to a HEAD request: headers only. */
		ROUTE_HEAD,

		/** A {@link RestReply}: a head whose body streams, or a whole response. */
		STREAM,

		/** The end of a {@link #STREAM}: the last chunk, or a close. */
		STREAM_END

	}

	/**
	 * What a queued response is and how to write it.
	 *
	 * @param kind what the result holds
	 * @param version the request's version
	 * @param keepAlive whether the connection stays open after it
	 * @param cors the CORS headers it gets, or {@code null} when CORS is off
	 * @param encoding the encoding of a JSON-RPC reply
	 */
	record Pending(Kind kind, HttpVersion version, boolean keepAlive, CorsPolicy.@Nullable ResponseHeaders cors,
			Encoding encoding) {

		Pending(Kind kind, HttpVersion version, boolean keepAlive, CorsPolicy.@Nullable ResponseHeaders cors) {
			this(kind, version, keepAlive, cors, Encoding.JSON);
		}

		private static final Pending JSON_RPC_KEEP_ALIVE = new Pending(Kind.JSON_RPC, HttpVersion.HTTP_1_1, true, null);

		private static final Pending JSON_RPC_CLOSE = new Pending(Kind.JSON_RPC, HttpVersion.HTTP_1_1, false, null);

		static final Pending CONTINUE = new Pending(Kind.CONTINUE, HttpVersion.HTTP_1_1, true, null);

		/* The common case costs no allocation. */
		static Pending of(Kind kind, HttpVersion version, boolean keepAlive) {
			return of(kind, version, keepAlive, null);
		}

		static Pending of(Kind kind, HttpVersion version, boolean keepAlive,
				CorsPolicy.@Nullable ResponseHeaders cors) {
			return of(kind, version, keepAlive, cors, Encoding.JSON);
		}

		static Pending of(Kind kind, HttpVersion version, boolean keepAlive, CorsPolicy.@Nullable ResponseHeaders cors,
				Encoding encoding) {
			if (cors == null && encoding == Encoding.JSON && kind == Kind.JSON_RPC && version == HttpVersion.HTTP_1_1) {
				return keepAlive ? JSON_RPC_KEEP_ALIVE : JSON_RPC_CLOSE;
			}
			return new Pending(kind, version, keepAlive, cors, encoding);
		}

	}

}
