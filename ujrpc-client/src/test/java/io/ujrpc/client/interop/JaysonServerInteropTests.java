package io.ujrpc.client.interop;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.ujrpc.annotation.JsonRpcParam;
import io.ujrpc.client.JsonRpcBatch;
import io.ujrpc.client.JsonRpcClient;
import io.ujrpc.client.JsonRpcNotification;
import io.ujrpc.protocol.JsonRpcException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The client against servers nobody here wrote: jayson's HTTP, TCP and WebSocket servers.
 */
class JaysonServerInteropTests {

	private static JaysonServers jayson;

	@BeforeAll
	static void startJayson() throws Exception {
		jayson = JaysonServers.start();
	}

	@AfterAll
	static void stopJayson() throws Exception {
		if (jayson != null) {
			jayson.close();
		}
	}

	private static JsonRpcClient client(String scheme) {
		URI uri = switch (scheme) {
			case "http" -> URI.create("http://127.0.0.1:" + jayson.httpPort() + "/");
			case "tcp" -> URI.create("tcp://127.0.0.1:" + jayson.tcpPort());
			case "ws" -> URI.create("ws://127.0.0.1:" + jayson.webSocketPort() + "/");
			default -> throw new IllegalArgumentException(scheme);
		};
		return JsonRpcClient.builder(uri).timeout(Duration.ofSeconds(20)).build();
	}

	@ParameterizedTest
	@ValueSource(strings = { "http", "tcp", "ws" })
	void proxyCallsJayson(String scheme) throws Exception {
		try (JsonRpcClient client = client(scheme)) {
			JaysonMethods methods = client.proxy(JaysonMethods.class);
			assertThat(methods.sum(1, 2)).isEqualTo(3);
			assertThat(methods.subtract(10, 4)).isEqualTo(6);
			assertThat(methods.total("all", 1, 2, 3, 4)).isEqualTo(10);
			assertThat(methods.echo("h\u00e9llo\n")).isEqualTo("h\u00e9llo\n");
			assertThat(methods.points(2)).containsExactly(new Point(0, 0), new Point(1, 1));
			assertThat(methods.sumAsync(20, 22).get(20, TimeUnit.SECONDS)).isEqualTo(42);
			String note = "from " + scheme;
			methods.note(note);
			await().atMost(Duration.ofSeconds(20)).until(() -> methods.notes().contains(note));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "http", "tcp", "ws" })
	void jaysonErrorsSurfaceAsJsonRpcExceptions(String scheme) {
		try (JsonRpcClient client = client(scheme)) {
			JaysonMethods methods = client.proxy(JaysonMethods.class);
			assertThatExceptionOfType(JsonRpcException.class).isThrownBy(() -> methods.fail(4002)).satisfies((ex) -> {
				assertThat(ex.getCode()).isEqualTo(4002);
				assertThat(ex.getMessage()).isEqualTo("Failed on purpose");
				assertThat(((JsonNode) ex.getData()).get("reason").asString()).isEqualTo("jayson");
			});
			assertThatExceptionOfType(JsonRpcException.class)
				.isThrownBy(() -> client.call("missing", List.of(), String.class))
				.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(-32601));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "http", "tcp", "ws" })
	void batchesToJayson(String scheme) {
		try (JsonRpcClient client = client(scheme)) {
			JsonRpcBatch batch = client.batch();
			CompletableFuture<Integer> sum = batch.add("sum", List.of(2, 3), Integer.class);
			CompletableFuture<String> echo = batch.add("echo", List.of("batched"), String.class);
			CompletableFuture<Void> note = batch.notify("note", List.of("batched " + scheme));
			CompletableFuture<Integer> missing = batch.add("missing", List.of(), Integer.class);
			batch.execute();
			assertThat(sum).isCompletedWithValue(5);
			assertThat(echo).isCompletedWithValue("batched");
			assertThat(note).isCompletedWithValue(null);
			assertThat(missing).isCompletedExceptionally();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "tcp", "ws" })
	void responsesOutOfOrderFindTheirCalls(String scheme) throws Exception {
		// jayson answers each call when it completes: later, quicker calls come back
		// first on the one connection.
		try (JsonRpcClient client = client(scheme)) {
			List<CompletableFuture<Integer>> calls = new ArrayList<>();
			for (int i = 0; i < 100; i++) {
				calls.add(client.callAsync("delayed", List.of(i, (100 - i) % 7 * 5), Integer.class));
			}
			CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
			for (int i = 0; i < 100; i++) {
				assertThat(calls.get(i)).isCompletedWithValue(i);
			}
			Map<String, Object> byName = Map.of("minuend", 3, "subtrahend", 1);
			assertThat(client.call("subtract", byName, new TypeReference<Integer>() {
			})).isEqualTo(2);
		}
	}

	interface JaysonMethods {

		int sum(int a, int b);

		@io.ujrpc.annotation.JsonRpcMethod("sum")
		CompletableFuture<Integer> sumAsync(int a, int b);

		int subtract(@JsonRpcParam("minuend") int minuend, @JsonRpcParam("subtrahend") int subtrahend);

		int total(String label, int... values);

		String echo(String text);

		List<Point> points(int count);

		@JsonRpcNotification
		void note(String text);

		List<String> notes();

		void fail(int code);

	}

	record Point(int x, int y) {
	}

}
