package io.ujrpc.dispatch;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.protocol.JsonRpcError;
import io.ujrpc.protocol.JsonRpcErrorCode;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;

/**
 * The JSON-RPC methods a server answers, by name. Built once, then read-only: a lookup on
 * the hot path is one hash map read.
 */
public final class MethodRegistry {

	/**
	 * The name of the service discovery method of OpenRPC, served when the registry is
	 * built with a {@link Builder#discovery(ServiceDiscovery) discovery}.
	 */
	public static final String DISCOVER_METHOD = "rpc.discover";

	private static final Logger logger = LoggerFactory.getLogger(MethodRegistry.class);

	private static final String RESERVED_PREFIX = "rpc.";

	private final Map<String, MethodInvoker> methods;

	/** The prepared checks by method name; empty without a validator. */
	private final Map<String, ParameterValidator.Check> checks;

	private final ExceptionResolution exceptionResolution;

	private final List<JsonRpcInterceptor> interceptors;

	private MethodRegistry(Map<String, MethodInvoker> methods, Map<String, ParameterValidator.Check> checks,
			ExceptionResolution exceptionResolution, List<JsonRpcInterceptor> interceptors) {
		this.methods = methods;
		this.checks = checks;
		this.exceptionResolution = exceptionResolution;
		this.interceptors = interceptors;
	}

	/**
	 * Start building a registry.
	 * @param mapper the mapper that binds parameters
	 * @return a builder
	 */
	public static Builder builder(ObjectMapper mapper) {
		return new Builder(mapper);
	}

	/**
	 * Return the invoker for a method name.
	 * @param name the JSON-RPC method name
	 * @return the invoker or {@code null} when no such method is registered
	 */
	public @Nullable MethodInvoker find(String name) {
		return this.methods.get(name);
	}

	/**
	 * Return the registered method names, sorted.
	 * @return the names
	 */
	public Set<String> names() {
		return Collections.unmodifiableSet(new TreeSet<>(this.methods.keySet()));
	}

	/**
	 * Return how many methods are registered.
	 * @return the count
	 */
	public int size() {
		return this.methods.size();
	}

	/**
	 * Return the registered methods, sorted by name.
	 * @return the invokers
	 */
	public List<MethodInvoker> methods() {
		List<MethodInvoker> sorted = new ArrayList<>(this.methods.values());
		sorted.sort(Comparator.comparing(MethodInvoker::name));
		return List.copyOf(sorted);
	}

	/**
	 * Return the interceptors every call goes through, in order.
	 * @return the interceptors, empty for none
	 */
	public List<JsonRpcInterceptor> interceptors() {
		return this.interceptors;
	}

	/**
	 * Check a call's bound arguments with the registry's
	 * {@link Builder#parameterValidator(ParameterValidator) validator}.
	 * @param invoker the method called
	 * @param arguments the bound arguments
	 * @return a {@code -32602 Invalid params} error listing the violations in its data,
	 * or {@code null} when the arguments are valid or nothing is checked
	 */
	public @Nullable JsonRpcError validate(MethodInvoker invoker, Object[] arguments) {
		if (this.checks.isEmpty()) {
			return null;
		}
		ParameterValidator.Check check = this.checks.get(invoker.name());
		if (check == null) {
			return null;
		}
		List<ParameterViolation> violations;
		try {
			violations = check.validate(arguments);
		}
		catch (RuntimeException ex) {
			logger.warn("Parameters of JSON-RPC method '{}' could not be validated", invoker.name(), ex);
			return JsonRpcErrorCode.INTERNAL_ERROR.toError();
		}
		if (violations.isEmpty()) {
			return null;
		}
		ParameterViolation first = violations.get(0);
		String detail = first.path() + " " + first.message()
				+ ((violations.size() > 1) ? " (and " + (violations.size() - 1) + " more)" : "");
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("violations", violations);
		return new JsonRpcError(JsonRpcErrorCode.INVALID_PARAMS.code(),
				JsonRpcErrorCode.INVALID_PARAMS.message() + ": " + detail, data);
	}

	/**
	 * Map an exception thrown by a method to an error: the registry's
	 * {@link Builder#exceptionResolver(JsonRpcExceptionResolver) resolvers} in order,
	 * then the {@link io.ujrpc.annotation.JsonRpcErrorMapping @JsonRpcErrorMapping} of
	 * the exception's class.
	 * @param invoker the method that threw
	 * @param exception what it threw, unwrapped
	 * @return the error, or {@code null} when nothing maps the exception
	 */
	public @Nullable JsonRpcError resolveError(MethodInvoker invoker, Throwable exception) {
		return this.exceptionResolution.resolve(invoker, exception);
	}

	/**
	 * Builds a {@link MethodRegistry}, failing fast on anything that cannot be served.
	 */
	public static final class Builder {

		private final ObjectMapper mapper;

		private final Map<String, MethodInvoker> methods = new HashMap<>();

		private final Map<String, String> origins = new HashMap<>();

		private boolean allowReservedNames;

		private @Nullable ParameterValidator parameterValidator;

		private final List<JsonRpcExceptionResolver> exceptionResolvers = new ArrayList<>();

		private @Nullable ServiceDiscovery discovery;

		private final List<JsonRpcInterceptor> interceptors = new ArrayList<>();

		private MethodNamePatterns include = MethodNamePatterns.of();

		private MethodNamePatterns exclude = MethodNamePatterns.of();

		private final Map<String, Duration> annotatedTimeouts = new HashMap<>();

		private final Map<String, Duration> timeouts = new LinkedHashMap<>();

		private @Nullable Duration defaultTimeout;

		private Builder(ObjectMapper mapper) {
			if (mapper == null) {
				throw new IllegalArgumentException("mapper: null (expected: an ObjectMapper)");
			}
			this.mapper = mapper;
		}

		/**
		 * Set whether user methods may take names starting with {@code rpc.}, which the
		 * JSON-RPC specification reserves for extensions. Off by default; even when on,
		 * {@value MethodRegistry#DISCOVER_METHOD} stays the registry's own while a
		 * {@link #discovery(ServiceDiscovery) discovery} is set. Set this before adding
		 * methods.
		 * @param allow whether to allow reserved names
		 * @return this builder
		 */
		public Builder allowReservedNames(boolean allow) {
			this.allowReservedNames = allow;
			return this;
		}

		/**
		 * Check every call's arguments before the method runs, such as with a
		 * {@link BeanParameterValidator}.
		 * @param validator the validator, or {@code null} for none
		 * @return this builder
		 */
		public Builder parameterValidator(@Nullable ParameterValidator validator) {
			this.parameterValidator = validator;
			return this;
		}

		/**
		 * Add a resolver that maps exceptions thrown by methods to errors; resolvers are
		 * asked in the order they are added.
		 * @param resolver the resolver
		 * @return this builder
		 */
		public Builder exceptionResolver(JsonRpcExceptionResolver resolver) {
			if (resolver == null) {
				throw new IllegalArgumentException("resolver: null (expected: a JsonRpcExceptionResolver)");
			}
			this.exceptionResolvers.add(resolver);
			return this;
		}

		/**
		 * Add an interceptor that every call of a registered method goes through;
		 * interceptors run in the order they are added (see {@link JsonRpcInterceptor}
		 * for which hook runs on which thread).
		 * @param interceptor the interceptor
		 * @return this builder
		 */
		public Builder interceptor(JsonRpcInterceptor interceptor) {
			if (interceptor == null) {
				throw new IllegalArgumentException("interceptor: null (expected: a JsonRpcInterceptor)");
			}
			this.interceptors.add(interceptor);
			return this;
		}

		/**
		 * Serve only the methods whose names match one of these patterns (see
		 * {@link MethodNamePatterns}); the others are not registered: they answer
		 * {@code -32601} and are absent from the OpenRPC document. Set this before adding
		 * methods.
		 * @param patterns the patterns, empty to serve every method
		 * @return this builder
		 */
		public Builder include(List<String> patterns) {
			this.include = MethodNamePatterns.of(patterns);
			return this;
		}

		/**
		 * Do not serve the methods whose names match one of these patterns (see
		 * {@link MethodNamePatterns}), even when {@linkplain #include(List) included};
		 * they answer {@code -32601} and are absent from the OpenRPC document. Set this
		 * before adding methods.
		 * @param patterns the patterns, empty to exclude none
		 * @return this builder
		 */
		public Builder exclude(List<String> patterns) {
			this.exclude = MethodNamePatterns.of(patterns);
			return this;
		}

		/**
		 * Set the timeout of the methods that have none of their own (neither from
		 * {@link #timeout(String, Duration)} nor from {@link JsonRpcMethod#timeout()}).
		 * @param timeout the timeout, or {@code null} for none
		 * @return this builder
		 */
		public Builder defaultTimeout(@Nullable Duration timeout) {
			this.defaultTimeout = (timeout != null) ? positive("defaultTimeout", timeout) : null;
			return this;
		}

		/**
		 * Set the timeout of the methods whose names match a pattern (see
		 * {@link MethodNamePatterns}); wins over {@link JsonRpcMethod#timeout()}. The
		 * first pattern set that matches a name applies.
		 * @param pattern the method name pattern
		 * @param timeout the timeout
		 * @return this builder
		 */
		public Builder timeout(String pattern, Duration timeout) {
			MethodNamePatterns.of(pattern);
			this.timeouts.put(pattern, positive("timeout of '" + pattern + "'", timeout));
			return this;
		}

		private static Duration positive(String name, Duration timeout) {
			if (timeout == null || timeout.isNegative() || timeout.isZero()) {
				throw new IllegalArgumentException(name + ": " + timeout + " (expected: > 0)");
			}
			return timeout;
		}

		private boolean served(String name) {
			return (this.include.isEmpty() || this.include.matches(name)) && !this.exclude.matches(name);
		}

		/**
		 * Serve {@value MethodRegistry#DISCOVER_METHOD}, answered by a discovery that
		 * describes the built registry, such as
		 * {@code io.ujrpc.openrpc.OpenRpcDiscovery}.
		 * @param discovery the discovery, or {@code null} for no discovery method
		 * @return this builder
		 */
		public Builder discovery(@Nullable ServiceDiscovery discovery) {
			this.discovery = discovery;
			return this;
		}

		/**
		 * Register every method of an object annotated with {@link JsonRpcMethod},
		 * including non-public and inherited ones.
		 * @param target the object whose methods are called
		 * @return this builder
		 */
		public Builder addAnnotated(Object target) {
			return addAnnotated(target, target.getClass(), target.getClass().getSimpleName());
		}

		/**
		 * Register the methods of a type annotated with {@link JsonRpcMethod}, called on
		 * a target that may be a proxy of that type.
		 * @param target the object whose methods are called
		 * @param type the type to scan for annotations
		 * @param origin what to call the target in error messages, such as a bean name
		 * @return this builder
		 */
		public Builder addAnnotated(Object target, Class<?> type, String origin) {
			Set<String> seen = new HashSet<>();
			for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
				Method[] declared = c.getDeclaredMethods();
				for (Method method : declared) {
					if (method.isBridge() && isGenericBridge(method, declared)) {
						// The override of a generic method hides the erased method too.
						seen.add(signature(method));
					}
					if (method.isBridge() || method.isSynthetic()) {
						continue;
					}
					// An override hides the method it overrides, annotated or not.
					boolean overridden = !seen.add(signature(method));
					JsonRpcMethod annotation = method.getAnnotation(JsonRpcMethod.class);
					if (annotation != null && !overridden) {
						add(target, method, annotation, origin);
					}
				}
			}
			return this;
		}

		private static String signature(Method method) {
			return method.getName() + Arrays.toString(method.getParameterTypes());
		}

		/*
		 * Whether a bridge stands for a method of the same class that overrides a generic
		 * one with narrower parameter types, rather than for an inherited method made
		 * visible.
		 */
		private static boolean isGenericBridge(Method bridge, Method[] declared) {
			Class<?>[] erased = bridge.getParameterTypes();
			for (Method method : declared) {
				if (method.isBridge() || !method.getName().equals(bridge.getName())
						|| method.getParameterCount() != erased.length) {
					continue;
				}
				Class<?>[] types = method.getParameterTypes();
				boolean narrower = true;
				for (int i = 0; i < types.length && narrower; i++) {
					narrower = erased[i].isAssignableFrom(types[i]);
				}
				if (narrower) {
					return true;
				}
			}
			return false;
		}

		/**
		 * Register one method with the settings of its annotation.
		 * @param target the object the method is called on ({@code null} for a static
		 * method)
		 * @param method the method
		 * @param annotation its annotation
		 * @param origin what to call the target in error messages, such as a bean name
		 * @return this builder
		 */
		public Builder add(Object target, Method method, JsonRpcMethod annotation, String origin) {
			String name = annotation.value().isEmpty() ? method.getName() : annotation.value();
			if (!annotation.timeout().isEmpty()) {
				Duration timeout;
				try {
					timeout = positive("timeout", Durations.parse(annotation.timeout()));
				}
				catch (IllegalArgumentException ex) {
					throw new MethodRegistrationException("Cannot serve JSON-RPC method '" + name + "' on '" + origin
							+ "': @JsonRpcMethod(timeout = \"" + annotation.timeout() + "\") is not a positive duration"
							+ " (expected: such as 500ms, 5s, 2m or PT5S)");
				}
				if (served(name)) {
					this.annotatedTimeouts.put(name, timeout);
				}
			}
			return add(name, target, method,
					annotation.nonBlocking() ? ExecutionMode.IO_THREAD : ExecutionMode.BLOCKING, origin,
					annotation.summary(), annotation.description());
		}

		/**
		 * Register one method.
		 * @param name the JSON-RPC method name
		 * @param target the object the method is called on ({@code null} for a static
		 * method)
		 * @param method the method
		 * @param executionMode where the method runs
		 * @param origin what to call the target in error messages, such as a bean name
		 * @return this builder
		 */
		public Builder add(String name, Object target, Method method, ExecutionMode executionMode, String origin) {
			return add(name, target, method, executionMode, origin, "", "");
		}

		private Builder add(String name, Object target, Method method, ExecutionMode executionMode, String origin,
				String summary, String description) {
			if (name == null || name.isEmpty()) {
				throw new MethodRegistrationException(
						"Cannot serve " + method + " on '" + origin + "': the JSON-RPC method name is empty");
			}
			if (name.startsWith(RESERVED_PREFIX) && !this.allowReservedNames) {
				throw new MethodRegistrationException("Cannot serve JSON-RPC method '" + name + "' on '" + origin
						+ "': names starting with 'rpc.' are reserved by the JSON-RPC 2.0 specification");
			}
			if (!served(name)) {
				logger.debug("Not serving JSON-RPC method '{}' on '{}': excluded by the method filters", name, origin);
				return this;
			}
			String previous = this.origins.get(name);
			if (previous != null) {
				throw new MethodRegistrationException(
						"Duplicate JSON-RPC method '" + name + "' on beans '" + previous + "' and '" + origin + "'");
			}
			this.methods.put(name,
					new MethodInvoker(name, target, method, executionMode, this.mapper, summary, description));
			this.origins.put(name, origin);
			return this;
		}

		private @Nullable Duration timeoutOf(String name) {
			for (Map.Entry<String, Duration> entry : this.timeouts.entrySet()) {
				if (MethodNamePatterns.of(entry.getKey()).matches(name)) {
					return entry.getValue();
				}
			}
			Duration annotated = this.annotatedTimeouts.get(name);
			return (annotated != null) ? annotated : this.defaultTimeout;
		}

		private static long saturatedNanos(Duration timeout) {
			try {
				return timeout.toNanos();
			}
			catch (ArithmeticException ex) {
				return Long.MAX_VALUE;
			}
		}

		private static Method discoverMethodOf(ServiceDiscovery discovery) {
			try {
				return discovery.getClass().getMethod("discover");
			}
			catch (NoSuchMethodException ex) {
				throw new IllegalStateException("A ServiceDiscovery has a discover() method", ex);
			}
		}

		/**
		 * Build the registry: prepare the parameter checks, then register and prepare the
		 * discovery method, if any.
		 * @return the registry
		 * @throws MethodRegistrationException when a user method takes the name of the
		 * discovery method
		 */
		public MethodRegistry build() {
			Map<String, MethodInvoker> all = new HashMap<>(this.methods);
			ServiceDiscovery discovery = this.discovery;
			if (discovery != null && discovery.discoverMethod() && served(DISCOVER_METHOD)) {
				String previous = this.origins.get(DISCOVER_METHOD);
				if (previous != null) {
					throw new MethodRegistrationException("Cannot serve JSON-RPC method '" + DISCOVER_METHOD + "' on '"
							+ previous + "': the name is taken by the service discovery of this registry");
				}
				all.put(DISCOVER_METHOD, new MethodInvoker(DISCOVER_METHOD, discovery, discoverMethodOf(discovery),
						ExecutionMode.IO_THREAD, this.mapper, "Describes this service as an OpenRPC document", ""));
			}
			Map<String, ParameterValidator.Check> checks = new HashMap<>();
			if (this.parameterValidator != null) {
				for (MethodInvoker invoker : this.methods.values()) {
					ParameterValidator.Check check = this.parameterValidator.prepare(invoker);
					if (check != null) {
						checks.put(invoker.name(), check);
					}
				}
			}
			for (MethodInvoker invoker : all.values()) {
				Duration timeout = timeoutOf(invoker.name());
				invoker.timeoutNanos((timeout != null) ? saturatedNanos(timeout) : 0);
			}
			MethodRegistry registry = new MethodRegistry(Map.copyOf(all), Map.copyOf(checks),
					new ExceptionResolution(this.exceptionResolvers), List.copyOf(this.interceptors));
			if (discovery != null) {
				discovery.describe(registry);
			}
			return registry;
		}

	}

}
