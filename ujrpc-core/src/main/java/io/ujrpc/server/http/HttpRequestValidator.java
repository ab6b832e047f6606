package io.ujrpc.server.http;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.ujrpc.internal.netty.MemoryBudget;
import org.jspecify.annotations.Nullable;

/**
 * Refuses the request heads that RFC 9112 says a server must not act on, and that Netty's
 * decoder lets through (some only in older Netty versions): a version other than HTTP/1.0
 * and HTTP/1.1 (505), a {@code Transfer-Encoding} whose final coding is not a bare
 * {@code chunked} or that names it twice (400) or that adds another coding (501), a
 * missing or malformed {@code Host} (400), a request target with control characters or of
 * a form this server does not serve (400), an expectation other than {@code 100-continue}
 * (417), and a {@code 100-continue} whose {@code Content-Length} is over the limit (413).
 * Requests the decoder could not read are refused too, with the status for what went
 * wrong.
 * <p>
 * A refused request goes on as a {@link RequestRejection}, and everything the decoder
 * reads after it is dropped: the connection closes once it is answered, so its body can
 * never be read as another request. A {@code 100-continue} that is accepted becomes a
 * {@link ContinueRequest} ahead of its request, so that the interim response is written
 * in order; the aggregator then sees no expectation and writes nothing itself.
 * <p>
 * It also keeps the body of the request being received within the server's
 * {@link MemoryBudget}: a request whose head arrives while the budget is exhausted, or
 * whose body would take it past its limit, is refused with {@code 503} and
 * {@code Retry-After}, and what it still sends is dropped. The bytes of a body are
 * counted until its last part has passed on to the aggregator (the whole request is then
 * handled at once), or until the request is refused or the connection closes; the parts
 * of a body that streams into its method are counted only as they pass (the streamed body
 * holds a bounded part of it at a time), so that a body larger than the budget still
 * streams.
 * <p>
 * Between the request decoder and the aggregator.
 */
final class HttpRequestValidator extends ChannelInboundHandlerAdapter {

	private final int maxContentLength;

	/** Says whether a request's body streams, so that its own limit applies; or null. */
	private final @Nullable Predicate<HttpRequest> streamed;

	private final long maxStreamSize;

	/** A request was refused: the connection is closing and nothing more is read. */
	private boolean refused;

	private @Nullable MemoryBudget budget;

	/** Bytes of the current request's body counted against the budget. */
	private long held;

	/**
	 * Whether the current request's body streams into its method, which holds a bounded
	 * part of it at a time: its parts are counted only as they pass, not kept.
	 */
	private boolean streaming;

	HttpRequestValidator(int maxContentLength) {
		this(maxContentLength, null, 0);
	}

	/**
	 * Create a validator for a listener that streams some request bodies.
	 * @param maxContentLength the largest aggregated body
	 * @param streamed whether a request's body streams, or {@code null} for none
	 * @param maxStreamSize the largest streamed body
	 */
	HttpRequestValidator(int maxContentLength, @Nullable Predicate<HttpRequest> streamed, long maxStreamSize) {
		this.maxContentLength = maxContentLength;
		this.streamed = streamed;
		this.maxStreamSize = maxStreamSize;
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.budget = MemoryBudget.of(ctx.channel());
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		releaseHeld();
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		releaseHeld();
		ctx.fireChannelInactive();
	}

	private void releaseHeld() {
		if (this.budget != null) {
			this.budget.release(this.held);
		}
		this.held = 0;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (this.refused) {
			ReferenceCountUtil.release(msg);
			return;
		}
		if (!(msg instanceof HttpObject object)) {
			ctx.fireChannelRead(msg);
			return;
		}
		HttpMethod method = (msg instanceof HttpRequest request) ? request.method() : HttpMethod.GET;
		RequestRejection rejection;
		if (object.decoderResult().isFailure()) {
			Throwable cause = object.decoderResult().cause();
			rejection = (cause instanceof RequestRejection known) ? known
					: new RequestRejection(HttpResponses.statusFor(cause), HttpResponses.describe(cause));
		}
		else {
			rejection = (msg instanceof HttpRequest request) ? check(request) : null;
		}
		if (rejection == null && this.budget != null) {
			rejection = checkBudget(object);
			if (rejection != null && !(msg instanceof HttpRequest)) {
				// The aggregator holds the request's head and part of its body: end it
				// with the refusal, which it hands on as the failure of the whole
				// request.
				this.refused = true;
				ReferenceCountUtil.release(msg);
				LastHttpContent end = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER);
				end.setDecoderResult(DecoderResult.failure(rejection));
				ctx.fireChannelRead(end);
				return;
			}
		}
		if (rejection != null) {
			this.refused = true;
			releaseHeld();
			ReferenceCountUtil.release(msg);
			ctx.fireChannelRead(rejection.asRequest(method));
			return;
		}
		if (msg instanceof HttpRequest request && request.headers().contains(HttpHeaderNames.EXPECT)) {
			request.headers().remove(HttpHeaderNames.EXPECT);
			if (request.protocolVersion() == HttpVersion.HTTP_1_1 && HttpUtil.getContentLength(request, -1L) != 0) {
				ctx.fireChannelRead(ContinueRequest.INSTANCE);
			}
		}
		ctx.fireChannelRead(msg);
	}

	/*
	 * New work (a request head) needs room left; a body part needs room for itself. A
	 * request's bytes are given back once its last part has gone on.
	 */
	private @Nullable RequestRejection checkBudget(HttpObject object) {
		MemoryBudget budget = this.budget;
		if (object instanceof HttpRequest request) {
			releaseHeld();
			this.streaming = this.streamed != null && this.streamed.test(request);
			if (budget.isExhausted()) {
				return serverBusy();
			}
		}
		if (object instanceof HttpContent content) {
			int bytes = content.content().readableBytes();
			if (!budget.tryAcquire(bytes)) {
				releaseHeld();
				return serverBusy();
			}
			this.held += bytes;
			if (content instanceof LastHttpContent || this.streaming) {
				releaseHeld();
			}
		}
		return null;
	}

	private static RequestRejection serverBusy() {
		return new RequestRejection(HttpResponseStatus.SERVICE_UNAVAILABLE,
				"Server busy: too many bytes held for requests and responses; retry later");
	}

	private @Nullable RequestRejection check(HttpRequest request) {
		HttpVersion version = request.protocolVersion();
		if (!"HTTP".equals(version.protocolName()) || version.majorVersion() != 1 || version.minorVersion() > 1) {
			return new RequestRejection(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED,
					"HTTP version not supported: only HTTP/1.0 and HTTP/1.1 are");
		}
		String problem = RequestTargets.problem(request.method(), request.uri());
		if (problem != null) {
			return new RequestRejection(HttpResponseStatus.BAD_REQUEST, problem);
		}
		HttpHeaders headers = request.headers();
		// More than one Host was refused by the StrictHttpRequestDecoder.
		String host = headers.get(HttpHeaderNames.HOST);
		if (host == null) {
			if (version == HttpVersion.HTTP_1_1) {
				return new RequestRejection(HttpResponseStatus.BAD_REQUEST, "HTTP/1.1 requests need a Host header");
			}
		}
		else if (!RequestTargets.isValidHost(host)) {
			return new RequestRejection(HttpResponseStatus.BAD_REQUEST, "Invalid Host header");
		}
		// The common request has neither header: looked up without allocating.
		if (headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
			RequestRejection coding = checkTransferCoding(headers);
			if (coding != null) {
				return coding;
			}
		}
		return headers.contains(HttpHeaderNames.EXPECT) ? checkExpectation(request) : null;
	}

	/*
	 * RFC 9112 section 6.1 and 6.3, whatever Netty's decoder checked already (Netty
	 * 4.2.18 refuses a final coding other than chunked itself; 4.2.17 does not): the
	 * codings of every Transfer-Encoding line, in order, empty list elements skipped (RFC
	 * 9110 section 5.6.1); none at all, a final coding other than a bare chunked, or
	 * chunked twice, and the body's length cannot be known (400); chunked after a coding
	 * this server cannot undo (501).
	 */
	private static @Nullable RequestRejection checkTransferCoding(HttpHeaders headers) {
		List<String> codings = new ArrayList<>(2);
		for (String value : headers.getAll(HttpHeaderNames.TRANSFER_ENCODING)) {
			for (String coding : value.split(",", -1)) {
				String name = coding.strip();
				if (!name.isEmpty()) {
					codings.add(name);
				}
			}
		}
		int last = codings.size() - 1;
		if (last < 0 || !HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(codings.get(last))) {
			return new RequestRejection(HttpResponseStatus.BAD_REQUEST,
					"Invalid Transfer-Encoding: the final coding must be chunked");
		}
		for (int i = 0; i < last; i++) {
			if (HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(codings.get(i))) {
				return new RequestRejection(HttpResponseStatus.BAD_REQUEST,
						"Invalid Transfer-Encoding: chunked more than once");
			}
		}
		if (last > 0) {
			return new RequestRejection(HttpResponseStatus.NOT_IMPLEMENTED,
					"Transfer coding not supported: only chunked is");
		}
		return null;
	}

	private @Nullable RequestRejection checkExpectation(HttpRequest request) {
		List<String> expectations = request.headers().getAll(HttpHeaderNames.EXPECT);
		if (expectations.size() != 1
				|| !HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expectations.get(0).strip())) {
			return new RequestRejection(HttpResponseStatus.EXPECTATION_FAILED,
					"Only the expectation 100-continue is supported");
		}
		long limit = (this.streamed != null && this.streamed.test(request)) ? this.maxStreamSize
				: this.maxContentLength;
		if (HttpUtil.getContentLength(request, -1L) > limit) {
			return new RequestRejection(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
					"Request body is over the limit of " + limit + " bytes");
		}
		return null;
	}

}
