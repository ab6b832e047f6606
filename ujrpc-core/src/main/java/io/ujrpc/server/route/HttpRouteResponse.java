package io.ujrpc.server.route;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * An HTTP response produced by an {@link HttpRoute}.
 *
 * @param status the status code
 * @param contentType the content type, or {@code null} for a response without a body
 * @param body the body, empty for none
 * @param headers further headers to send
 */
public record HttpRouteResponse(int status, @Nullable String contentType, byte[] body, Map<String, String> headers) {

	private static final byte[] EMPTY = {};

	/**
	 * Create a response with a body.
	 * @param status the status code
	 * @param contentType the content type
	 * @param body the body
	 * @return the response
	 */
	public static HttpRouteResponse of(int status, String contentType, byte[] body) {
		return new HttpRouteResponse(status, contentType, body, Map.of());
	}

	/**
	 * Create a plain-text response.
	 * @param status the status code
	 * @param text the body
	 * @return the response
	 */
	public static HttpRouteResponse text(int status, String text) {
		return of(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Create a response without a body.
	 * @param status the status code
	 * @return the response
	 */
	public static HttpRouteResponse empty(int status) {
		return new HttpRouteResponse(status, null, EMPTY, Map.of());
	}

}
