package io.ujrpc.server.http;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.ujrpc.internal.netty.HttpRefusal;
import io.ujrpc.protocol.Encoding;
import io.ujrpc.server.route.HttpRouteResponse;
import org.jspecify.annotations.Nullable;

/**
 * The plain HTTP responses of the HTTP listener, as Netty response objects for its
 * encoder: a status with a short text body, and what a route answered. Pure functions of
 * their arguments.
 */
final class HttpResponses {

	private static final HttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);

	private static final HttpHeadersFactory TRAILERS = DefaultHttpHeadersFactory.trailersFactory()
		.withValidation(false);

	private HttpResponses() {
	}

	/**
	 * A status with a one-line text body.
	 * @param status the status
	 * @param message the body, without the newline
	 * @return the response, HTTP/1.1
	 */
	static FullHttpResponse status(HttpResponseStatus status, String message) {
		ByteBuf body = Unpooled.copiedBuffer(message + "\n", StandardCharsets.UTF_8);
		FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body, HEADERS, TRAILERS);
		response.headers()
			.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
			.setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
		if (status.code() == HttpResponseStatus.SERVICE_UNAVAILABLE.code()) {
			// The memory budget frees up as responses leave: soon.
			response.headers().setInt(HttpHeaderNames.RETRY_AFTER, 1);
		}
		else if (status.code() == HttpResponseStatus.UPGRADE_REQUIRED.code()) {
			// Only a WebSocket handshake of another version is answered so.
			response.headers().set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13");
		}
		return response;
	}

	/**
	 * The interim response that invites a request's body.
	 * @return {@code 100 Continue}, HTTP/1.1, empty
	 */
	static FullHttpResponse continueResponse() {
		return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER,
				HEADERS, TRAILERS);
	}

	/**
	 * The status that answers a request the decoder could not read.
	 * @param cause why it could not
	 * @return the rejection's own status, or 431, 414, 413 or 400
	 */
	static HttpResponseStatus statusFor(@Nullable Throwable cause) {
		if (cause instanceof HttpRefusal refusal) {
			return refusal.status();
		}
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

	/**
	 * Describe a decoding failure to the client.
	 * @param cause the failure
	 * @return the message
	 */
	static String describe(@Nullable Throwable cause) {
		if (cause instanceof HttpRefusal refusal) {
			return refusal.getMessage();
		}
		String message = (cause != null) ? cause.getMessage() : null;
		return "Malformed HTTP request" + ((message != null) ? ": " + message : "");
	}

	/**
	 * Choose the encoding of a JSON-RPC reply from the request's Accept header, as Spring
	 * does: none, {@code *}{@code /*} or {@code application/*} keep the request's
	 * encoding; otherwise the first supported type in order of preference.
	 * @param request the request's encoding
	 * @param accept the Accept header, or {@code null}
	 * @return the encoding, or {@code null} when Accept allows none of them (406)
	 */
	static @Nullable Encoding replyEncoding(Encoding request, @Nullable String accept) {
		if (accept == null || accept.isBlank()) {
			return request;
		}
		Encoding best = null;
		double bestQuality = 0;
		for (String range : accept.split(",")) {
			int parameters = range.indexOf(';');
			String type = ((parameters >= 0) ? range.substring(0, parameters) : range).trim();
			double quality = (parameters >= 0) ? quality(range.substring(parameters + 1)) : 1;
			if (quality <= bestQuality) {
				continue;
			}
			Encoding encoding;
			if (type.equals("*/*") || type.equalsIgnoreCase("application/*")) {
				encoding = request;
			}
			else if (isJson(type)) {
				encoding = Encoding.JSON;
			}
			else {
				encoding = Encoding.binary(type);
			}
			if (encoding != null) {
				best = encoding;
				bestQuality = quality;
			}
		}
		return best;
	}

	private static double quality(String parameters) {
		for (String parameter : parameters.split(";")) {
			String trimmed = parameter.trim();
			if (trimmed.regionMatches(true, 0, "q=", 0, 2)) {
				try {
					return Double.parseDouble(trimmed.substring(2).trim());
				}
				catch (NumberFormatException ex) {
					return 0;
				}
			}
		}
		return 1;
	}

	/**
	 * Whether a content type is one JSON-RPC accepts: JSON, or a JSON-based type.
	 * @param contentType the header's value, or {@code null}
	 * @return whether it is JSON
	 */
	static boolean isJson(@Nullable String contentType) {
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

	/**
	 * What a route answered, as a response.
	 * @param value the route's response
	 * @param version the request's version
	 * @param head whether the request was HEAD: headers only
	 * @return the response
	 */
	static FullHttpResponse route(HttpRouteResponse value, HttpVersion version, boolean head) {
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

}
