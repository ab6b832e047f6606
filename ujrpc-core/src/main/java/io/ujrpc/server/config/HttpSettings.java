package io.ujrpc.server.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.ujrpc.internal.Checks;
import io.ujrpc.server.route.HttpRoute;
import org.jspecify.annotations.Nullable;

/**
 * Settings of an HTTP/1.1 listener: the application's, which takes JSON-RPC POSTs on a
 * path and may serve routes beside it, or the management one, which serves routes only.
 *
 * @param port the port; 0 picks a free one
 * @param jsonRpcPath the path JSON-RPC is POSTed to; {@code null} only on the management
 * listener
 * @param routes plain HTTP routes by path prefix, such as {@code /actuator}
 * @param maxContentLength the largest request body, in bytes; larger ones get 413
 * @param maxInitialLineLength the longest request line, in bytes; longer ones get 414
 * @param maxHeaderSize the largest header block, in bytes; larger ones get 431
 * @param idleTimeout how long a connection may sit idle before it is closed; zero for
 * never
 * @param headerTimeout how long a request's head may take to arrive, from its first byte;
 * zero for no limit beyond the request timeout; a late head gets 408
 * @param requestTimeout how long a whole request may take to arrive, from its first byte;
 * zero for no limit; a late request gets 408
 * @param maxPipelinedRequests how many requests one connection may have in flight before
 * the server stops reading from it
 * @param cors the cross-origin rules of every path of the listener, or {@code null} for
 * none (no CORS headers, preflights answered like any other {@code OPTIONS})
 */
public record HttpSettings(int port, @Nullable String jsonRpcPath, Map<String, HttpRoute> routes, int maxContentLength,
		int maxInitialLineLength, int maxHeaderSize, Duration idleTimeout, Duration headerTimeout,
		Duration requestTimeout, int maxPipelinedRequests, @Nullable CorsSettings cors) {

	/**
	 * Check the settings.
	 * @param port the port
	 * @param jsonRpcPath the JSON-RPC path or {@code null}
	 * @param routes the routes
	 * @param maxContentLength the largest body
	 * @param maxInitialLineLength the longest request line
	 * @param maxHeaderSize the largest header block
	 * @param idleTimeout the idle timeout
	 * @param headerTimeout the header timeout
	 * @param requestTimeout the request timeout
	 * @param maxPipelinedRequests the most requests in flight per connection
	 * @param cors the CORS rules or {@code null}
	 */
	public HttpSettings {
		Checks.port("port", port);
		if (jsonRpcPath != null) {
			Checks.path("jsonRpcPath", jsonRpcPath);
		}
		routes.keySet().forEach((prefix) -> Checks.path("route prefix", prefix));
		routes = Collections.unmodifiableMap(new LinkedHashMap<>(routes));
		Checks.positive("maxContentLength", maxContentLength);
		Checks.positive("maxInitialLineLength", maxInitialLineLength);
		Checks.positive("maxHeaderSize", maxHeaderSize);
		Checks.notNegative("idleTimeout", idleTimeout);
		Checks.notNegative("headerTimeout", headerTimeout);
		Checks.notNegative("requestTimeout", requestTimeout);
		Checks.positive("maxPipelinedRequests", maxPipelinedRequests);
	}

	/**
	 * Settings without CORS.
	 * @param port the port
	 * @param jsonRpcPath the JSON-RPC path or {@code null}
	 * @param routes the routes
	 * @param maxContentLength the largest body
	 * @param maxInitialLineLength the longest request line
	 * @param maxHeaderSize the largest header block
	 * @param idleTimeout the idle timeout
	 * @param headerTimeout the header timeout
	 * @param requestTimeout the request timeout
	 * @param maxPipelinedRequests the most requests in flight per connection
	 */
	public HttpSettings(int port, @Nullable String jsonRpcPath, Map<String, HttpRoute> routes, int maxContentLength,
			int maxInitialLineLength, int maxHeaderSize, Duration idleTimeout, Duration headerTimeout,
			Duration requestTimeout, int maxPipelinedRequests) {
		this(port, jsonRpcPath, routes, maxContentLength, maxInitialLineLength, maxHeaderSize, idleTimeout,
				headerTimeout, requestTimeout, maxPipelinedRequests, null);
	}

}
