package io.ujrpc.server.tcp;

import java.time.Duration;

/**
 * Limits of the raw TCP listener.
 *
 * @param maxRequestSize the largest request or batch, in bytes
 * @param idleTimeout how long a connection may sit idle before it is closed; zero for
 * never
 * @param maxPipelinedRequests how many requests one connection may have in flight before
 * the server stops reading from it
 */
public record TcpSettings(int maxRequestSize, Duration idleTimeout, int maxPipelinedRequests) {

	/**
	 * Check the settings.
	 * @param maxRequestSize the largest request
	 * @param idleTimeout the idle timeout
	 * @param maxPipelinedRequests the most requests in flight per connection
	 */
	public TcpSettings {
		if (maxRequestSize <= 0) {
			throw new IllegalArgumentException("maxRequestSize: " + maxRequestSize + " (expected: > 0)");
		}
		if (maxPipelinedRequests <= 0) {
			throw new IllegalArgumentException("maxPipelinedRequests: " + maxPipelinedRequests + " (expected: > 0)");
		}
		if (idleTimeout == null || idleTimeout.isNegative()) {
			throw new IllegalArgumentException("idleTimeout: " + idleTimeout + " (expected: >= 0)");
		}
	}

}
