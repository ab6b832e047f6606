package io.ujrpc.server.config;

import java.time.Duration;

import io.ujrpc.internal.Checks;

/**
 * Settings of the raw TCP listener.
 *
 * @param port the port; 0 picks a free one
 * @param maxRequestSize the largest request or batch, in bytes
 * @param idleTimeout how long a connection may sit idle before it is closed; zero for
 * never
 * @param requestTimeout how long a whole request (a JSON value on TCP, a message on
 * WebSocket) may take to arrive, from its first byte; zero for no limit; the connection
 * is closed when one is late
 * @param maxPipelinedRequests how many requests one connection may have in flight before
 * the server stops reading from it
 */
public record TcpSettings(int port, int maxRequestSize, Duration idleTimeout, Duration requestTimeout,
		int maxPipelinedRequests) {

	/**
	 * Check the settings.
	 * @param port the port
	 * @param maxRequestSize the largest request
	 * @param idleTimeout the idle timeout
	 * @param requestTimeout the request timeout
	 * @param maxPipelinedRequests the most requests in flight per connection
	 */
	public TcpSettings {
		Checks.port("tcpPort", port);
		Checks.positive("tcpMaxRequestSize", maxRequestSize);
		Checks.notNegative("tcpIdleTimeout", idleTimeout);
		Checks.notNegative("requestTimeout", requestTimeout);
		Checks.positive("maxPipelinedRequests", maxPipelinedRequests);
	}

}
