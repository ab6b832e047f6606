package io.ujrpc.server.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.ujrpc.server.route.HttpRoute;
import org.jspecify.annotations.Nullable;

/**
 * The routes of a listener by path prefix; the longest matching prefix wins.
 */
final class HttpRoutes {

	private static final HttpRoutes NONE = new HttpRoutes(List.of());

	private final List<Map.Entry<String, HttpRoute>> routes;

	private HttpRoutes(List<Map.Entry<String, HttpRoute>> routes) {
		this.routes = routes;
	}

	/**
	 * Return routes for the given prefixes.
	 * @param routes the routes by path prefix
	 * @return the routes
	 */
	static HttpRoutes of(Map<String, HttpRoute> routes) {
		if (routes.isEmpty()) {
			return NONE;
		}
		List<Map.Entry<String, HttpRoute>> sorted = new ArrayList<>();
		routes.forEach((prefix, route) -> sorted.add(Map.entry(normalize(prefix), route)));
		sorted.sort(Comparator.comparingInt((Map.Entry<String, HttpRoute> e) -> e.getKey().length()).reversed());
		return new HttpRoutes(List.copyOf(sorted));
	}

	private static String normalize(String prefix) {
		if (!prefix.startsWith("/")) {
			throw new IllegalArgumentException("route prefix: '" + prefix + "' (expected: a path starting with '/')");
		}
		return (prefix.length() > 1 && prefix.endsWith("/")) ? prefix.substring(0, prefix.length() - 1) : prefix;
	}

	/**
	 * Find the route for a path.
	 * @param path the request path without query
	 * @return the route or {@code null}
	 */
	@Nullable HttpRoute find(String path) {
		for (Map.Entry<String, HttpRoute> entry : this.routes) {
			String prefix = entry.getKey();
			if (prefix.equals("/") || path.equals(prefix)
					|| (path.startsWith(prefix) && path.charAt(prefix.length()) == '/')) {
				return entry.getValue();
			}
		}
		return null;
	}

}
