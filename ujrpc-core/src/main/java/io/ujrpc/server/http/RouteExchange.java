package io.ujrpc.server.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.ujrpc.server.route.HttpRoute;
import io.ujrpc.server.route.HttpRouteRequest;
import io.ujrpc.server.route.HttpRouteResponse;

/**
 * Hands a request to an {@link HttpRoute}: copies it out of the network buffers into an
 * {@link HttpRouteRequest}, and turns a route that throws into a failed future.
 */
final class RouteExchange {

	private RouteExchange() {
	}

	/**
	 * Call a route.
	 * @param route the route
	 * @param request the request, still owned by the caller
	 * @param path the raw path, without the query
	 * @param query the raw query, without the {@code ?}, empty when absent
	 * @param secure whether the connection is TLS
	 * @return the route's response, possibly completed later
	 */
	static CompletableFuture<HttpRouteResponse> handle(HttpRoute route, FullHttpRequest request, String path,
			String query, boolean secure) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (Map.Entry<String, String> header : request.headers()) {
			headers.computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT), (name) -> new ArrayList<>(1))
				.add(header.getValue());
		}
		HttpRouteRequest routeRequest = new HttpRouteRequest(request.method().name(),
				QueryStringDecoder.decodeComponent(path), query, headers, ByteBufUtil.getBytes(request.content()),
				secure ? "https" : "http");
		try {
			return route.handle(routeRequest).toCompletableFuture();
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

}
