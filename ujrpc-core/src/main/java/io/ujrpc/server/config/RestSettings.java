package io.ujrpc.server.config;

import java.time.Duration;

import io.ujrpc.internal.Checks;

/**
 * Settings of the REST mapping on the HTTP listener: every JSON-RPC method is also served
 * at {@code {path}/{method name}}, and on the routes its {@code @RestMapping} declares.
 *
 * @param path the prefix of the default routes, such as {@code /rest}; {@code /} puts
 * them at the root, beside the JSON-RPC endpoint
 * @param maxStreamSize the largest {@code application/octet-stream} body streamed into a
 * method, in bytes; larger ones get 413
 * @param streamTimeout how long a streamed body may take to arrive, from the first byte
 * of its request; zero for no limit; a late body gets 408
 */
public record RestSettings(String path, long maxStreamSize, Duration streamTimeout) {

	/**
	 * Check the settings.
	 * @param path the path prefix
	 * @param maxStreamSize the largest streamed body
	 * @param streamTimeout the streamed body's deadline
	 */
	public RestSettings {
		Checks.path("restPath", path);
		if (maxStreamSize <= 0) {
			throw new IllegalArgumentException("maxStreamSize: " + maxStreamSize + " (expected: > 0)");
		}
		Checks.notNegative("streamTimeout", streamTimeout);
		if (path.length() > 1 && path.endsWith("/")) {
			path = path.substring(0, path.length() - 1);
		}
	}

}
