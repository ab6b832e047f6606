package io.ujrpc.dispatch;

import io.ujrpc.context.RequestContext;
import io.ujrpc.protocol.JsonRpcError;
import io.ujrpc.protocol.JsonRpcResponse;
import org.jspecify.annotations.Nullable;

/**
 * A hook around every call of a registered method, each element of a batch included:
 * inspect or reject the call before it runs, wrap the invocation on the thread that runs
 * the method, and observe the outcome. Registered on
 * {@link MethodRegistry.Builder#interceptor(JsonRpcInterceptor)}, in order; with none
 * registered, calls cost nothing extra.
 * <p>
 * For each call of a registered method (calls of unknown methods and invalid requests
 * reach no interceptor), in the order of registration:
 * <ol>
 * <li>{@link #preHandle} of each interceptor, on the thread that dispatches the payload
 * (for a socket: its I/O thread, so it must not block), before params are bound. The
 * first that rejects ends the call: later interceptors and the method are not
 * called.</li>
 * <li>{@link #aroundInvoke}, the first registered outermost, on the thread that runs the
 * method: the I/O thread for a {@code nonBlocking} method, otherwise the blocking
 * executor's (a virtual thread on Java 21+). What is set there (a security context, MDC
 * entries) is seen by the method's synchronous part; for a method returning a
 * {@code CompletionStage}, not by what completes the stage.</li>
 * <li>{@link #afterCompletion} of every interceptor, in reverse order, once the response
 * is known (rejections and timeouts included), on the thread that made it known: the
 * method's for a synchronous method, the one completing the stage for an asynchronous
 * one, the deadline timer's on a timeout.</li>
 * </ol>
 */
public interface JsonRpcInterceptor {

	/**
	 * Inspect a call before its params are bound; runs on the dispatching (I/O) thread
	 * and must not block.
	 * @param call the call and the exchange it came in
	 * @param method the method called
	 * @return {@code null} to go on, or the error to answer the call with; throwing a
	 * {@link io.ujrpc.protocol.JsonRpcException} rejects with its error too, anything
	 * else thrown answers {@code -32603}
	 */
	default @Nullable JsonRpcError preHandle(RequestContext call, MethodInvoker method) {
		return null;
	}

	/**
	 * Wrap the invocation of the method, on the thread that runs it.
	 * @param call the call and the exchange it came in
	 * @param method the method called
	 * @param invocation calls the next interceptor, then the method
	 * @return what the method returned (an asynchronous method's
	 * {@code CompletionStage}), or a replacement
	 * @throws Throwable what the method threw, or an exception of this interceptor's,
	 * mapped to an error as if the method had thrown it
	 */
	default @Nullable Object aroundInvoke(RequestContext call, MethodInvoker method, Invocation invocation)
			throws Throwable {
		return invocation.proceed();
	}

	/**
	 * Observe the outcome of a call; what this throws is logged and ignored.
	 * @param call the call and the exchange it came in
	 * @param method the method called
	 * @param response the response, made also for a notification (whose response is not
	 * sent)
	 */
	default void afterCompletion(RequestContext call, MethodInvoker method, JsonRpcResponse response) {
	}

	/**
	 * The rest of an intercepted invocation.
	 */
	@FunctionalInterface
	interface Invocation {

		/**
		 * Call the next interceptor, or the method after the last one.
		 * @return what the method returned
		 * @throws Throwable whatever the method threw
		 */
		@Nullable Object proceed() throws Throwable;

	}

}
