package io.ujrpc.test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.dispatch.MethodRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Methods the transport tests call: cheap ones on the I/O thread, and one that completes
 * after a random delay so that later calls finish first.
 */
public class TestMethods {

	private static final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "test-methods-delay");
		thread.setDaemon(true);
		return thread;
	});

	private final List<String> notes = new CopyOnWriteArrayList<>();

	/**
	 * Return a registry of a new instance's methods.
	 * @return the registry
	 */
	public static MethodRegistry registry() {
		return registry(new TestMethods());
	}

	/**
	 * Return a registry of the given instance's methods.
	 * @param methods the instance
	 * @return the registry
	 */
	public static MethodRegistry registry(TestMethods methods) {
		return MethodRegistry.builder(JsonMapper.builder().build()).addAnnotated(methods).build();
	}

	/**
	 * Return what {@code note} was called with, in order.
	 * @return the notes
	 */
	public List<String> notes() {
		return this.notes;
	}

	@JsonRpcMethod(nonBlocking = true)
	long sum(long a, long b) {
		return a + b;
	}

	@JsonRpcMethod(nonBlocking = true)
	String echo(String text) {
		return text;
	}

	@JsonRpcMethod(nonBlocking = true)
	void note(String text) {
		this.notes.add(text);
	}

	@JsonRpcMethod(nonBlocking = true)
	CompletableFuture<Integer> later(int value) {
		CompletableFuture<Integer> result = new CompletableFuture<>();
		scheduler.schedule(() -> result.complete(value), ThreadLocalRandom.current().nextInt(0, 2000),
				TimeUnit.MICROSECONDS);
		return result;
	}

}
