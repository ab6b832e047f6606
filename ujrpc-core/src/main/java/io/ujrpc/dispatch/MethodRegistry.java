package io.ujrpc.dispatch;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.ujrpc.annotation.JsonRpcMethod;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;

/**
 * The JSON-RPC methods a server answers, by name. Built once, then read-only: a lookup on
 * the hot path is one hash map read.
 */
public final class MethodRegistry {

	private static final String RESERVED_PREFIX = "rpc.";

	private final Map<String, MethodInvoker> methods;

	private MethodRegistry(Map<String, MethodInvoker> methods) {
		this.methods = methods;
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
	 * Builds a {@link MethodRegistry}, failing fast on anything that cannot be served.
	 */
	public static final class Builder {

		private final ObjectMapper mapper;

		private final Map<String, MethodInvoker> methods = new HashMap<>();

		private final Map<String, String> origins = new HashMap<>();

		private Builder(ObjectMapper mapper) {
			if (mapper == null) {
				throw new IllegalArgumentException("mapper: null (expected: an ObjectMapper)");
			}
			this.mapper = mapper;
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

		/**
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
			return add(name, target, method,
					annotation.nonBlocking() ? ExecutionMode.IO_THREAD : ExecutionMode.BLOCKING, origin);
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
			if (name == null || name.isEmpty()) {
				throw new MethodRegistrationException(
						"Cannot serve " + method + " on '" + origin + "': the JSON-RPC method name is empty");
			}
			if (name.startsWith(RESERVED_PREFIX)) {
				throw new MethodRegistrationException("Cannot serve JSON-RPC method '" + name + "' on '" + origin
						+ "': names starting with 'rpc.' are reserved by the JSON-RPC 2.0 specification");
			}
			String previous = this.origins.get(name);
			if (previous != null) {
				throw new MethodRegistrationException(
						"Duplicate JSON-RPC method '" + name + "' on beans '" + previous + "' and '" + origin + "'");
			}
			this.methods.put(name, new MethodInvoker(name, target, method, executionMode, this.mapper));
			this.origins.put(name, origin);
			return this;
		}

		/**
		 * Build the registry.
		 * @return the registry
		 */
		public MethodRegistry build() {
			return new MethodRegistry(Map.copyOf(this.methods));
		}

	}

}
