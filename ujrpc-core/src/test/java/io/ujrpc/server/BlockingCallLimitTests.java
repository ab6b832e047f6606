package io.ujrpc.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.dispatch.MethodRegistry;
import io.ujrpc.test.RawHttpConnection;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server-wide cap on blocking calls running at once holds whichever executor runs
 * them: a call past it is answered -32000 at once, and the cap frees as calls finish.
 */
class BlockingCallLimitTests {

	static Stream<Arguments> executors() {
		return Stream.of(
				Arguments.of("platform pool", (Supplier<ExecutorService>) () -> BlockingExecutors.boundedPool(8, 100)),
				Arguments.of("virtual threads", (Supplier<ExecutorService>) BlockingExecutors::virtualThreads));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("executors")
	void callsPastTheCapAreAnsweredServerBusyAtOnce(String name, Supplier<ExecutorService> executorFactory)
			throws Exception {
		Assumptions.assumeTrue(!name.startsWith("virtual") || BlockingExecutors.virtualThreadsAvailable(),
				"virtual threads need Java 21+");
		ExecutorService executor = executorFactory.get();
		Blocker blocker = new Blocker();
		MethodRegistry registry = MethodRegistry.builder(JsonMapper.builder().build()).addAnnotated(blocker).build();
		JsonRpcServer server = JsonRpcServer.builder(registry)
			.port(0)
			.blockingExecutor(executor)
			.blockingMaxConcurrentCalls(3)
			.build()
			.start();
		List<RawHttpConnection> held = new ArrayList<>();
		try {
			for (int i = 0; i < 3; i++) {
				RawHttpConnection connection = new RawHttpConnection(server.port());
				held.add(connection);
				connection.write(RawHttpConnection.post(call("hold", i)));
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> blocker.running.get() == 3);
			try (RawHttpConnection connection = new RawHttpConnection(server.port())) {
				assertThat(connection.write(RawHttpConnection.post(call("hold", 9))).read().body()).isEqualTo(
						"{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32000,\"message\":\"Server busy\"},\"id\":9}");
			}
			blocker.release.countDown();
			for (int i = 0; i < 3; i++) {
				assertThat(held.get(i).read().body())
					.isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":true,\"id\":" + i + "}");
			}
			// Every permit comes back: as many calls as the cap run again. (A permit is
			// given back just after its call's answer is handed to the I/O thread, so a
			// call sent the moment an answer arrives may still be refused once.)
			for (int i = 0; i < 3; i++) {
				RawHttpConnection connection = held.get(i);
				String expected = "{\"jsonrpc\":\"2.0\",\"result\":true,\"id\":" + (10 + i) + "}";
				String request = RawHttpConnection.post(call("hold", 10 + i));
				await().atMost(Duration.ofSeconds(10))
					.until(() -> connection.write(request).read().body(), (body) -> body.equals(expected));
			}
		}
		finally {
			blocker.release.countDown();
			for (RawHttpConnection connection : held) {
				connection.close();
			}
			server.stop();
			executor.shutdownNow();
			executor.awaitTermination(10, TimeUnit.SECONDS);
		}
	}

	private static String call(String method, int id) {
		return "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"id\":" + id + "}";
	}

	static class Blocker {

		final AtomicInteger running = new AtomicInteger();

		final CountDownLatch release = new CountDownLatch(1);

		@JsonRpcMethod
		boolean hold() throws InterruptedException {
			this.running.incrementAndGet();
			try {
				return this.release.await(30, TimeUnit.SECONDS);
			}
			finally {
				this.running.decrementAndGet();
			}
		}

	}

}
