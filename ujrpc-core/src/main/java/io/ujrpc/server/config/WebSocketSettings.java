package io.ujrpc.server.config;

import java.time.Duration;
import java.util.List;

import io.ujrpc.internal.Checks;

/**
 * Settings of the WebSocket endpoint on the HTTP listener.
 *
 * @param path the path WebSocket clients upgrade on, such as {@code /ws}
 * @param maxFrameSize the largest message, in bytes; larger ones close the connection
 * with status 1009
 * @param allowedOrigins the browser origins allowed to connect besides the server's own,
 * such as {@code https://app.example.com}; {@code *} allows any and may also stand for
 * part of an origin ({@code https://*.example.com}); requests without an {@code Origin}
 * header (non-browser clients) are always allowed
 * @param idleTimeout how long a connection may sit idle before it is closed; zero for
 * never
 * @param requestTimeout how long a whole request (a JSON value on TCP, a message on
 * WebSocket) may take to arrive, from its first byte; zero for no limit; the connection
 * is closed when one is late
 * @param maxPipelinedRequests how many requests one connection may have in flight before
 * the server stops reading from it
 */
public record WebSocketSettings(String path, int maxFrameSize, List<String> allowedOrigins, Duration idleTimeout,
		Duration requestTimeout, int maxPipelinedRequests) {

	/**
	 * Check the settings.
	 * @param path the path
	 * @param maxFrameSize the largest message
	 * @param allowedOrigins the allowed origins
	 * @param idleTimeout the idle timeout
	 * @param requestTimeout the request timeout
	 * @param maxPipelinedRequests the most requests in flight per connection
	 */
	public WebSocketSettings {
		Checks.path("webSocketPath", path);
		Checks.positive("maxFrameSize", maxFrameSize);
		allowedOrigins = List.copyOf(Checks.notNull("allowedOrigins", allowedOrigins));
		Checks.notNegative("webSocketIdleTimeout", idleTimeout);
		Checks.notNegative("requestTimeout", requestTimeout);
		Checks.positive("maxPipelinedRequests", maxPipelinedRequests);
	}

}
