package io.ujrpc.openrpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.ujrpc.server.route.HttpRoute;
import io.ujrpc.server.route.HttpRouteRequest;
import io.ujrpc.server.route.HttpRouteResponse;

/**
 * Serves the explorer: a page that lists a discovery's methods with their parameters and
 * schemas, and calls them through a form. Everything it loads comes from this route (the
 * page, its script, its style sheet and the document), so it works without network access
 * beyond the server and under the strict Content-Security-Policy it is sent with.
 * <p>
 * <pre class="code">
 * JsonRpcServer.builder(registry).route("/explorer", new ExplorerHttpRoute("/explorer", "/", discovery))
 * </pre>
 */
public final class ExplorerHttpRoute implements HttpRoute {

	/**
	 * The Content-Security-Policy of every explorer response: nothing but this server, no
	 * inline script or style, no framing.
	 */
	public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; "
			+ "frame-ancestors 'none'";

	private static final String RESOURCES = "/io/ujrpc/openrpc/explorer/";

	private static final Map<String, String> SECURITY_HEADERS = Map.of("Content-Security-Policy",
			CONTENT_SECURITY_POLICY, "X-Content-Type-Options", "nosniff", "Referrer-Policy", "no-referrer",
			"Cache-Control", "no-cache");

	private final String path;

	private final OpenRpcDiscovery discovery;

	private final byte[] page;

	private final byte[] script;

	private final byte[] styles;

	/**
	 * Create a route.
	 * @param path the path prefix the route is registered under, such as
	 * {@code /explorer}
	 * @param endpoint the path that JSON-RPC calls are POSTed to, such as {@code /}
	 * @param discovery the discovery whose methods are shown
	 */
	public ExplorerHttpRoute(String path, String endpoint, OpenRpcDiscovery discovery) {
		if (path == null || !path.startsWith("/")) {
			throw new IllegalArgumentException("path: '" + path + "' (expected: a path starting with '/')");
		}
		if (endpoint == null || !endpoint.startsWith("/")) {
			throw new IllegalArgumentException("endpoint: '" + endpoint + "' (expected: a path starting with '/')");
		}
		if (discovery == null) {
			throw new IllegalArgumentException("discovery: null (expected: an OpenRpcDiscovery)");
		}
		this.path = (path.length() > 1 && path.endsWith("/")) ? path.substring(0, path.length() - 1) : path;
		this.discovery = discovery;
		String base = this.path.equals("/") ? "" : this.path;
		this.page = new String(resource("index.html"), StandardCharsets.UTF_8).replace("{{base}}", escape(base))
			.replace("{{endpoint}}", escape(endpoint))
			.getBytes(StandardCharsets.UTF_8);
		this.script = resource("explorer.js");
		this.styles = resource("explorer.css");
	}

	@Override
	public CompletionStage<HttpRouteResponse> handle(HttpRouteRequest request) {
		return CompletableFuture.completedFuture(respond(request));
	}

	private HttpRouteResponse respond(HttpRouteRequest request) {
		if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
			return new HttpRouteResponse(405, "text/plain; charset=utf-8",
					"The explorer is read with GET\n".getBytes(StandardCharsets.UTF_8),
					merge(Map.of("Allow", "GET, HEAD")));
		}
		String rest = request.path().substring(Math.min(request.path().length(), this.path.length()));
		if (this.path.equals("/")) {
			rest = request.path();
		}
		return switch (rest) {
			case "", "/", "/index.html" -> ok("text/html; charset=utf-8", this.page);
			case "/explorer.js" -> ok("text/javascript; charset=utf-8", this.script);
			case "/explorer.css" -> ok("text/css; charset=utf-8", this.styles);
			case "/openrpc.json" -> ok("application/json", this.discovery.documentBytes());
			default -> new HttpRouteResponse(404, "text/plain; charset=utf-8",
					("No such explorer resource: " + request.path() + "\n").getBytes(StandardCharsets.UTF_8),
					SECURITY_HEADERS);
		};
	}

	private static HttpRouteResponse ok(String contentType, byte[] body) {
		return new HttpRouteResponse(200, contentType, body, SECURITY_HEADERS);
	}

	private static Map<String, String> merge(Map<String, String> extra) {
		Map<String, String> headers = new java.util.LinkedHashMap<>(SECURITY_HEADERS);
		headers.putAll(extra);
		return Map.copyOf(headers);
	}

	private static byte[] resource(String name) {
		try (InputStream in = ExplorerHttpRoute.class.getResourceAsStream(RESOURCES + name)) {
			if (in == null) {
				throw new IllegalStateException("Missing explorer resource " + RESOURCES + name);
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String escape(String text) {
		StringBuilder escaped = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '&' -> escaped.append("&amp;");
				case '<' -> escaped.append("&lt;");
				case '>' -> escaped.append("&gt;");
				case '"' -> escaped.append("&quot;");
				case '\'' -> escaped.append("&#39;");
				default -> escaped.append(c);
			}
		}
		return escaped.toString();
	}

}
