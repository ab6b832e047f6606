package io.ujrpc.autoconfigure.actuator;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import io.ujrpc.server.route.HttpRoute;
import io.ujrpc.server.route.HttpRouteRequest;
import io.ujrpc.server.route.HttpRouteResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.InvocationContext;
import org.springframework.boot.actuate.endpoint.OperationArgumentResolver;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.ProducibleOperationArgumentResolver;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.EndpointLinksResolver;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.Link;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.WebOperation;
import org.springframework.boot.actuate.endpoint.web.WebOperationRequestPredicate;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.core.io.Resource;
import org.springframework.util.InvalidMimeTypeException;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;

/**
 * Serves Spring Boot's web endpoints under the management base path, the way Boot's
 * Jersey and WebMVC adapters do: each {@link WebOperation} is matched by its
 * {@link WebOperationRequestPredicate} (path, method, consumed and produced media types),
 * invoked off the I/O thread with an {@link InvocationContext} that knows the Accept
 * header, and its result mapped to HTTP.
 */
final class ActuatorHttpRoute implements HttpRoute {

	private static final Log logger = LogFactory.getLog(ActuatorHttpRoute.class);

	private static final List<MimeType> ACCEPT_ANY = List.of(MimeTypeUtils.ALL);

	private static final TypeReference<Map<String, Object>> BODY_TYPE = new TypeReference<>() {
	};

	private final String basePath;

	private final List<OperationRoute> routes;

	private final List<MimeType> linksMediaTypes;

	private final EndpointLinksResolver linksResolver;

	private final WebServerNamespace namespace;

	private final Executor executor;

	private final JsonMapper endpointMapper;

	private final JsonMapper applicationMapper;

	/**
	 * Create a route.
	 * @param basePath the path the endpoints are under, such as {@code /actuator}; empty
	 * for the root
	 * @param endpoints the endpoints to serve
	 * @param linksMediaTypes the media types the links page produces
	 * @param linksResolver resolves the links page, or {@code null} for no links page
	 * @param namespace the server the route serves on, for endpoints that care
	 * @param executor runs operations, off the I/O thread
	 * @param endpointMapper writes the actuator's own response bodies
	 * @param applicationMapper writes other response bodies and reads request bodies
	 */
	ActuatorHttpRoute(String basePath, Collection<ExposableWebEndpoint> endpoints, List<String> linksMediaTypes,
			EndpointLinksResolver linksResolver, WebServerNamespace namespace, Executor executor,
			JsonMapper endpointMapper, JsonMapper applicationMapper) {
		this.basePath = basePath;
		this.routes = endpoints.stream()
			.flatMap((endpoint) -> endpoint.getOperations().stream())
			.map(OperationRoute::new)
			.sorted(Comparator.comparingInt(OperationRoute::precedence))
			.toList();
		this.linksMediaTypes = parse(linksMediaTypes);
		this.linksResolver = linksResolver;
		this.namespace = namespace;
		this.executor = executor;
		this.endpointMapper = endpointMapper;
		this.applicationMapper = applicationMapper;
	}

	@Override
	public CompletionStage<HttpRouteResponse> handle(HttpRouteRequest request) {
		String path = request.path();
		if (!path.startsWith(this.basePath)) {
			return done(notFound(path));
		}
		String[] segments = segments(path.substring(this.basePath.length()));
		List<MimeType> accepted;
		try {
			accepted = accepted(request);
		}
		catch (InvalidMimeTypeException ex) {
			return done(HttpRouteResponse.text(400, "Invalid Accept header: " + ex.getMessage() + "\n"));
		}
		if (segments.length == 0 && this.linksResolver != null) {
			return links(request, accepted);
		}
		List<Match> matches = new ArrayList<>();
		for (OperationRoute route : this.routes) {
			Map<String, Object> variables = route.match(segments);
			if (variables != null) {
				matches.add(new Match(route, variables));
			}
		}
		if (matches.isEmpty()) {
			return done(notFound(path));
		}
		List<Match> allowed = matches.stream().filter((match) -> match.route.method.equals(request.method())).toList();
		if (allowed.isEmpty()) {
			Set<String> methods = new LinkedHashSet<>();
			matches.forEach((match) -> methods.add(match.route.method));
			return done(new HttpRouteResponse(405, "text/plain; charset=utf-8",
					(request.method() + " is not supported here\n").getBytes(StandardCharsets.UTF_8),
					Map.of("Allow", String.join(", ", methods))));
		}
		String contentType = request.header("content-type");
		boolean unsupportedBody = false;
		for (Match match : allowed) {
			if (!match.route.consumes(contentType, request.body().length > 0)) {
				unsupportedBody = true;
				continue;
			}
			MimeType produced = negotiate(accepted, match.route.produces);
			if (produced != null) {
				return invoke(match, request, produced);
			}
		}
		if (unsupportedBody) {
			return done(HttpRouteResponse.text(415, "Content-Type " + contentType + " is not supported here\n"));
		}
		return done(HttpRouteResponse.text(406, "None of the accepted media types " + request.header("accept")
				+ " can be produced; this endpoint produces " + allowed.get(0).route.produces + "\n"));
	}

	private CompletionStage<HttpRouteResponse> links(HttpRouteRequest request, List<MimeType> accepted) {
		if (!"GET".equals(request.method())) {
			return done(new HttpRouteResponse(405, "text/plain; charset=utf-8",
					(request.method() + " is not supported here\n").getBytes(StandardCharsets.UTF_8),
					Map.of("Allow", "GET")));
		}
		MimeType produced = negotiate(accepted, this.linksMediaTypes);
		if (produced == null) {
			return done(HttpRouteResponse.text(406, "None of the accepted media types " + request.header("accept")
					+ " can be produced; the links page produces " + this.linksMediaTypes + "\n"));
		}
		String host = request.header("host");
		String url = request.scheme() + "://" + ((host != null) ? host : "localhost") + request.path();
		Map<String, Link> links = this.linksResolver.resolveLinks(url);
		Object body = OperationResponseBody.of(Map.of("_links", links));
		return done(HttpRouteResponse.of(200, produced.toString(), this.endpointMapper.writeValueAsBytes(body)));
	}

	private CompletionStage<HttpRouteResponse> invoke(Match match, HttpRouteRequest request, MimeType produced) {
		CompletableFuture<HttpRouteResponse> response = new CompletableFuture<>();
		try {
			this.executor.execute(() -> response.complete(invokeNow(match, request, produced)));
		}
		catch (RejectedExecutionException ex) {
			response.complete(HttpRouteResponse.text(503, "Too busy; retry later\n"));
		}
		return response;
	}

	private HttpRouteResponse invokeNow(Match match, HttpRouteRequest request, MimeType produced) {
		WebOperation operation = match.route.operation;
		try {
			Map<String, Object> arguments = new LinkedHashMap<>();
			if (!match.route.consumes.isEmpty() && request.body().length > 0) {
				arguments.putAll(readBody(request.body()));
			}
			arguments.putAll(match.variables);
			arguments.putAll(queryParameters(request.query()));
			List<String> accepts = request.headers().get("accept");
			InvocationContext context = new InvocationContext(SecurityContext.NONE, arguments,
					OperationArgumentResolver.of(WebServerNamespace.class, () -> this.namespace),
					new ProducibleOperationArgumentResolver(() -> accepts));
			return toResponse(operation.invoke(context), request.method(), produced);
		}
		catch (InvalidEndpointRequestException ex) {
			return HttpRouteResponse.text(400, ex.getReason() + "\n");
		}
		catch (RuntimeException ex) {
			logger.error("Actuator operation " + operation + " failed", ex);
			return HttpRouteResponse.text(500, "Internal server error\n");
		}
	}

	private Map<String, Object> readBody(byte[] body) {
		try {
			Map<String, Object> values = this.applicationMapper.readValue(body, BODY_TYPE);
			return (values != null) ? values : Map.of();
		}
		catch (JacksonException ex) {
			throw new InvalidEndpointRequestException("Invalid JSON body: " + ex.getOriginalMessage(),
					"Invalid JSON body");
		}
	}

	private HttpRouteResponse toResponse(Object result, String method, MimeType produced) {
		if (result == null) {
			return HttpRouteResponse.empty("GET".equals(method) ? 404 : 204);
		}
		if (!(result instanceof WebEndpointResponse<?> response)) {
			return body(200, result, produced);
		}
		MimeType contentType = (response.getContentType() != null) ? response.getContentType() : produced;
		if (response.getBody() == null) {
			return HttpRouteResponse.empty(response.getStatus());
		}
		return body(response.getStatus(), response.getBody(), contentType);
	}

	private HttpRouteResponse body(int status, Object body, MimeType contentType) {
		if (body instanceof byte[] bytes) {
			return HttpRouteResponse.of(status, contentType.toString(), bytes);
		}
		if (body instanceof CharSequence text) {
			MimeType withCharset = (contentType.getCharset() != null) ? contentType
					: new MimeType(contentType, StandardCharsets.UTF_8);
			return HttpRouteResponse.of(status, withCharset.toString(),
					text.toString().getBytes(StandardCharsets.UTF_8));
		}
		if (body instanceof Resource resource) {
			try (InputStream in = resource.getInputStream()) {
				return HttpRouteResponse.of(status, contentType.toString(), in.readAllBytes());
			}
			catch (IOException ex) {
				throw new IllegalStateException("Cannot read " + resource, ex);
			}
		}
		JsonMapper mapper = (body instanceof OperationResponseBody) ? this.endpointMapper : this.applicationMapper;
		return HttpRouteResponse.of(status, contentType.toString(), mapper.writeValueAsBytes(body));
	}

	private static List<MimeType> accepted(HttpRouteRequest request) {
		List<String> values = request.headers().get("accept");
		if (values == null || values.isEmpty()) {
			return ACCEPT_ANY;
		}
		List<MimeType> accepted = new ArrayList<>(MimeTypeUtils.parseMimeTypes(String.join(",", values)));
		if (accepted.isEmpty()) {
			return ACCEPT_ANY;
		}
		// Highest quality first; a stable sort keeps the client's order among equals.
		accepted.sort(Comparator.comparingDouble(ActuatorHttpRoute::quality).reversed());
		return accepted;
	}

	private static double quality(MimeType type) {
		String q = type.getParameter("q");
		try {
			return (q != null) ? Double.parseDouble(q) : 1.0;
		}
		catch (NumberFormatException ex) {
			return 0.0;
		}
	}

	/*
	 * Return the produced type for the most wanted accepted type, or {@code null} when
	 * nothing acceptable can be produced.
	 */
	private static MimeType negotiate(List<MimeType> accepted, List<MimeType> produces) {
		if (produces.isEmpty()) {
			return MimeTypeUtils.APPLICATION_OCTET_STREAM;
		}
		for (MimeType accept : accepted) {
			if (quality(accept) <= 0) {
				continue;
			}
			for (MimeType produce : produces) {
				if (accept.isCompatibleWith(produce)) {
					return produce;
				}
			}
		}
		return null;
	}

	private static List<MimeType> parse(Collection<String> types) {
		return types.stream().map(MimeTypeUtils::parseMimeType).toList();
	}

	private static String[] segments(String path) {
		return Arrays.stream(path.split("/")).filter((segment) -> !segment.isEmpty()).toArray(String[]::new);
	}

	private static Map<String, Object> queryParameters(String query) {
		if (query == null || query.isEmpty()) {
			return Map.of();
		}
		Map<String, List<String>> values = new LinkedHashMap<>();
		for (String pair : query.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = decode((equals < 0) ? pair : pair.substring(0, equals));
			String value = (equals < 0) ? "" : decode(pair.substring(equals + 1));
			values.computeIfAbsent(name, (key) -> new ArrayList<>(1)).add(value);
		}
		Map<String, Object> parameters = new LinkedHashMap<>();
		values.forEach((name, list) -> parameters.put(name, (list.size() == 1) ? list.get(0) : list));
		return parameters;
	}

	private static String decode(String value) {
		try {
			return URLDecoder.decode(value, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEndpointRequestException("Malformed query parameter: " + value, "Malformed query");
		}
	}

	private static HttpRouteResponse notFound(String path) {
		return HttpRouteResponse.text(404, "No actuator endpoint at " + path + "\n");
	}

	private static CompletionStage<HttpRouteResponse> done(HttpRouteResponse response) {
		return CompletableFuture.completedFuture(response);
	}

	private record Match(OperationRoute route, Map<String, Object> variables) {
	}

	/**
	 * One operation's request predicate, compiled for matching.
	 */
	private static final class OperationRoute {

		private final WebOperation operation;

		private final String method;

		/** Literal segments as they are, variables as {@code {name}}. */
		private final String[] segments;

		private final String remainingVariable;

		private final List<MimeType> consumes;

		private final List<MimeType> produces;

		OperationRoute(WebOperation operation) {
			WebOperationRequestPredicate predicate = operation.getRequestPredicate();
			this.operation = operation;
			this.method = predicate.getHttpMethod().name();
			this.remainingVariable = predicate.getMatchAllRemainingPathSegmentsVariable();
			String[] all = ActuatorHttpRoute.segments(predicate.getPath());
			this.segments = (this.remainingVariable != null) ? Arrays.copyOf(all, all.length - 1) : all;
			this.consumes = parse(predicate.getConsumes());
			this.produces = parse(predicate.getProduces());
		}

		/*
		 * Literal paths before variables, and a match-all-remaining variable last.
		 */
		int precedence() {
			int variables = 0;
			for (String segment : this.segments) {
				if (isVariable(segment)) {
					variables++;
				}
			}
			return ((this.remainingVariable != null) ? 1000 : 0) + variables;
		}

		Map<String, Object> match(String[] path) {
			if (path.length < this.segments.length
					|| (this.remainingVariable == null && path.length != this.segments.length)
					|| (this.remainingVariable != null && path.length == this.segments.length)) {
				return null;
			}
			Map<String, Object> variables = new LinkedHashMap<>();
			for (int i = 0; i < this.segments.length; i++) {
				String segment = this.segments[i];
				if (isVariable(segment)) {
					variables.put(segment.substring(1, segment.length() - 1), path[i]);
				}
				else if (!segment.equals(path[i])) {
					return null;
				}
			}
			if (this.remainingVariable != null) {
				variables.put(this.remainingVariable, Arrays.copyOfRange(path, this.segments.length, path.length));
			}
			return variables;
		}

		boolean consumes(String contentType, boolean hasBody) {
			if (!hasBody || this.consumes.isEmpty()) {
				return true;
			}
			if (contentType == null) {
				return false;
			}
			try {
				MimeType type = MimeTypeUtils.parseMimeType(contentType);
				return this.consumes.stream().anyMatch((consumed) -> consumed.includes(type));
			}
			catch (InvalidMimeTypeException ex) {
				return false;
			}
		}

		private static boolean isVariable(String segment) {
			return segment.startsWith("{") && segment.endsWith("}");
		}

	}

}
