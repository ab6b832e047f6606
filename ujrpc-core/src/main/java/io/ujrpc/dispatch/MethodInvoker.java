package io.ujrpc.dispatch;

import java.lang.reflect.Array;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import io.ujrpc.annotation.JsonRpcErrorMapping;
import io.ujrpc.annotation.JsonRpcParam;
import io.ujrpc.context.RequestContext;
import io.ujrpc.protocol.JsonRpcError;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Calls one JSON-RPC method: binds params to arguments and invokes the Java method. All
 * reflection happens in the constructor; a call is a bind and an invoke.
 */
public final class MethodInvoker {

	private static final Object[] NO_ARGS = {};

	private final String name;

	private final Object target;

	private final Method method;

	private final ExecutionMode executionMode;

	private final boolean async;

	private final ParameterBinding[] parameters;

	/** Binding for one element of a trailing varargs parameter, or {@code null}. */
	private final ParameterBinding varargsElement;

	private final Class<?> varargsComponent;

	private final Map<String, Integer> indexByName;

	private final List<String> parameterNames;

	/** The names of the parameters bound from params, for error messages. */
	private final List<String> paramsNames;

	/** The Java index of each parameter bound from params, in order. */
	private final int[] paramsIndexes;

	/** The Java index of the {@link RequestContext} parameter, or -1. */
	private final int contextIndex;

	private final String summary;

	private final String description;

	private final List<JsonRpcError> declaredErrors;

	/**
	 * The timeout in nanoseconds, 0 for none; set by the registry's builder before the
	 * registry, which publishes this invoker, is made.
	 */
	private long timeoutNanos;

	MethodInvoker(String name, Object target, Method method, ExecutionMode executionMode, ObjectMapper mapper) {
		this(name, target, method, executionMode, mapper, "", "");
	}

	MethodInvoker(String name, Object target, Method method, ExecutionMode executionMode, ObjectMapper mapper,
			String summary, String description) {
		this.name = name;
		this.summary = summary;
		this.description = description;
		this.target = target;
		this.method = method;
		this.executionMode = executionMode;
		this.async = CompletionStage.class.isAssignableFrom(method.getReturnType());
		String signature = method.getDeclaringClass().getName() + "." + method.getName();
		if (Modifier.isAbstract(method.getModifiers())) {
			throw new MethodRegistrationException(
					"Cannot serve JSON-RPC method '" + name + "': " + signature + " is abstract");
		}
		if (target == null && !Modifier.isStatic(method.getModifiers())) {
			throw new MethodRegistrationException(
					"Cannot serve JSON-RPC method '" + name + "': " + signature + " needs a target instance");
		}
		try {
			method.setAccessible(true);
		}
		catch (RuntimeException ex) {
			throw new MethodRegistrationException("Cannot serve JSON-RPC method '" + name + "': " + signature
					+ " is not accessible: " + ex.getMessage());
		}
		Parameter[] declared = method.getParameters();
		this.parameters = new ParameterBinding[declared.length];
		this.indexByName = new HashMap<>();
		int contextIndex = -1;
		List<Integer> paramsIndexes = new ArrayList<>(declared.length);
		for (int i = 0; i < declared.length; i++) {
			String parameterName = (declared[i].getType() == RequestContext.class && declared[i].isNamePresent()
					&& declared[i].getAnnotation(JsonRpcParam.class) == null) ? declared[i].getName()
							: parameterName(name, signature, declared[i], i);
			if (declared[i].getType() == RequestContext.class) {
				if (contextIndex >= 0) {
					throw new MethodRegistrationException("Cannot serve JSON-RPC method '" + name + "': " + signature
							+ " has two RequestContext parameters");
				}
				contextIndex = i;
			}
			else {
				paramsIndexes.add(i);
				if (this.indexByName.put(parameterName, i) != null) {
					throw new MethodRegistrationException("Cannot serve JSON-RPC method '" + name + "': " + signature
							+ " has two parameters named '" + parameterName + "'");
				}
			}
			this.parameters[i] = new ParameterBinding(parameterName, declared[i].getParameterizedType(), mapper);
		}
		this.contextIndex = contextIndex;
		this.paramsIndexes = paramsIndexes.stream().mapToInt(Integer::intValue).toArray();
		if (method.isVarArgs()) {
			Parameter last = declared[declared.length - 1];
			Type type = last.getParameterizedType();
			Type component = (type instanceof GenericArrayType array) ? array.getGenericComponentType()
					: last.getType().getComponentType();
			this.varargsComponent = last.getType().getComponentType();
			this.varargsElement = new ParameterBinding(this.parameters[declared.length - 1].name(), component, mapper);
		}
		else {
			this.varargsComponent = null;
			this.varargsElement = null;
		}
		List<String> names = new ArrayList<>(this.parameters.length);
		for (ParameterBinding parameter : this.parameters) {
			names.add(parameter.name());
		}
		this.parameterNames = List.copyOf(names);
		List<String> paramsNames = new ArrayList<>(this.paramsIndexes.length);
		for (int index : this.paramsIndexes) {
			paramsNames.add(this.parameters[index].name());
		}
		this.paramsNames = List.copyOf(paramsNames);
		this.declaredErrors = declaredErrors(method);
	}

	private static List<JsonRpcError> declaredErrors(Method method) {
		List<JsonRpcError> errors = new ArrayList<>();
		for (Class<?> type : method.getExceptionTypes()) {
			JsonRpcErrorMapping mapping = type.getAnnotation(JsonRpcErrorMapping.class);
			if (mapping != null && errors.stream().noneMatch((error) -> error.code() == mapping.code())) {
				errors.add(new JsonRpcError(mapping.code(), mapping.message()));
			}
		}
		return List.copyOf(errors);
	}

	private static String parameterName(String name, String signature, Parameter parameter, int index) {
		JsonRpcParam annotation = parameter.getAnnotation(JsonRpcParam.class);
		if (annotation != null) {
			if (annotation.value().isEmpty()) {
				throw new MethodRegistrationException("Cannot serve JSON-RPC method '" + name + "': " + signature
						+ " has an empty @JsonRpcParam on parameter " + index);
			}
			return annotation.value();
		}
		if (!parameter.isNamePresent()) {
			throw new MethodRegistrationException(
					"Cannot serve JSON-RPC method '" + name + "': " + signature + " parameter " + index
							+ " has no name; compile with -parameters or annotate it with @JsonRpcParam");
		}
		return parameter.getName();
	}

	/**
	 * Return the JSON-RPC method name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Return the Java method this invoker calls.
	 * @return the method
	 */
	public Method method() {
		return this.method;
	}

	/**
	 * Return the object the method is called on.
	 * @return the target, or {@code null} for a static method
	 */
	public @Nullable Object target() {
		return this.target;
	}

	/**
	 * Return the names of the Java method's parameters, in declaration order, one per
	 * parameter (a {@link RequestContext} parameter included: see
	 * {@link #isBoundFromParams(int)}).
	 * @return the names
	 */
	public List<String> parameterNames() {
		return this.parameterNames;
	}

	/**
	 * Whether a parameter is bound from the call's {@code params}; a
	 * {@link RequestContext} parameter is not.
	 * @param index the Java parameter's index
	 * @return {@code true} when bound from params
	 */
	public boolean isBoundFromParams(int index) {
		return index != this.contextIndex;
	}

	/**
	 * Whether the method takes a {@link RequestContext}.
	 * @return {@code true} when a call must provide one
	 */
	public boolean needsContext() {
		return this.contextIndex >= 0;
	}

	/**
	 * Return the summary given by {@link io.ujrpc.annotation.JsonRpcMethod#summary()}.
	 * @return the summary, empty for none
	 */
	public String summary() {
		return this.summary;
	}

	/**
	 * Return the description given by
	 * {@link io.ujrpc.annotation.JsonRpcMethod#description()}.
	 * @return the description, empty for none
	 */
	public String description() {
		return this.description;
	}

	/**
	 * Return the errors this method declares: those of the exceptions with a
	 * {@link JsonRpcErrorMapping} in its {@code throws} clause.
	 * @return the errors, one per code
	 */
	public List<JsonRpcError> declaredErrors() {
		return this.declaredErrors;
	}

	/**
	 * Return how long a call may take before it is answered with {@code -32008}.
	 * @return the timeout, or {@code null} for none
	 */
	public @Nullable Duration timeout() {
		return (this.timeoutNanos > 0) ? Duration.ofNanos(this.timeoutNanos) : null;
	}

	long timeoutNanos() {
		return this.timeoutNanos;
	}

	void timeoutNanos(long nanos) {
		this.timeoutNanos = nanos;
	}

	/**
	 * Return where this method runs.
	 * @return the execution mode
	 */
	public ExecutionMode executionMode() {
		return this.executionMode;
	}

	/**
	 * Whether the method returns a {@link CompletionStage} that completes later.
	 * @return {@code true} for an asynchronous method
	 */
	public boolean isAsync() {
		return this.async;
	}

	/**
	 * Bind a call's params to arguments.
	 * @param params an array, an object or {@code null} (no params member)
	 * @return the arguments
	 * @throws InvalidParamsException when the params do not fit the method
	 */
	public Object[] bind(JsonNode params) {
		return bind(params, null);
	}

	/**
	 * Bind a call's params to arguments, passing the call's context to a
	 * {@link RequestContext} parameter.
	 * @param params an array, an object or {@code null} (no params member)
	 * @param context the call's context, or {@code null} when the method does not
	 * {@linkplain #needsContext() need} one
	 * @return the arguments
	 * @throws InvalidParamsException when the params do not fit the method
	 */
	public Object[] bind(@Nullable JsonNode params, @Nullable RequestContext context) {
		Object[] args;
		if (params == null) {
			args = bindPositional(null, 0);
		}
		else if (params.isArray()) {
			args = bindPositional(params, params.size());
		}
		else {
			args = bindNamed(params);
		}
		if (this.contextIndex >= 0) {
			args[this.contextIndex] = context;
		}
		return args;
	}

	private Object[] bindPositional(@Nullable JsonNode params, int count) {
		int declared = this.parameters.length;
		int[] indexes = this.paramsIndexes;
		if (declared == 0) {
			if (count > 0) {
				throw new InvalidParamsException("expected no params, got " + count);
			}
			return NO_ARGS;
		}
		Object[] args = new Object[declared];
		int fixed = (this.varargsElement != null) ? indexes.length - 1 : indexes.length;
		if (count > fixed && this.varargsElement == null) {
			if (fixed == 0) {
				throw new InvalidParamsException("expected no params, got " + count);
			}
			throw new InvalidParamsException("expected at most " + fixed + " params, got " + count);
		}
		for (int i = 0; i < fixed; i++) {
			int index = indexes[i];
			args[index] = (i < count) ? this.parameters[index].bind(params.get(i)) : this.parameters[index].missing();
		}
		if (this.varargsElement != null) {
			int rest = Math.max(0, count - fixed);
			Object array = Array.newInstance(this.varargsComponent, rest);
			for (int i = 0; i < rest; i++) {
				// The element binding rejects null for a primitive component.
				Array.set(array, i, this.varargsElement.bind(params.get(fixed + i)));
			}
			args[declared - 1] = array;
		}
		return args;
	}

	private Object[] bindNamed(JsonNode params) {
		Object[] args = new Object[this.parameters.length];
		boolean[] seen = new boolean[this.parameters.length];
		for (Iterator<Map.Entry<String, JsonNode>> it = params.properties().iterator(); it.hasNext();) {
			Map.Entry<String, JsonNode> entry = it.next();
			Integer index = this.indexByName.get(entry.getKey());
			if (index == null) {
				throw new InvalidParamsException(
						"unknown parameter '" + entry.getKey() + "' (expected one of " + this.paramsNames + ")");
			}
			args[index] = this.parameters[index].bind(entry.getValue());
			seen[index] = true;
		}
		for (int index : this.paramsIndexes) {
			if (!seen[index]) {
				args[index] = (this.varargsElement != null && index == args.length - 1)
						? Array.newInstance(this.varargsComponent, 0) : this.parameters[index].missing();
			}
		}
		return args;
	}

	/**
	 * Invoke the method.
	 * @param args the bound arguments
	 * @return what the method returned; a {@link CompletionStage} for an async method
	 * @throws Throwable whatever the method threw, unwrapped
	 */
	public Object invoke(Object[] args) throws Throwable {
		try {
			return this.method.invoke(this.target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	@Override
	public String toString() {
		return "MethodInvoker[" + this.name + " -> " + this.method + "]";
	}

}
