package io.ujrpc.server.http;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.ujrpc.dispatch.JsonRpcDispatcher;
import io.ujrpc.server.HttpRoute;
import io.ujrpc.server.HttpRouteRequest;
import io.ujrpc.server.HttpRouteResponse;
import io.ujrpc.server.transport.DrainableConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the HTTP requests of one connection: JSON-RPC on its path, routes beside it,
 * and an HTTP status for anything else.
 * <p>
 * Responses leave in request order however their calls complete: a response that is ready
 * while nothing is queued before it is written at once, anything else waits in a queue.
 * Writes made while a read batch is being handled are flushed once, when the batch ends,
 * so pipelined requests read together are answered with one write.
 */
public final class JsonRpcHttpHandler extends ChannelDuplexHandler implements DrainableConnection {

	private static final Logger logger = LoggerFactory.getLogger(JsonRpcHttpHandler.class);

	private static final HttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);

	private static final HttpHeadersFactory TRAILERS = DefaultHttpHeadersFactory.trailersFactory()
		.withValidation(false);

	private static final AsciiString APPLICATION_JSON = AsciiString.cached("application/json");

	private static final AsciiString SERVER = AsciiString.cached("ujrpc");

	private static final String TRANSPORT = "http";

	private final HttpSettings settings;

	private final JsonRpcDispatcher dispatcher;

	private final HttpRoutes routes;

	private final ArrayDeque<Pending> queue = new ArrayDeque<>();

	private ChannelHandlerContext ctx;

	/** Inside a read batch: writes wait for {@link #channelReadComplete}. */
	private boolean reading;

	private boolean needsFlush;

	/** A response that closes the connection is queued: later requests are dropped. */
	private boolean closing;

	/** Graceful shutdown: the last pending response closes the connection. */
	private boolean draining;

	private boolean closed;

	/**
	 * Create a handler for one connection.
	 * @param settings the listener's limits and paths
	 * @param dispatcher answers JSON-RPC payloads
	 * @param routes the other paths served
	 */
	public JsonRpcHttpHandler(HttpSettings settings, JsonRpcDispatcher dispatcher, HttpRoutes routes) {
		this.settings = settings;
		this.dispatcher = dispatcher;
		this.routes = routes;
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.ctx = ctx;
		ctx.channel().attr(DrainableConnection.KEY).set(this);
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		this.reading = true;
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
		else if (msg == OversizedRequest.INSTANCE) {
			if (!this.closing) {
				respond(CompletableFuture.completedFuture(status(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
						"Request body is over the limit of " + this.settings.maxContentLength() + " bytes")),
						Kind.PLAIN, HttpVersion.HTTP_1_1, false);
			}
		}
		else {
			ReferenceCountUtil.release(msg);
		}
	}

	@Override
	public void channelReadComplete(ChannelHandlerContext ctx) {
		this.reading = false;
		flushIfNeeded();
	}

	private void handle(FullHttpRequest request) {
		HttpVersion version = request.protocolVersion();
		if (request.decoderResult().isFailure()) {
			Throwable cause = request.decoderResult().cause();
			respond(CompletableFuture.completedFuture(status(statusFor(cause), describe(cause))), Kind.PLAIN,
					HttpVersion.HTTP_1_1, false);
			return;
		}
		boolean keepAlive = HttpUtil.isKeepAlive(request);
		String uri = request.uri();
		int query = uri.indexOf('?');
		String path = (query < 0) ? uri : uri.substring(0, query);
		String jsonRpcPath = this.settings.jsonRpcPath();
		if (jsonRpcPath != null && jsonRpcPath.equals(path)) {
			if (request.method() != HttpMethod.POST) {
				FullHttpResponse response = status(HttpResponseStatus.METHOD_NOT_ALLOWED,
						"JSON-RPC requests are POSTed to " + jsonRpcPath);
				response.headers().set(HttpHeaderNames.ALLOW, HttpMethod.POST.asciiName());
				respond(CompletableFuture.completedFuture(response), Kind.PLAIN, version, keepAlive);
			}
			else if (!isJson(request.headers().get(HttpHeaderNames.CONTENT_TYPE))) {
				respond(CompletableFuture.completedFuture(status(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
						"JSON-RPC requests have Content-Type: application/json")), Kind.PLAIN, version, keepAlive);
			}
			else {
				respond(this.dispatcher.dispatch(request.content(), this.ctx.alloc(), TRANSPORT), Kind.JSON_RPC,
						version, keepAlive);
			}
			return;
		}
		HttpRoute route = this.routes.find(path);
		if (route != null) {
			respond(route(route, request, path, (query < 0) ? "" : uri.substring(query + 1)), Kind.ROUTE, version,
					keepAlive);
			return;
		}
		respond(CompletableFuture.completedFuture(status(HttpResponseStatus.NOT_FOUND, "No such path: " + path)),
				Kind.PLAIN, version, keepAlive);
	}

	private static CompletableFuture<?> route(HttpRoute route, FullHttpRequest request, String path, String query) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (Map.Entry<String, String> header : request.headers()) {
			headers.computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT), (name) -> new java.util.ArrayList<>(1))
				.add(header.getValue());
		}
		HttpRouteRequest routeRequest = new HttpRouteRequest(request.method().name(),
				QueryStringDecoder.decodeComponent(path), query, headers, ByteBufUtil.getBytes(request.content()));
		try {
			return route.handle(routeRequest).toCompletableFuture();
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	private static boolean isJson(String contentType) {
		if (contentType == null) {
			return false;
		}
		int end = contentType.indexOf(';');
		String mediaType = ((end < 0) ? contentType : contentType.substring(0, end)).trim();
		return mediaType.equalsIgnoreCase("application/json") || mediaType.equalsIgnoreCase("application/json-rpc")
				|| mediaType.equalsIgnoreCase("application/jsonrequest")
				|| (mediaType.regionMatches(true, 0, "application/", 0, 12)
						&& mediaType.regionMatches(true, mediaType.length() - 5, "+json", 0, 5));
	}

	private static HttpResponseStatus statusFor(Throwable cause) {
		if (cause instanceof TooLongHttpHeaderException) {
			return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
		}
		if (cause instanceof TooLongHttpLineException) {
			return HttpResponseStatus.REQUEST_URI_TOO_LONG;
		}
		if (cause instanceof TooLongFrameException) {
			return HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
		}
		return HttpResponseStatus.BAD_REQUEST;
	}

	private static String describe(Throwable cause) {
		String message = (cause != null) ? cause.getMessage() : null;
		return "Malformed HTTP request" + ((message != null) ? ": " + message : "");
	}

	/**
	 * Queue a response, or write it now when it is ready and nothing waits before it.
	 */
	private void respond(CompletableFuture<?> result, Kind kind, HttpVersion version, boolean keepAlive) {
		if (!keepAlive) {
			this.closing = true;
		}
		if (this.queue.isEmpty() && result.isDone()) {
			write(result, kind, version, keepAlive, true);
			return;
		}
		Pending pending = new Pending(result, kind, version, keepAlive);
		this.queue.add(pending);
		if (!result.isDone()) {
			result.whenComplete((value, ex) -> onCompletion(pending));
		}
		updateAutoRead();
	}

	private void onCompletion(Pending pending) {
		if (this.ctx.executor().inEventLoop()) {
			drainQueue();
			return;
		}
		try {
			this.ctx.executor().execute(this::drainQueue);
		}
		catch (RejectedExecutionException ex) {
			// The event loop is gone, and with it the connection; nothing to answer, but
			// the response buffer is still ours to release.
			logger.debug("Response completed after its event loop shut down", ex);
			if (pending.claim()) {
				release(pending.result);
			}
		}
	}

	private static void release(CompletableFuture<?> result) {
		if (!result.isCompletedExceptionally()) {
			ReferenceCountUtil.release(result.join());
		}
	}

	private void drainQueue() {
		Pending head;
		while ((head = this.queue.peek()) != null && head.result.isDone()) {
			this.queue.poll();
			if (head.claim()) {
				write(head.result, head.kind, head.version, head.keepAlive, this.queue.isEmpty());
			}
		}
		updateAutoRead();
		if (!this.reading) {
			flushIfNeeded();
		}
	}

	private void write(CompletableFuture<?> result, Kind kind, HttpVersion version, boolean keepAlive, boolean last) {
		FullHttpResponse response = toResponse(result, kind, version);
		if (this.closed) {
			response.release();
			return;
		}
		boolean close = !keepAlive || (this.draining && last);
		HttpHeaders headers = response.headers();
		headers.set(HttpHeaderNames.SERVER, SERVER);
		headers.set(HttpHeaderNames.DATE, HttpDate.now());
		if (close) {
			headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
			this.ctx.write(response).addListener(ChannelFutureListener.CLOSE);
			this.closing = true;
		}
		else {
			if (version == HttpVersion.HTTP_1_0) {
				headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
			}
			this.ctx.write(response, this.ctx.voidPromise());
		}
		this.needsFlush = true;
	}

	private FullHttpResponse toResponse(CompletableFuture<?> result, Kind kind, HttpVersion version) {
		Object value;
		try {
			value = result.join();
		}
		catch (RuntimeException ex) {
			logger.warn("Request on {} failed", this.ctx.channel(), ex);
			return status(HttpResponseStatus.INTERNAL_SERVER_ERROR, "Internal server error");
		}
		FullHttpResponse response = switch (kind) {
			case PLAIN -> (FullHttpResponse) value;
			case JSON_RPC -> jsonRpc((ByteBuf) value, version);
			case ROUTE -> route((HttpRouteResponse) value, version);
		};
		response.setProtocolVersion(version);
		return response;
	}

	private static FullHttpResponse jsonRpc(ByteBuf body, HttpVersion version) {
		if (body == null) {
			// Only notifications: nothing to say.
			return new DefaultFullHttpResponse(version, HttpResponseStatus.NO_CONTENT, Unpooled.EMPTY_BUFFER, HEADERS,
					TRAILERS);
		}
		FullHttpResponse response = new DefaultFullHttpResponse(version, HttpResponseStatus.OK, body, HEADERS,
				TRAILERS);
		response.headers()
			.set(HttpHeaderNames.CONTENT_TYPE, APPLICATION_JSON)
			.setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
		return response;
	}

	private static FullHttpResponse route(HttpRouteResponse value, HttpVersion version) {
		ByteBuf body = (value.body().length == 0) ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(value.body());
		FullHttpResponse response = new DefaultFullHttpResponse(version, HttpResponseStatus.valueOf(value.status()),
				body, HEADERS, TRAILERS);
		HttpHeaders headers = response.headers();
		value.headers().forEach(headers::set);
		if (value.contentType() != null) {
			headers.set(HttpHeaderNames.CONTENT_TYPE, value.contentType());
		}
		if (value.status() != 204 && value.status() >= 200) {
			headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
		}
		return response;
	}

	private static FullHttpResponse status(HttpResponseStatus status, String message) {
		ByteBuf body = Unpooled.copiedBuffer(message + "\n", java.nio.charset.StandardCharsets.UTF_8);
		FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body, HEADERS, TRAILERS);
		response.headers()
			.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
			.setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
		return response;
	}

	private void flushIfNeeded() {
		if (this.needsFlush) {
			this.needsFlush = false;
			this.ctx.flush();
		}
		updateAutoRead();
	}

	/**
	 * Read only while the client keeps up: stop when too many requests are in flight or
	 * the socket's send buffer is full, and for good once the connection is closing.
	 */
	private void updateAutoRead() {
		if (this.closed) {
			return;
		}
		boolean read = !this.closing && !this.draining && this.queue.size() < this.settings.maxPipelinedRequests()
				&& this.ctx.channel().isWritable();
		if (this.ctx.channel().config().isAutoRead() != read) {
			this.ctx.channel().config().setAutoRead(read);
		}
	}

	@Override
	public void channelWritabilityChanged(ChannelHandlerContext ctx) {
		updateAutoRead();
		ctx.fireChannelWritabilityChanged();
	}

	@Override
	public void drain() {
		this.draining = true;
		if (this.queue.isEmpty()) {
			this.ctx.close();
		}
		else {
			updateAutoRead();
		}
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
		if (evt instanceof IdleStateEvent) {
			if (this.queue.isEmpty()) {
				ctx.close();
			}
			return;
		}
		ctx.fireUserEventTriggered(evt);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		this.closed = true;
		// Release what is ready now; the rest is released by drainQueue as it completes.
		drainQueue();
		ctx.fireChannelInactive();
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		if (cause instanceof IOException) {
			logger.debug("I/O error on {}", ctx.channel(), cause);
		}
		else {
			logger.warn("Unexpected error on {}; closing it", ctx.channel(), cause);
		}
		ctx.close();
	}

	private enum Kind {

		/** A ready-made {@link FullHttpResponse}. */
		PLAIN,

		/** An encoded JSON-RPC response, or {@code null} for no content. */
		JSON_RPC,

		/** An {@link HttpRouteResponse}. */
		ROUTE

	}

	/**
	 * A response waiting for its turn. Claimed once, by whoever writes or releases it:
	 * the event loop, or the completing thread when the event loop is gone.
	 */
	private static final class Pending extends AtomicBoolean {

		private final CompletableFuture<?> result;

		private final Kind kind;

		private final HttpVersion version;

		private final boolean keepAlive;

		Pending(CompletableFuture<?> result, Kind kind, HttpVersion version, boolean keepAlive) {
			this.result = result;
			this.kind = kind;
			this.version = version;
			this.keepAlive = keepAlive;
		}

		boolean claim() {
			return compareAndSet(false, true);
		}

	}

}
