package io.ujrpc.server.http;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.EventExecutor;
import io.ujrpc.context.ExchangeAuthenticator;
import io.ujrpc.context.ExchangeContext;
import io.ujrpc.internal.netty.ExchangeAuthentication;
import io.ujrpc.internal.netty.JsonRpcExchange;
import io.ujrpc.protocol.Encoding;
import io.ujrpc.protocol.JsonRpcError;
import io.ujrpc.protocol.JsonRpcErrorCode;
import io.ujrpc.protocol.JsonRpcPayload;
import io.ujrpc.protocol.JsonRpcReply;
import io.ujrpc.protocol.JsonRpcRequest;
import io.ujrpc.protocol.JsonRpcResponse;
import io.ujrpc.server.config.RestSettings;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.POJONode;

/**
 * Answers REST requests through the JSON-RPC dispatcher, so that they are observed,
 * metered and checked as JSON-RPC calls are: makes the request into a call (path
 * variables, query and body bound by name, or an array body by position), dispatches it,
 * and makes the reply into a response: the bare result (200), nothing (204), bytes
 * ({@code application/octet-stream}, streamed for an {@link InputStream}), or an RFC 9457
 * {@code application/problem+json} with the JSON-RPC {@code code} and {@code data}.
 * <p>
 * One per listener; thread-safe. Bodies are read and written by {@link RestBodies}.
 */
final class RestExchange {

	private static final Logger logger = LoggerFactory.getLogger(RestExchange.class);

	static final AsciiString OCTET_STREAM = AsciiString.cached("application/octet-stream");

	private static final HttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);

	private static final HttpHeadersFactory TRAILERS = DefaultHttpHeadersFactory.trailersFactory()
		.withValidation(false);

	private final RestRoutes routes;

	private final RestSettings settings;

	private final JsonRpcExchange exchange;

	private final RestBodies bodies;

	private final JsonNodeFactory nodes;

	RestExchange(RestRoutes routes, RestSettings settings, JsonRpcExchange exchange) {
		this.routes = routes;
		this.settings = settings;
		this.exchange = exchange;
		this.bodies = new RestBodies(exchange.codec());
		this.nodes = this.bodies.mapper().getNodeFactory();
	}

	RestRoutes routes() {
		return this.routes;
	}

	RestSettings settings() {
		return this.settings;
	}

	/*
	 * Runs the reading of streamed results.
	 */
	Executor blockingExecutor() {
		return this.exchange.dispatcher().blockingExecutor();
	}

	/**
	 * Answer a request.
	 * @param head the request's head
	 * @param body the aggregated body, read but not released, or {@code null} for a
	 * streamed one
	 * @param stream the streamed body, or {@code null}
	 * @param lookup its route
	 * @param exchange where it came from
	 * @param allocator allocates response buffers
	 * @param loop the connection's I/O thread, where a blocking authenticator's result is
	 * taken up
	 * @return a {@link FullHttpResponse}, or a {@link RestReply} when the route's result
	 * {@link RestRoutes.Target#streamsResult streams}; never failed
	 */
	CompletableFuture<Object> answer(HttpRequest head, @Nullable ByteBuf body, @Nullable StreamedBody stream,
			RestRoutes.Lookup lookup, ExchangeContext exchange, ByteBufAllocator allocator, EventExecutor loop) {
		if (lookup.allow() != null) {
			FullHttpResponse response = problem(HttpResponseStatus.METHOD_NOT_ALLOWED,
					head.method() + " is not served here; " + lookup.allow() + " is", null, replyEncoding(head, body),
					allocator);
			response.headers().set(HttpHeaderNames.ALLOW, lookup.allow());
			return CompletableFuture.completedFuture(response);
		}
		ExchangeAuthenticator authenticator = this.exchange.authenticator();
		if (authenticator == null) {
			return call(head, body, stream, lookup, exchange, allocator);
		}
		CompletableFuture<ExchangeContext> authenticated = ExchangeAuthentication.authenticate(authenticator, exchange,
				blockingExecutor(), loop);
		if (authenticated.isDone()) {
			return call(authenticated, head, body, stream, lookup, exchange, allocator);
		}
		if (body != null) {
			body.retain();
		}
		return ExchangeAuthentication
			.then(authenticated, (done) -> call(done, head, body, stream, lookup, exchange, allocator))
			.whenComplete((response, ex) -> {
				if (body != null) {
					body.release();
				}
			});
	}

	private CompletableFuture<Object> call(CompletableFuture<ExchangeContext> authenticated, HttpRequest head,
			@Nullable ByteBuf body, @Nullable StreamedBody stream, RestRoutes.Lookup lookup, ExchangeContext exchange,
			ByteBufAllocator allocator) {
		boolean streams = lookup.target() != null && lookup.target().streamsResult;
		ExchangeContext caller;
		try {
			caller = authenticated.join();
		}
		catch (CompletionException ex) {
			if (stream != null) {
				stream.close();
			}
			ExchangeAuthentication.Failure failure = ExchangeAuthentication.failure(ex,
					head.method() + " " + lookup.route());
			FullHttpResponse response = problem(failure.status(), failure.code().message(), failure.code().toError(),
					replyEncoding(head, body), allocator);
			failure.challenges()
				.forEach((challenge) -> response.headers().add(HttpHeaderNames.WWW_AUTHENTICATE, challenge));
			if (failure.code() == JsonRpcErrorCode.SERVER_BUSY) {
				response.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
			}
			return CompletableFuture.completedFuture(wrap(response, streams));
		}
		return call(head, body, stream, lookup, caller, allocator);
	}

	private CompletableFuture<Object> call(HttpRequest head, @Nullable ByteBuf body, @Nullable StreamedBody stream,
			RestRoutes.Lookup lookup, ExchangeContext exchange, ByteBufAllocator allocator) {
		RestRoutes.Target target = lookup.target();
		boolean streams = target != null && target.streamsResult;
		Encoding encoding = replyEncoding(head, body);
		CompletableFuture<JsonRpcReply> reply;
		try {
			JsonNode params = params(head, body, stream, lookup);
			JsonRpcRequest call = new JsonRpcRequest(lookup.name(), params, NullNode.getInstance());
			reply = this.exchange.dispatch(new JsonRpcPayload(false, List.of(call)), exchange);
		}
		catch (RestProblem ex) {
			if (stream != null) {
				stream.close();
			}
			logger.debug("Refused REST request {} {}: {}", head.method(), lookup.route(), ex.getMessage());
			return CompletableFuture
				.completedFuture(wrap(problem(ex.status(), ex.getMessage(), ex.error(), encoding, allocator), streams));
		}
		if (reply.isDone()) {
			return CompletableFuture.completedFuture(respond(reply, target, stream, encoding, allocator, head));
		}
		return reply.handle((done, ex) -> respond(reply, target, stream, encoding, allocator, head));
	}

	/*
	 * The encoding of what answers a request, results and problems alike: Accept's choice
	 * among JSON, CBOR and MessagePack, as on the JSON-RPC endpoint; the body's own where
	 * Accept leaves it open, names none of them, or is missing; JSON without a body.
	 */
	private static Encoding replyEncoding(HttpRequest head, @Nullable ByteBuf body) {
		Encoding request = (body != null && body.isReadable())
				? RestBodies.encoding(head.headers().get(HttpHeaderNames.CONTENT_TYPE)) : Encoding.JSON;
		Encoding chosen = HttpResponses.replyEncoding(request, head.headers().get(HttpHeaderNames.ACCEPT));
		return (chosen != null) ? chosen : request;
	}

	private Object wrap(FullHttpResponse response, boolean streams) {
		return streams ? RestReply.whole(response) : response;
	}

	private Object respond(CompletableFuture<JsonRpcReply> reply, RestRoutes.@Nullable Target target,
			@Nullable StreamedBody stream, Encoding encoding, ByteBufAllocator allocator, HttpRequest head) {
		boolean streams = target != null && target.streamsResult;
		if (stream != null) {
			stream.close();
			StreamAbortedException aborted = stream.abortCause();
			if (aborted != null) {
				if (!reply.isCompletedExceptionally()) {
					releaseResult(reply.join());
				}
				FullHttpResponse response = problem(aborted.status(), aborted.getMessage(), null, encoding, allocator);
				response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
				return wrap(response, streams);
			}
		}
		if (reply.isCompletedExceptionally()) {
			return wrap(problem(HttpResponseStatus.INTERNAL_SERVER_ERROR, JsonRpcErrorCode.INTERNAL_ERROR.message(),
					JsonRpcErrorCode.INTERNAL_ERROR.toError(), encoding, allocator), streams);
		}
		JsonRpcResponse response = (JsonRpcResponse) reply.join();
		if (response.isError()) {
			JsonRpcError error = response.error();
			HttpResponseStatus status = HttpResponseStatus.valueOf(this.routes.statusFor(target, error.code()));
			FullHttpResponse problem = problem(status, error.message(), error, encoding, allocator);
			if (status.code() == 503) {
				problem.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
			}
			ExchangeAuthenticator authenticator = this.exchange.authenticator();
			if (status.code() == 401 && authenticator != null) {
				authenticator.challenges()
					.forEach((challenge) -> problem.headers().add(HttpHeaderNames.WWW_AUTHENTICATE, challenge));
			}
			return wrap(problem, streams);
		}
		Object result = response.result();
		if (target != null && target.noContent) {
			return wrap(whole(HttpResponseStatus.NO_CONTENT, null, Unpooled.EMPTY_BUFFER), streams);
		}
		if (result instanceof InputStream in && streams) {
			HttpResponse streamed = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, HEADERS);
			streamed.headers().set(HttpHeaderNames.CONTENT_TYPE, OCTET_STREAM);
			return RestReply.streamed(streamed, in);
		}
		if (result instanceof byte[] bytes) {
			return wrap(whole(HttpResponseStatus.OK, OCTET_STREAM, Unpooled.wrappedBuffer(bytes)), streams);
		}
		releaseResult(response);
		ByteBuf encoded;
		try {
			encoded = this.bodies.encode(result, encoding, allocator);
		}
		catch (RuntimeException ex) {
			logger.warn("Result of REST route {} {} cannot be serialized", head.method(), head.uri(), ex);
			return wrap(problem(HttpResponseStatus.INTERNAL_SERVER_ERROR, JsonRpcErrorCode.INTERNAL_ERROR.message(),
					JsonRpcErrorCode.INTERNAL_ERROR.toError(), encoding, allocator), streams);
		}
		return wrap(whole(HttpResponseStatus.OK, RestBodies.contentType(encoding, false), encoded), streams);
	}

	/* A stream result that will not be written is closed. */
	private static void releaseResult(JsonRpcReply reply) {
		if (reply instanceof JsonRpcResponse response && response.result() instanceof InputStream in) {
			try {
				in.close();
			}
			catch (java.io.IOException ex) {
				// Nobody reads it.
			}
		}
	}

	private @Nullable JsonNode params(HttpRequest head, @Nullable ByteBuf body, @Nullable StreamedBody stream,
			RestRoutes.Lookup lookup) {
		RestRoutes.Target target = lookup.target();
		ObjectNode named = null;
		for (Map.Entry<String, String> variable : lookup.variables().entrySet()) {
			named = (named != null) ? named : this.nodes.objectNode();
			named.set(variable.getKey(), convert(target, variable.getKey(), List.of(variable.getValue())));
		}
		String query = RequestTargets.query(head.uri());
		if (!query.isEmpty()) {
			Map<String, List<String>> parameters = new QueryStringDecoder(query, StandardCharsets.UTF_8, false)
				.parameters();
			for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
				named = (named != null) ? named : this.nodes.objectNode();
				if (named.has(parameter.getKey())) {
					throw RestProblem
						.invalidParams("parameter '" + parameter.getKey() + "' is given in the path and in the query");
				}
				named.set(parameter.getKey(), convert(target, parameter.getKey(), parameter.getValue()));
			}
		}
		String contentType = head.headers().get(HttpHeaderNames.CONTENT_TYPE);
		if (target != null && target.streamsBody()) {
			if (stream == null) {
				throw new RestProblem(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
						"This route takes its body as Content-Type: application/octet-stream", null);
			}
			return set(named, target.bodyName, new POJONode(stream), "body");
		}
		if (target == null || body == null || !body.isReadable() || !RestRoutes.takesBody(head.method())) {
			// No method by that name: the dispatcher answers 404 (-32601), whatever the
			// body.
			return named;
		}
		if (target != null && target.takesBytes() && StreamingRequestHandler.isOctetStream(contentType)) {
			return set(named, target.bodyName, this.nodes.binaryNode(ByteBufUtil.getBytes(body)), "body");
		}
		if (!this.bodies.decodes(contentType)) {
			throw new RestProblem(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
					"A request body has Content-Type: application/json, application/cbor or application/msgpack"
							+ ((target != null && target.takesBytes()) ? " or application/octet-stream" : ""),
					null);
		}
		JsonNode value = this.bodies.decode(body, contentType);
		if (target != null && target.bodyName != null) {
			return set(named, target.bodyName, value, "body");
		}
		if (value.isObject()) {
			if (named == null) {
				return value;
			}
			for (Map.Entry<String, JsonNode> member : value.properties()) {
				set(named, member.getKey(), member.getValue(), "body");
			}
			return named;
		}
		if (value.isArray()) {
			if (named != null) {
				throw RestProblem.invalidParams("an array body binds params by position, so it cannot come with "
						+ "query parameters or path variables (expected: an object body)");
			}
			return value;
		}
		throw RestProblem.invalidParams("the body is " + (value.isString() ? "a string" : "a " + value.getNodeType())
				+ " (expected: an object of params by name, or an array by position)");
	}

	private ObjectNode set(@Nullable ObjectNode named, String name, JsonNode value, String where) {
		ObjectNode params = (named != null) ? named : this.nodes.objectNode();
		if (params.has(name)) {
			throw RestProblem.invalidParams("parameter '" + name + "' is given twice, in the " + where + " too");
		}
		params.set(name, value);
		return params;
	}

	private JsonNode convert(RestRoutes.@Nullable Target target, String name, List<String> values) {
		RestValues converter = (target != null) ? target.values.get(name) : null;
		if (converter != null) {
			return converter.convert(values);
		}
		// Not a parameter: the binder refuses it by name.
		return (values.size() == 1) ? this.nodes.stringNode(values.get(0)) : this.nodes.stringNode(values.toString());
	}

	/**
	 * An RFC 9457 problem: {@code type} {@code about:blank}, the status's own title, and
	 * the JSON-RPC error's message as {@code detail}, its {@code code} and {@code data}.
	 * @param status the status
	 * @param detail what went wrong, for the client
	 * @param error the JSON-RPC error, or {@code null} when there is none
	 * @param encoding the body's encoding: {@code application/problem+json} in JSON, the
	 * same members in CBOR or MessagePack under that encoding's own media type
	 * @param allocator allocates the body
	 * @return the response
	 */
	FullHttpResponse problem(HttpResponseStatus status, String detail, @Nullable JsonRpcError error, Encoding encoding,
			ByteBufAllocator allocator) {
		ObjectNode problem = this.nodes.objectNode();
		problem.put("type", "about:blank");
		problem.put("title", status.reasonPhrase());
		problem.put("status", status.code());
		problem.put("detail", detail);
		if (error != null) {
			problem.put("code", error.code());
			if (error.data() != null) {
				try {
					problem.set("data", this.bodies.mapper().valueToTree(error.data()));
				}
				catch (RuntimeException ex) {
					logger.warn("Data of JSON-RPC error {} cannot be serialized; left out", error.code(), ex);
				}
			}
		}
		ByteBuf body = this.bodies.encode(problem, encoding, allocator);
		return whole(status, RestBodies.contentType(encoding, true), body);
	}

	private static FullHttpResponse whole(HttpResponseStatus status, @Nullable CharSequence contentType, ByteBuf body) {
		FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body, HEADERS, TRAILERS);
		HttpHeaders headers = response.headers();
		if (contentType != null) {
			headers.set(HttpHeaderNames.CONTENT_TYPE, contentType);
		}
		if (status.code() != 204) {
			headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
		}
		return response;
	}

}
