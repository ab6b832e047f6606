package io.ujrpc.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;

/**
 * Calls and notifications collected to be sent as one JSON-RPC batch request; each call
 * has its own future, completed from its element of the batch response.
 * <p>
 * A batch is sent once and is not thread-safe while it is being filled.
 *
 * <pre class="code">
 * JsonRpcBatch batch = client.batch();
 * CompletableFuture&lt;Integer&gt; sum = batch.add("sum", List.of(1, 2), Integer.class);
 * CompletableFuture&lt;String&gt; echo = batch.add("echo", List.of("hi"), String.class);
 * batch.execute();
 * </pre>
 */
public final class JsonRpcBatch {

	private final JsonRpcClient client;

	private final List<PendingCall> calls = new ArrayList<>();

	private Duration timeout;

	private boolean sent;

	JsonRpcBatch(JsonRpcClient client, Duration timeout) {
		this.client = client;
		this.timeout = timeout;
	}

	/**
	 * Add a call.
	 * @param <T> the result type
	 * @param method the method name
	 * @param params the parameters, as for
	 * {@link JsonRpcClient#call(String, Object, Class)}
	 * @param resultType the type to read the result as
	 * @return the call's future, completed once the batch response arrives
	 */
	@SuppressWarnings("unchecked")
	public <T> CompletableFuture<T> add(String method, @Nullable Object params, Class<T> resultType) {
		return (CompletableFuture<T>) add(method, params, this.client.type(resultType), false);
	}

	/**
	 * Add a call whose result has a generic type.
	 * @param <T> the result type
	 * @param method the method name
	 * @param params the parameters
	 * @param resultType the type to read the result as
	 * @return the call's future
	 */
	@SuppressWarnings("unchecked")
	public <T> CompletableFuture<T> add(String method, @Nullable Object params, TypeReference<T> resultType) {
		return (CompletableFuture<T>) add(method, params, this.client.type(resultType.getType()), false);
	}

	/**
	 * Add a notification.
	 * @param method the method name
	 * @param params the parameters
	 * @return a future completed once the batch is sent (over HTTP: answered)
	 */
	@SuppressWarnings("unchecked")
	public CompletableFuture<Void> notify(String method, @Nullable Object params) {
		return (CompletableFuture<Void>) add(method, params, null, true);
	}

	private CompletableFuture<?> add(String method, @Nullable Object params,
			tools.jackson.databind.@Nullable JavaType type, boolean notification) {
		if (this.sent) {
			throw new IllegalStateException("This batch was sent already; start a new one with client.batch()");
		}
		PendingCall call = this.client.newCall(method, params, type, notification);
		this.calls.add(call);
		return call.future();
	}

	/**
	 * Set how long the batch waits for its response (default: the client's timeout).
	 * @param timeout the timeout
	 * @return this batch
	 */
	public JsonRpcBatch timeout(Duration timeout) {
		this.timeout = JsonRpcClient.Checks.positive("timeout", timeout);
		return this;
	}

	/**
	 * Return the number of calls and notifications added.
	 * @return the size
	 */
	public int size() {
		return this.calls.size();
	}

	/**
	 * Send the batch.
	 * @return a future completed once every call's future is, whether with a result or a
	 * failure (it never fails itself: look at the calls' futures)
	 * @throws IllegalStateException when the batch is empty or was sent already
	 */
	public CompletableFuture<Void> send() {
		if (this.sent) {
			throw new IllegalStateException("This batch was sent already; start a new one with client.batch()");
		}
		if (this.calls.isEmpty()) {
			throw new IllegalStateException("An empty batch cannot be sent (JSON-RPC rejects an empty array)");
		}
		this.sent = true;
		List<PendingCall> calls = List.copyOf(this.calls);
		this.client.send(new OutgoingMessage(calls, true, this.timeout));
		return CompletableFuture.allOf(calls.stream()
			.map((call) -> call.future().handle((result, failure) -> null))
			.toArray(CompletableFuture[]::new));
	}

	/**
	 * Send the batch and wait until every call has completed; each call's future then
	 * holds its result or failure.
	 */
	public void execute() {
		this.client.await(send());
	}

}
