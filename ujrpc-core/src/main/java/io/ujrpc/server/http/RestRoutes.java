package io.ujrpc.server.http;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.ujrpc.annotation.JsonRpcErrorMapping;
import io.ujrpc.annotation.RestBody;
import io.ujrpc.annotation.RestMapping;
import io.ujrpc.dispatch.ExecutionMode;
import io.ujrpc.dispatch.MethodInvoker;
import io.ujrpc.dispatch.MethodRegistrationException;
import io.ujrpc.dispatch.MethodRegistry;
import io.ujrpc.server.config.RestSettings;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;

/**
 * The REST routes of a listener, built once from the method registry: the default route
 * {@code {rest path}/{method name}} ({@code GET} and {@code POST}) of every method, and
 * the routes methods declare with {@link RestMapping}. Routes that would answer the same
 * request, or shadow the JSON-RPC endpoint, the WebSocket path or a plain HTTP route,
 * fail at startup naming both. Read-only afterwards; a lookup is a hash map read for the
 * default routes, and a walk over the declared routes with as many segments.
 */
final class RestRoutes {

	private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

	private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");

	private static final String DEFAULT_ALLOW = "GET, POST";

	private final String prefix;

	private final Map<String, Target> targets;

	/** The declared routes by segment count, most literal segments first. */
	private final Map<Integer, List<Route>> declared;

	private final Map<Integer, Integer> statusByCode;

	private RestRoutes(String prefix, Map<String, Target> targets, Map<Integer, List<Route>> declared,
			Map<Integer, Integer> statusByCode) {
		this.prefix = prefix;
		this.targets = targets;
		this.declared = declared;
		this.statusByCode = statusByCode;
	}

	/**
	 * Build the routes.
	 * @param registry the methods
	 * @param settings the REST settings
	 * @param mapper reads query text that is JSON
	 * @param reserved paths served otherwise, each with what serves it: exact paths, and
	 * prefixes ending with {@code /*}
	 * @return the routes
	 * @throws MethodRegistrationException when a route is malformed or two conflict
	 */
	static RestRoutes of(MethodRegistry registry, RestSettings settings, ObjectMapper mapper,
			Map<String, String> reserved) {
		String prefix = settings.path().equals("/") ? "" : settings.path();
		Map<String, Target> targets = new HashMap<>();
		List<Route> routes = new ArrayList<>();
		Map<Integer, Integer> statusByCode = new HashMap<>();
		for (MethodInvoker invoker : registry.methods()) {
			Target target = new Target(invoker, mapper);
			targets.put(invoker.name(), target);
			target.statusByCode.forEach(statusByCode::putIfAbsent);
			RestMapping mapping = invoker.method().getAnnotation(RestMapping.class);
			if (mapping != null) {
				routes.add(Route.declared(target, mapping));
			}
		}
		checkConflicts(prefix, targets, routes, reserved);
		Map<Integer, List<Route>> declared = new HashMap<>();
		for (Route route : routes) {
			declared.computeIfAbsent(route.segments.length, (n) -> new ArrayList<>()).add(route);
		}
		declared.values().forEach((list) -> list.sort(Comparator.comparingInt(Route::literals).reversed()));
		return new RestRoutes(prefix, Map.copyOf(targets), Map.copyOf(declared), Map.copyOf(statusByCode));
	}

	private static void checkConflicts(String prefix, Map<String, Target> targets, List<Route> routes,
			Map<String, String> reserved) {
		for (int i = 0; i < routes.size(); i++) {
			Route route = routes.get(i);
			for (int j = 0; j < i; j++) {
				Route other = routes.get(j);
				if (route.httpMethod.equals(other.httpMethod) && route.sameShape(other)) {
					throw new MethodRegistrationException("Conflicting REST routes: " + other.describe() + " and "
							+ route.describe() + " answer the same requests");
				}
			}
			for (Target target : targets.values()) {
				String path = prefix + "/" + target.invoker.name();
				if (target != route.target && ("GET".equals(route.httpMethod) || "POST".equals(route.httpMethod))
						&& route.matches(segments(path)) != null) {
					throw new MethodRegistrationException(
							"Conflicting REST routes: " + route.describe() + " and the default route "
									+ route.httpMethod + " " + path + " of method '" + target.invoker.name() + "'");
				}
			}
		}
		for (Map.Entry<String, String> entry : reserved.entrySet()) {
			String path = entry.getKey();
			boolean isPrefix = path.endsWith("/*");
			String base = isPrefix ? path.substring(0, path.length() - 2) : path;
			for (Target target : targets.values()) {
				String restPath = prefix + "/" + target.invoker.name();
				if (restPath.equals(base) || (isPrefix && (base.isEmpty() || restPath.startsWith(base + "/")))) {
					throw new MethodRegistrationException("The default REST route " + restPath + " of method '"
							+ target.invoker.name() + "' conflicts with " + entry.getValue() + " on " + path);
				}
			}
			if (!isPrefix && !prefix.isEmpty() && base.startsWith(prefix + "/")) {
				throw new MethodRegistrationException("The REST path " + prefix + " takes every path under it, but "
						+ entry.getValue() + " is on " + path);
			}
			if (isPrefix && (base.isEmpty() || prefix.equals(base) || prefix.startsWith(base + "/"))) {
				throw new MethodRegistrationException("The REST path " + (prefix.isEmpty() ? "/" : prefix)
						+ " is under " + entry.getValue() + " on " + path);
			}
			String[] baseSegments = base.isEmpty() ? new String[] { "" } : segments(base);
			for (Route route : routes) {
				if (route.overlaps(baseSegments, isPrefix)) {
					throw new MethodRegistrationException("The REST route " + route.describe() + " conflicts with "
							+ entry.getValue() + " on " + path);
				}
			}
		}
	}

	/**
	 * Find what serves a request.
	 * @param method the request's method
	 * @param path the raw path, without the query
	 * @return the route and its variables, or a refusal of the method, or {@code null}
	 * when the path is not a REST route at all
	 */
	@Nullable Lookup find(HttpMethod method, String path) {
		String name = method.name();
		List<Route> candidates = this.declared.get(segmentCount(path));
		Set<String> allowed = null;
		if (candidates != null) {
			String[] segments = segments(path);
			for (Route route : candidates) {
				Map<String, String> variables = route.matches(segments);
				if (variables == null) {
					continue;
				}
				if (route.httpMethod.equals(name)) {
					return new Lookup(route.target, route.httpMethod, variables, null, route.describe());
				}
				if (allowed == null) {
					allowed = new LinkedHashSet<>();
				}
				allowed.add(route.httpMethod);
			}
		}
		String methodName = defaultMethodName(path);
		if (methodName != null) {
			if (name.equals("GET") || name.equals("POST")) {
				return new Lookup(this.targets.get(methodName), name, Map.of(), methodName, name + " " + path);
			}
			if (allowed == null) {
				allowed = new LinkedHashSet<>();
			}
			allowed.add("GET");
			allowed.add("POST");
		}
		if (allowed != null) {
			return Lookup
				.notAllowed(allowed.equals(Set.of("GET", "POST")) ? DEFAULT_ALLOW : String.join(", ", allowed));
		}
		return null;
	}

	/**
	 * Whether a request of this method binds its body.
	 * @param method the method
	 * @return {@code true} for POST, PUT and PATCH
	 */
	static boolean takesBody(HttpMethod method) {
		return BODY_METHODS.contains(method.name());
	}

	/**
	 * The HTTP status that answers a JSON-RPC error: by the specification's codes and
	 * ujrpc's own (-32000 busy 503, -32001 unauthorized 401, -32003 forbidden 403, -32008
	 * timed out 504), else as the method (or, failing that, any method) declares it, else
	 * 500.
	 * @param target the method called, or {@code null}
	 * @param code the code
	 * @return the status
	 */
	int statusFor(@Nullable Target target, int code) {
		switch (code) {
			case -32601:
				return 404;
			case -32600:
			case -32602:
			case -32700:
				return 400;
			case -32000:
				return 503;
			case -32001:
				return 401;
			case -32003:
				return 403;
			case -32008:
				return 504;
			default:
				break;
		}
		if (target != null) {
			Integer declared = target.statusByCode.get(code);
			if (declared != null) {
				return declared;
			}
		}
		return this.statusByCode.getOrDefault(code, 500);
	}

	private @Nullable String defaultMethodName(String path) {
		int start = this.prefix.length();
		if (path.length() <= start + 1 || !path.startsWith(this.prefix) || path.charAt(start) != '/') {
			return null;
		}
		return decode(path.substring(start + 1));
	}

	private static int segmentCount(String path) {
		int count = 0;
		for (int i = 0; i < path.length(); i++) {
			if (path.charAt(i) == '/') {
				count++;
			}
		}
		return count;
	}

	/*
	 * The raw segments of a path that starts with a slash; empty ones kept.
	 */
	static String[] segments(String path) {
		return path.substring(1).split("/", -1);
	}

	/* Percent-decoding of a path segment, where '+' is a plus. */
	static String decode(String segment) {
		if (segment.indexOf('%') < 0) {
			return segment;
		}
		return QueryStringDecoder.decodeComponent(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	/**
	 * What serves a request: a method's route, or a refusal of the request's HTTP method.
	 *
	 * @param target the method, or {@code null} for a default route of no method (the
	 * dispatcher answers it with -32601) or a refusal
	 * @param httpMethod the route's HTTP method
	 * @param variables the path variables, decoded, by name
	 * @param methodName the JSON-RPC method name of a default route, else {@code null}
	 * @param route the route, for messages
	 * @param allow for a refusal, the methods the path takes; else {@code null}
	 */
	record Lookup(@Nullable Target target, String httpMethod, Map<String, String> variables,
			@Nullable String methodName, String route, @Nullable String allow) {

		Lookup(@Nullable Target target, String httpMethod, Map<String, String> variables, @Nullable String methodName,
				String route) {
			this(target, httpMethod, variables, methodName, route, null);
		}

		static Lookup notAllowed(String allow) {
			return new Lookup(null, "", Map.of(), null, "", allow);
		}

		String name() {
			return (this.target != null) ? this.target.invoker.name()
					: (this.methodName != null) ? this.methodName : "";
		}

	}

	/**
	 * What the REST side knows of one method, worked out at startup: how its query and
	 * path text converts, which parameter takes the whole body, what its result is.
	 */
	static final class Target {

		final MethodInvoker invoker;

		/** Converters of the parameters bound from params, by name. */
		final Map<String, RestValues> values;

		/** The name of the parameter bound to the whole body, or {@code null}. */
		final @Nullable String bodyName;

		/** The Java type of that parameter, or {@code null}. */
		final @Nullable Class<?> bodyType;

		/** Whether the method returns nothing: answered with 204. */
		final boolean noContent;

		/** Whether the result is an {@link InputStream}, streamed back. */
		final boolean streamsResult;

		final Map<Integer, Integer> statusByCode;

		Target(MethodInvoker invoker, ObjectMapper mapper) {
			this.invoker = invoker;
			Method method = invoker.method();
			Parameter[] parameters = method.getParameters();
			List<String> names = invoker.parameterNames();
			Map<String, RestValues> values = new LinkedHashMap<>();
			String bodyName = null;
			Class<?> bodyType = null;
			String stream = null;
			for (int i = 0; i < parameters.length; i++) {
				if (!invoker.isBoundFromParams(i)) {
					continue;
				}
				values.put(names.get(i), new RestValues(names.get(i), parameters[i].getParameterizedType(), mapper));
				if (parameters[i].getType() == InputStream.class) {
					if (stream != null) {
						throw failure(invoker, "has two InputStream parameters, '" + stream + "' and '" + names.get(i)
								+ "'; a request has one body");
					}
					stream = names.get(i);
				}
				if (parameters[i].isAnnotationPresent(RestBody.class)) {
					if (bodyName != null) {
						throw failure(invoker,
								"has two @RestBody parameters, '" + bodyName + "' and '" + names.get(i) + "'");
					}
					bodyName = names.get(i);
					bodyType = parameters[i].getType();
				}
			}
			if (stream != null) {
				if (bodyName != null && !bodyName.equals(stream)) {
					throw failure(invoker, "takes the body as InputStream '" + stream + "' and as @RestBody '"
							+ bodyName + "'; a request has one body");
				}
				if (invoker.executionMode() == ExecutionMode.IO_THREAD) {
					throw failure(invoker, "reads an InputStream, which blocks, so it cannot be nonBlocking");
				}
				bodyName = stream;
				bodyType = InputStream.class;
			}
			this.values = Map.copyOf(values);
			this.bodyName = bodyName;
			this.bodyType = bodyType;
			Type result = resultType(method);
			this.noContent = result == void.class || result == Void.class;
			this.streamsResult = result instanceof Class<?> c && InputStream.class.isAssignableFrom(c);
			Map<Integer, Integer> statusByCode = new HashMap<>();
			for (Class<?> type : method.getExceptionTypes()) {
				JsonRpcErrorMapping mapping = type.getAnnotation(JsonRpcErrorMapping.class);
				if (mapping != null) {
					if (mapping.httpStatus() < 400 || mapping.httpStatus() > 599) {
						throw failure(invoker, "declares " + type.getSimpleName() + ", whose @JsonRpcErrorMapping has "
								+ "httpStatus " + mapping.httpStatus() + " (expected: 400 to 599)");
					}
					statusByCode.putIfAbsent(mapping.code(), mapping.httpStatus());
				}
			}
			this.statusByCode = Map.copyOf(statusByCode);
		}

		/*
		 * Whether an application/octet-stream body streams into the method.
		 */
		boolean streamsBody() {
			return this.bodyType == InputStream.class;
		}

		/*
		 * Whether an application/octet-stream body binds as bytes.
		 */
		boolean takesBytes() {
			return this.bodyType == byte[].class;
		}

		private static Type resultType(Method method) {
			Type type = method.getGenericReturnType();
			if (CompletionStage.class.isAssignableFrom(method.getReturnType())) {
				return (type instanceof ParameterizedType parameterized) ? parameterized.getActualTypeArguments()[0]
						: Object.class;
			}
			return type;
		}

		static MethodRegistrationException failure(MethodInvoker invoker, String problem) {
			return new MethodRegistrationException("Cannot serve JSON-RPC method '" + invoker.name() + "' over REST: "
					+ invoker.method().getDeclaringClass().getName() + "." + invoker.method().getName() + " "
					+ problem);
		}

	}

	/**
	 * A declared route: an HTTP method and a path template.
	 */
	private static final class Route {

		final Target target;

		final String httpMethod;

		final String template;

		final String[] segments;

		/** The variable name of each segment, or {@code null} for a literal one. */
		final @Nullable String[] variables;

		private Route(Target target, String httpMethod, String template, String[] segments,
				@Nullable String[] variables) {
			this.target = target;
			this.httpMethod = httpMethod;
			this.template = template;
			this.segments = segments;
			this.variables = variables;
		}

		static Route declared(Target target, RestMapping mapping) {
			MethodInvoker invoker = target.invoker;
			String method = mapping.method().toUpperCase(Locale.ROOT);
			if (!METHODS.contains(method)) {
				throw Target.failure(invoker, "has @RestMapping method '" + mapping.method()
						+ "' (expected: GET, POST, PUT, PATCH or DELETE)");
			}
			String path = mapping.path();
			if (!path.startsWith("/") || path.contains("?") || path.contains("#") || path.contains("//")
					|| (path.length() > 1 && path.endsWith("/"))) {
				throw Target.failure(invoker, "has @RestMapping path '" + path
						+ "' (expected: a path starting with '/', without a query, empty segments or a trailing '/')");
			}
			String[] segments = segments(path);
			String[] variables = new String[segments.length];
			Set<String> seen = new LinkedHashSet<>();
			for (int i = 0; i < segments.length; i++) {
				String segment = segments[i];
				if (segment.startsWith("{") && segment.endsWith("}") && segment.length() > 2) {
					String name = segment.substring(1, segment.length() - 1);
					if (!target.values.containsKey(name)) {
						throw Target.failure(invoker, "has path variable '" + name + "' in @RestMapping path '" + path
								+ "', which is not one of its parameters " + target.values.keySet());
					}
					if (name.equals(target.bodyName)) {
						throw Target.failure(invoker, "binds parameter '" + name + "' to the path and to the body");
					}
					if (!seen.add(name)) {
						throw Target.failure(invoker, "has path variable '" + name + "' twice in '" + path + "'");
					}
					variables[i] = name;
				}
				else if (segment.indexOf('{') >= 0 || segment.indexOf('}') >= 0) {
					throw Target.failure(invoker, "has @RestMapping path '" + path
							+ "' (expected: variables such as {id} as whole segments)");
				}
				else {
					segments[i] = decode(segment);
				}
			}
			if (target.bodyName != null && !BODY_METHODS.contains(method)) {
				throw Target.failure(invoker,
						"takes a body in '" + target.bodyName + "', but its route is " + method + " " + path);
			}
			return new Route(target, method, path, segments, variables);
		}

		int literals() {
			int count = 0;
			for (String variable : this.variables) {
				if (variable == null) {
					count++;
				}
			}
			return count;
		}

		@Nullable Map<String, String> matches(String[] path) {
			if (path.length != this.segments.length) {
				return null;
			}
			Map<String, String> values = null;
			for (int i = 0; i < path.length; i++) {
				String variable = this.variables[i];
				if (variable == null) {
					if (!this.segments[i].equals(decode(path[i]))) {
						return null;
					}
				}
				else {
					if (path[i].isEmpty()) {
						return null;
					}
					if (values == null) {
						values = new LinkedHashMap<>();
					}
					values.put(variable, decode(path[i]));
				}
			}
			return (values != null) ? values : Map.of();
		}

		boolean sameShape(Route other) {
			if (other.segments.length != this.segments.length) {
				return false;
			}
			for (int i = 0; i < this.segments.length; i++) {
				boolean variable = this.variables[i] != null;
				if (variable != (other.variables[i] != null)
						|| (!variable && !this.segments[i].equals(other.segments[i]))) {
					return false;
				}
			}
			return true;
		}

		/* Whether some path this route matches is the given path, or under it. */
		boolean overlaps(String[] path, boolean orUnder) {
			if (path.length == 1 && path[0].isEmpty()) {
				return orUnder;
			}
			if (path.length > this.segments.length || (!orUnder && path.length != this.segments.length)) {
				return false;
			}
			for (int i = 0; i < path.length; i++) {
				if (this.variables[i] == null && !this.segments[i].equals(path[i])) {
					return false;
				}
			}
			return true;
		}

		String describe() {
			return this.httpMethod + " " + this.template + " of method '" + this.target.invoker.name() + "'";
		}

	}

}
