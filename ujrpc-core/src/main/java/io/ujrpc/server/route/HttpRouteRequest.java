package io.ujrpc.server.route;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * An HTTP request handed to an {@link HttpRoute}.
 *
 * @param method the request method, upper case
 * @param path the decoded path, without the query
 * @param query the raw query string, without the {@code ?}; empty when absent
 * @param headers the headers by lower-case name, each with its values in order
 * @param body the request body, empty when absent
 * @param scheme {@code https} when the connection is TLS, else {@code http}
 */
public record HttpRouteRequest(String method, String path, String query, Map<String, List<String>> headers, byte[] body,
		String scheme) {

	/**
	 * Return the first value of a header.
	 * @param name the header name, in any case
	 * @return the value or {@code null}
	 */
	public @Nullable String header(String name) {
		List<String> values = this.headers.get(name.toLowerCase(java.util.Locale.ROOT));
		return (values != null && !values.isEmpty()) ? values.get(0) : null;
	}

}
