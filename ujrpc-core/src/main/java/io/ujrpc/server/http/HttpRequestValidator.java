package io.ujrpc.server.http;

import java.util.List;
import java.util.function.Predicate;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;

/**
 * Refuses the request heads that RFC 9112 says a server must not act on, and that Netty's
 * decoder lets through: a version other than HTTP/1.0 and HTTP/1.1 (505), a transfer
 * coding other than {@code chunked} (501), a missing or malformed {@code Host} (400), a
 * request target with control characters or of a form this server does not serve (400),
 * an expectation other than {@code 100-continue} (417), and a {@code 100-continue} whose
 * {@code Content-Length} is over the limit (413). Requests the decoder could not read are
 * refused too, with the status for what went wrong.
 * <p>
 * A refused request goes on as a {@link RequestRejection}, and everything the decoder
 * reads after it is dropped: the connection closes once it is answered, so its body can
 * never be read as another request. A {@code 100-continue} that is accepted becomes a
 * {@link ContinueRequest} ahead of its request, so that the interim response is written
 * in order; the aggregator then sees no expectation and writes nothing itself.
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
		if (rejection != null) {
			this.refused = true;
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
	 * Netty has already refused a final coding other than {@code chunked}, a repeated
	 * {@code chunked}, and a transfer coding beside {@code Content-Length} or in an
	 * HTTP/1.0 request; what is left is a coding this server cannot undo.
	 */
	private static @Nullable RequestRejection checkTransferCoding(HttpHeaders headers) {
		for (String value : headers.getAll(HttpHeaderNames.TRANSFER_ENCODING)) {
			for (String coding : value.split(",", -1)) {
				String name = coding.strip();
				if (!name.isEmpty() && !HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(name)) {
					return new RequestRejection(HttpResponseStatus.NOT_IMPLEMENTED,
							"Transfer coding not supported: only chunked is");
				}
			}
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
