package io.ujrpc.server.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
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
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.ujrpc.dispatch.JsonRpcDispatcher;
import io.ujrpc.internal.netty.OrderedConnectionHandler;
import io.ujrpc.server.HttpRoute;
import io.ujrpc.server.HttpRouteRequest;
import io.ujrpc.server.HttpRouteResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the HTTP requests of one connection: JSON-RPC on its path, routes beside it,
 * and an HTTP status for anything else.
 * <p>
 * Responses leave in request order however their calls complete, flushed once per read
 * batch, through an {@link OrderedResponseQueue}.
 */
public final class JsonRpcHttpHandler extends OrderedConnectionHandler<JsonRpcHttpHandler.Pending> {

	private static final Logger logger = LoggerFactory.getLogger(JsonRpcHttpHandler.class);

	private static final HttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);

	private static final HttpHeadersFactory TRAILERS = DefaultHttpHeadersFactory.trailersFactory()
		.withValidation(false);

	private static final AsciiString APPLICATION_JSON = AsciiString.cached("application/json");

	private static final AsciiString SERVER = AsciiString.cached("ujrpc");

	private static final String TRANSPORT = "http";

	private static final String HEAD_START = "server: ujrpc\r\n";

	private static final byte[] OK_11 = ascii(
			"HTTP/1.1 200 OK\r\n" + HEAD_START + "content-type: application/json\r\n");

	private static final byte[] OK_10 = ascii(
			"HTTP/1.0 200 OK\r\n" + HEAD_START + "content-type: application/json\r\n");

	private static final byte[] NO_CONTENT_11 = ascii("HTTP/1.1 204 No Content\r\n" + HEAD_START);

	private static final byte[] NO_CONTENT_10 = ascii("HTTP/1.0 204 No Content\r\n" + HEAD_START);

	private static final byte[] CONTENT_LENGTH = ascii("content-length: ");

	private static final byte[] CONNECTION_CLOSE = ascii("connection: close\r\n");

	private static final byte[] CONNECTION_KEEP_ALIVE = ascii("connection: keep-alive\r\n");

	private static final short CRLF = ('\r' << 8) | '\n';

	/** Room for content-length, connection and the blank line. */
	private static final int HEAD_RESERVE = 64;

	/**
	 * Bodies up to this size are copied behind the head, so that one buffer is written.
	 */
	private static final int INLINE_BODY_LIMIT = 4096;

	private final HttpSettings settings;

	private final JsonRpcDispatcher dispatcher;

	private final HttpRoutes routes;

	/**
	 * Where encoded JSON-RPC responses are written from, so that they skip the encoder.
	 */
	private ChannelHandlerContext encoded;

	/** A response that closes the connection is queued: later requests are dropped. */
	private boolean closing;

	/**
	 * Create a handler for one connection.
	 * @param settings the listener's limits and paths
	 * @param dispatcher answers JSON-RPC payloads
	 * @param routes the other paths served
	 */
	public JsonRpcHttpHandler(HttpSettings settings, JsonRpcDispatcher dispatcher, HttpRoutes routes) {
		super(settings.maxPipelinedRequests(), logger);
		this.settings = settings;
		this.dispatcher = dispatcher;
		this.routes = routes;
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		super.handlerAdded(ctx);
		ChannelHandlerContext encoder = ctx.pipeline().context(HttpServerInitializer.ENCODER);
		this.encoded = (encoder != null) ? encoder : ctx;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		this.queue.readStarted();
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
			respond(route(route, request, path, (query < 0) ? "" : uri.substring(query + 1)),
					(request.method() == HttpMethod.HEAD) ? Kind.ROUTE_HEAD : Kind.ROUTE, version, keepAlive);
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

	private void respond(CompletableFuture<?> result, Kind kind, HttpVersion version, boolean keepAlive) {
		if (!keepAlive) {
			this.closing = true;
			this.queue.stopReading();
		}
		this.queue.add(result, Pending.of(kind, version, keepAlive));
	}

	@Override
	protected void writeResponse(CompletableFuture<?> result, Pending pending, boolean last) {
		boolean close = !pending.keepAlive || (this.draining && last);
		if (pending.kind == Kind.JSON_RPC && !result.isCompletedExceptionally()) {
			writeJsonRpc((ByteBuf) result.join(), pending.version, close);
			return;
		}
		HttpVersion version = pending.version;
		FullHttpResponse response = toResponse(result, pending.kind, version);
		HttpHeaders headers = response.headers();
		headers.set(HttpHeaderNames.SERVER, SERVER);
		headers.set(HttpHeaderNames.DATE, HttpDate.now());
		if (close) {
			headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
			this.ctx.write(response).addListener(ChannelFutureListener.CLOSE);
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
			case JSON_RPC -> throw new IllegalStateException("JSON-RPC responses are written encoded");
			case ROUTE -> route((HttpRouteResponse) value, version, false);
			case ROUTE_HEAD -> route((HttpRouteResponse) value, version, true);
		};
		response.setProtocolVersion(version);
		return response;
	}

	/**
	 * Write a JSON-RPC response with a head encoded here rather than by Netty's encoder:
	 * no response object, no header map, one buffer for head and small bodies.
	 */
	private void writeJsonRpc(ByteBuf body, HttpVersion version, boolean close) {
		boolean http10 = version == HttpVersion.HTTP_1_0;
		byte[] status = (body == null) ? (http10 ? NO_CONTENT_10 : NO_CONTENT_11) : (http10 ? OK_10 : OK_11);
		byte[] date = HttpDate.headerLine();
		int bodyLength = (body != null) ? body.readableBytes() : 0;
		boolean inline = bodyLength <= INLINE_BODY_LIMIT;
		ByteBuf out = this.ctx.alloc()
			.directBuffer(status.length + date.length + HEAD_RESERVE + (inline ? bodyLength : 0));
		out.writeBytes(status).writeBytes(date);
		if (body != null) {
			out.writeBytes(CONTENT_LENGTH);
			writeDecimal(out, bodyLength);
			out.writeShort(CRLF);
		}
		if (close) {
			out.writeBytes(CONNECTION_CLOSE);
		}
		else if (http10) {
			out.writeBytes(CONNECTION_KEEP_ALIVE);
		}
		out.writeShort(CRLF);
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
			this.encoded.write(buffer).addListener(ChannelFutureListener.CLOSE);
			this.closing = true;
			this.queue.stopReading();
		}
		else {
			this.encoded.write(buffer, this.encoded.voidPromise());
		}
	}

	private static void writeDecimal(ByteBuf out, int value) {
		int divisor = 1;
		while (value / divisor >= 10) {
			divisor *= 10;
		}
		for (; divisor > 0; divisor /= 10) {
			out.writeByte('0' + (value / divisor) % 10);
		}
	}

	private static byte[] ascii(String text) {
		return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
	}

	private static FullHttpResponse route(HttpRouteResponse value, HttpVersion version, boolean head) {
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
		// A HEAD response says how long the body would be, and sends none.
		return head ? response.replace(Unpooled.EMPTY_BUFFER) : response;
	}

	private static FullHttpResponse status(HttpResponseStatus status, String message) {
		ByteBuf body = Unpooled.copiedBuffer(message + "\n", java.nio.charset.StandardCharsets.UTF_8);
		FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body, HEADERS, TRAILERS);
		response.headers()
			.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
			.setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
		return response;
	}

	private enum Kind {

		/** A ready-made {@link FullHttpResponse}. */
		PLAIN,

		/** An encoded JSON-RPC response, or {@code null} for no content. */
		JSON_RPC,

		/** An {@link HttpRouteResponse}. */
		ROUTE,

		/** An {@link HttpRouteResponse} to a HEAD request: headers only. */
		ROUTE_HEAD

	}

	record Pending(Kind kind, HttpVersion version, boolean keepAlive) {

		private static final Pending JSON_RPC_KEEP_ALIVE = new Pending(Kind.JSON_RPC, HttpVersion.HTTP_1_1, true);

		private static final Pending JSON_RPC_CLOSE = new Pending(Kind.JSON_RPC, HttpVersion.HTTP_1_1, false);

		/** The common case costs no allocation. */
		static Pending of(Kind kind, HttpVersion version, boolean keepAlive) {
			if (kind == Kind.JSON_RPC && version == HttpVersion.HTTP_1_1) {
				return keepAlive ? JSON_RPC_KEEP_ALIVE : JSON_RPC_CLOSE;
			}
			return new Pending(kind, version, keepAlive);
		}

	}

}
