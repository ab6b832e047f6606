package io.ujrpc.server.http;

import java.time.Duration;

/**
 * Limits and paths of the HTTP listener.
 *
 * @param jsonRpcPath the path JSON-RPC is posted to, or {@code null} for a listener that
 * serves only routes
 * @param maxContentLength the largest request body, in bytes
 * @param maxInitialLineLength the longest request line, in bytes
 * @param maxHeaderSize the largest header block, in bytes
 * @param idleTimeout how long a connection may sit idle before it is closed; zero for
 * never
 * @param maxPipelinedRequests how many requests one connection may have in flight before
 * the server stops reading from it
 */
public record HttpSettings(String jsonRpcPath, int maxContentLength, int maxInitialLineLength, int maxHeaderSize,
		Duration idleTimeout, int maxPipelinedRequests) {

	/**
	 * Check the settings.
	 * @param jsonRpcPath the JSON-RPC path or {@code null}
	 * @param maxContentLength the largest body
	 * @param maxInitialLineLength the longest request line
	 * @param maxHeaderSize the largest header block
	 * @param idleTimeout the idle timeout
	 * @param maxPipelinedRequests the most requests in flight per connection
	 */
	public HttpSettings {
		if (jsonRpcPath != null && !jsonRpcPath.startsWith("/")) {
			throw new IllegalArgumentException(
					"jsonRpcPath: '" + jsonRpcPath + "' (expected: a path starting with '/')");
		}
		requirePositive("maxContentLength", maxContentLength);
		requirePositive("maxInitialLineLength", maxInitialLineLength);
		requirePositive("maxHeaderSize", maxHeaderSize);
		requirePositive("maxPipelinedRequests", maxPipelinedRequests);
		if (idleTimeout == null || idleTimeout.isNegative()) {
			throw new IllegalArgumentException("idleTimeout: " + idleTimeout + " (expected: >= 0)");
		}
	}

	private static void requirePositive(String name, int value) {
		if (value <= 0) {
			throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
		}
	}

}
