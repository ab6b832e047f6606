package io.ujrpc.client;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.annotation.JsonRpcParam;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JavaType;

/**
 * The invocation handler behind {@link JsonRpcClient#proxy(Class)}: each interface method
 * is looked at once, when the proxy is made, and becomes a {@link Binding}.
 */
final class ClientProxy implements InvocationHandler {

	private final JsonRpcClient client;

	private final Class<?> type;

	private final Map<Method, Binding> bindings;

	private ClientProxy(JsonRpcClient client, Class<?> type, Map<Method, Binding> bindings) {
		this.client = client;
		this.type = type;
		this.bindings = bindings;
	}

	static <T> T create(JsonRpcClient client, Class<T> type) {
		if (type == null || !type.isInterface()) {
			throw new IllegalArgumentException(
					"type: " + ((type != null) ? type.getName() : "null") + " (expected: an interface)");
		}
		Map<Method, Binding> bindings = new HashMap<>();
		for (Method method : type.getMethods()) {
			if (method.isDefault() || Modifier.isStatic(method.getModifiers())) {
				continue;
			}
			bindings.put(method, Binding.of(client, method));
		}
		Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type },
				new ClientProxy(client, type, Map.copyOf(bindings)));
		return type.cast(proxy);
	}

	@Override
	public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
		Binding binding = this.bindings.get(method);
		if (binding != null) {
			return binding.invoke(this.client, args);
		}
		if (method.isDefault()) {
			return InvocationHandler.invokeDefault(proxy, method, args);
		}
		return switch (method.getName()) {
			case "equals" -> proxy == args[0];
			case "hashCode" -> System.identityHashCode(proxy);
			case "toString" -> this.type.getName() + " proxy for " + this.client.uri();
			default -> throw new UnsupportedOperationException(method.toString());
		};
	}

	/**
	 * How one interface method becomes a call.
	 *
	 * @param name the JSON-RPC method name
	 * @param parameterNames the by-name parameter names, or {@code null} for by-position
	 * @param varargs whether the last parameter is spread into the positional parameters
	 * @param resultType the type the result is read as, {@code null} for {@code void}
	 * @param async whether the method returns a future
	 * @param notification whether the call is a notification
	 */
	record Binding(String name, String @Nullable [] parameterNames, boolean varargs, @Nullable JavaType resultType,
			boolean async, boolean notification) {

		static Binding of(JsonRpcClient client, Method method) {
			String where = method.getDeclaringClass().getName() + "." + method.getName();
			JsonRpcMethod annotation = method.getAnnotation(JsonRpcMethod.class);
			String name = (annotation != null && !annotation.value().isEmpty()) ? annotation.value() : method.getName();
			Class<?> returnType = method.getReturnType();
			boolean async = returnType == CompletableFuture.class || returnType == CompletionStage.class;
			if (!async && java.util.concurrent.Future.class.isAssignableFrom(returnType)) {
				throw new IllegalArgumentException(where + " returns " + returnType.getSimpleName()
						+ " (expected: CompletableFuture or CompletionStage for an asynchronous call)");
			}
			Type resultType = async ? futureArgument(method.getGenericReturnType()) : method.getGenericReturnType();
			boolean isVoid = resultType == void.class || resultType == Void.class;
			boolean notification = method.isAnnotationPresent(JsonRpcNotification.class);
			if (notification && !isVoid) {
				throw new IllegalArgumentException(
						where + " is a @JsonRpcNotification that returns " + method.getGenericReturnType().getTypeName()
								+ " (expected: void or CompletableFuture<Void>: a notification has no result)");
			}
			Parameter[] parameters = method.getParameters();
			String[] names = null;
			long named = Arrays.stream(parameters).filter((p) -> p.isAnnotationPresent(JsonRpcParam.class)).count();
			if (named > 0) {
				if (named != parameters.length) {
					throw new IllegalArgumentException(where + " has @JsonRpcParam on " + named + " of its "
							+ parameters.length + " parameters (expected: on all of them, for by-name parameters, "
							+ "or on none, for by-position)");
				}
				names = new String[parameters.length];
				for (int i = 0; i < parameters.length; i++) {
					names[i] = parameters[i].getAnnotation(JsonRpcParam.class).value();
				}
			}
			boolean varargs = method.isVarArgs() && names == null;
			return new Binding(name, names, varargs, isVoid ? null : client.type(resultType), async, notification);
		}

		private static Type futureArgument(Type type) {
			if (type instanceof ParameterizedType parameterized) {
				Type argument = parameterized.getActualTypeArguments()[0];
				return (argument instanceof java.lang.reflect.WildcardType wildcard) ? wildcard.getUpperBounds()[0]
						: argument;
			}
			return Object.class;
		}

		@Nullable Object invoke(JsonRpcClient client, @Nullable Object[] args) {
			PendingCall call = client.newCall(this.name, params(args), this.resultType, this.notification);
			client.send(new OutgoingMessage(List.of(call), false, client.timeout()));
			CompletableFuture<@Nullable Object> future = call.future();
			return this.async ? future : client.await(future);
		}

		private @Nullable Object params(@Nullable Object[] args) {
			if (args == null || args.length == 0) {
				return null;
			}
			if (this.parameterNames != null) {
				Map<String, @Nullable Object> params = new LinkedHashMap<>();
				for (int i = 0; i < args.length; i++) {
					params.put(this.parameterNames[i], args[i]);
				}
				return params;
			}
			if (!this.varargs) {
				return Arrays.asList(args);
			}
			List<@Nullable Object> params = new ArrayList<>(Arrays.asList(args).subList(0, args.length - 1));
			Object last = args[args.length - 1];
			if (last != null) {
				int length = java.lang.reflect.Array.getLength(last);
				for (int i = 0; i < length; i++) {
					params.add(java.lang.reflect.Array.get(last, i));
				}
			}
			return params;
		}

	}

}
