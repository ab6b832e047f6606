package io.ujrpc.openrpc;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.ujrpc.server.route.HttpRoute;
import io.ujrpc.server.route.HttpRouteRequest;
import io.ujrpc.server.route.HttpRouteResponse;

/**
 * Serves the OpenRPC document of a discovery at {@code GET <path>}, for tools that read a
 * document from a URL rather than calling {@code rpc.discover}.
 * <p>
 * <pre class="code">
 * JsonRpcServer.builder(registry).route("/openrpc.json", new OpenRpcHttpRoute(discovery))
 * </pre>
 */
public final class OpenRpcHttpRoute implements HttpRoute {

	private static final String JSON = "application/json";

	private final OpenRpcDiscovery discovery;

	/**
	 * Create a route.
	 * @param discovery the discovery whose document is served
	 */
	public OpenRpcHttpRoute(OpenRpcDiscovery discovery) {
		if (discovery == null) {
			throw new IllegalArgumentException("discovery: null (expected: an OpenRpcDiscovery)");
		}
		this.discovery = discovery;
	}

	@Override
	public CompletionStage<HttpRouteResponse> handle(HttpRouteRequest request) {
		if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
			return CompletableFuture.completedFuture(new HttpRouteResponse(405, "text/plain; charset=utf-8",
					"The OpenRPC document is read with GET\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
					Map.of("Allow", "GET, HEAD")));
		}
		return CompletableFuture.completedFuture(new HttpRouteResponse(200, JSON, this.discovery.documentBytes(),
				Map.of("Cache-Control", "no-cache", "X-Content-Type-Options", "nosniff")));
	}

}
