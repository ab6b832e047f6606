package io.ujrpc.client;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.ujrpc.client.CalculatorService.Point;
import io.ujrpc.protocol.JsonRpcException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The client against a real ujrpc server, over each wire protocol.
 */
class JsonRpcClientTests {

	private TestServer server;

	private JsonRpcClient client;

	@BeforeEach
	void startServer() {
		this.server = TestServer.start();
	}

	@AfterEach
	void stop() {
		if (this.client != null) {
			this.client.close();
		}
		this.server.close();
	}

	private Calculator calculator(String scheme) {
		this.client = JsonRpcClient.builder(this.server.uri(scheme)).build();
		return this.client.proxy(Calculator.class);
	}

	@ParameterizedTest
	@ValueSource(strings = { "http", "ws", "tcp" })
	void proxyCallsByPositionByNameAndWithVarargs(String scheme) {
		Calculator calculator = calculator(scheme);
		assertThat(calculator.sum(1, 2)).isEqualTo(3);
		assertThat(calculator.subtract(10, 4)).isEqualTo(6);
		assertThat(calculator.total("three", 1, 2, 3)).isEqualTo(6);
		assertThat(calculator.total("none")).isZero();
		assertThat(calculator.echo("h\u00e9llo \"w\u00f6rld\"\n")).isEqualTo("h\u00e9llo \"w\u00f6rld\"\n");
		assertThat(calculator.echo(null)).isNull();
		assertThat(calculator.twice(21)).isEqualTo(42);
	}

	@ParameterizedTest
	@ValueSource(strings = { "http", "ws", "tcp" })
	void proxyReadsObjectsAndGenericResults(String scheme) {
		Calculator calculator = calculator(scheme);
		assertThat(calculator.points(3)).containsExactly(new Point(0, 0), new Point(1, 1), new Point(2, 4));
		assertThat(calculator.describe(new Point(3, 4))).containsEntry("x", 3)
			.containsEntry("y", 4)
			.containsEntry("server", "first");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http", "ws", "tcp" })
	void asyncProxyMethodsReturnFutures(String scheme) throws Exception {
		Calculator calculator = calculator(scheme);
		CompletableFuture<Long> sum = calculator.sumAsync(20, 22);
		Integer stage = calculator.sumStage(1, 1).toCompletableFuture().get(10, TimeUnit.SECONDS);
		assertThat(sum.get(10, TimeUnit.SECONDS)).isEqualTo(42L);
		assertThat(stage).isEqualTo(2);
	}

	@ParameterizedTest
	@ValueSource(strings = { "http", "ws", "tcp" })
	void plainCallsTakeListsMapsAndTypeReferences(String scheme) throws Exception {
		calculator(scheme);
		assertThat(this.client.call("sum", List.of(5, 6), Long.class)).isEqualTo(11L);
		assertThat(this.client.call("math.subtract", Map.of("minuend", 5, "subtrahend", 6), Integer.class))
			.isEqualTo(-1);
		assertThat(this.client.call("sum", new Object[] { 1, 1 }, JsonNode.class).asInt()).isEqualTo(2);
		List<Point> points = this.client.call("points", List.of(2), new TypeReference<List<Point>>() {
		});
		assertThat(points).containsExactly(new Point(0, 0), new Point(1, 1));
		assertThat(this.client.callAsync("echo", List.of("async"), String.class).get(10, TimeUnit.SECONDS))
			.isEqualTo("async");
		assertThat(this.client.call("describe", List.of(new Point(1, 2)), new TypeReference<Map<String, Object>>() {
		})).containsEntry("x", 1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "http", "ws", "tcp" })
	void notificationsReachTheServer(String scheme) throws Exception {
		Calculator calculator = calculator(scheme);
		calculator.note("from the proxy");
		calculator.noteAsync("async from the proxy").get(10, TimeUnit.SECONDS);
		this.client.notify("note", List.of("plain"));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.server.service().notes()).containsExactlyInAnyOrder("from the proxy",
					"async from the proxy", "plain"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "http", "ws", "tcp" })
	void serverErrorsSurfaceAsJsonRpcExceptions(String scheme) {
		Calculator calculator = calculator(scheme);
		assertThatExceptionOfType(JsonRpcException.class).isThrownBy(() -> calculator.fail(4001)).satisfies((ex) -> {
			assertThat(ex.getCode()).isEqualTo(4001);
			assertThat(ex.getMessage()).isEqualTo("Failed on purpose");
			assertThat(((JsonNode) ex.getData()).get("reason").asString()).isEqualTo("test");
		});
		assertThatExceptionOfType(JsonRpcException.class)
			.isThrownBy(() -> this.client.call("missing", null, String.class))
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(-32601));
		assertThatExceptionOfType(JsonRpcException.class)
			.isThrownBy(() -> this.client.call("sum", List.of("one", "two"), Long.class))
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(-32602));
		// The connection is still fine.
		assertThat(calculator.sum(2, 2)).isEqualTo(4);
	}

	@ParameterizedTest
	@ValueSource(strings = { "http", "ws", "tcp" })
	void resultOfTheWrongTypeFailsOnTheClientsSide(String scheme) {
		calculator(scheme);
		assertThatExceptionOfType(JsonRpcClientException.class)
			.isThrownBy(() -> this.client.call("echo", List.of("text"), Point.class))
			.withMessageContaining("Result of 'echo' cannot be read as");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http", "ws", "tcp" })
	void batchesSendOneRequestAndCompleteEachCall(String scheme) throws Exception {
		calculator(scheme);
		JsonRpcBatch batch = this.client.batch();
		CompletableFuture<Long> sum = batch.add("sum", List.of(1, 2), Long.class);
		CompletableFuture<String> echo = batch.add("echo", List.of("batched"), String.class);
		CompletableFuture<Void> note = batch.notify("note", List.of("in a batch"));
		CompletableFuture<List<Point>> points = batch.add("points", List.of(1), new TypeReference<List<Point>>() {
		});
		CompletableFuture<Long> failed = batch.add("missing", null, Long.class);
		assertThat(batch.size()).isEqualTo(5);
		batch.execute();
		assertThat(sum).isCompletedWithValue(3L);
		assertThat(echo).isCompletedWithValue("batched");
		assertThat(note).isCompletedWithValue(null);
		assertThat(points).isCompletedWithValue(List.of(new Point(0, 0)));
		assertThat(failed).isCompletedExceptionally();
		assertThatExceptionOfType(Exception.class).isThrownBy(failed::get)
			.havingCause()
			.isInstanceOfSatisfying(JsonRpcException.class, (ex) -> assertThat(ex.getCode()).isEqualTo(-32601));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.server.service().notes()).containsExactly("in a batch"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "http", "ws", "tcp" })
	void batchOfNotificationsOnlyCompletes(String scheme) throws Exception {
		calculator(scheme);
		JsonRpcBatch batch = this.client.batch();
		CompletableFuture<Void> first = batch.notify("note", List.of("one"));
		CompletableFuture<Void> second = batch.notify("note", List.of("two"));
		batch.send().get(10, TimeUnit.SECONDS);
		assertThat(first).isCompleted().isNotCompletedExceptionally();
		assertThat(second).isCompleted().isNotCompletedExceptionally();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.server.service().notes()).containsExactlyInAnyOrder("one", "two"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "http", "ws", "tcp" })
	void callThatOutlivesItsTimeoutFailsAndTheClientCarriesOn(String scheme) {
		Calculator calculator = calculator(scheme);
		Calculator impatient = this.client.withTimeout(Duration.ofMillis(200)).proxy(Calculator.class);
		assertThatExceptionOfType(JsonRpcTimeoutException.class).isThrownBy(impatient::hang)
			.withMessageContaining("Call to 'hang' on " + scheme + "://localhost:")
			.withMessageContaining("timed out after 200 ms");
		JsonRpcBatch batch = this.client.batch().timeout(Duration.ofMillis(200));
		CompletableFuture<String> hung = batch.add("hang", null, String.class);
		batch.execute();
		assertThat(hung).failsWithin(Duration.ZERO)
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(JsonRpcTimeoutException.class)
			.withMessageContaining("Batch of 1 calls");
		// ujrpc answers a connection's calls in order, so over WebSocket and TCP later
		// calls wait for the hung ones; once they finish, their late responses are
		// ignored and the connection carries on. Over HTTP the timed-out connection is
		// closed and the next call takes another.
		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.service().hangingCount() == 2);
		this.server.service().release();
		assertThat(calculator.sum(1, 1)).isEqualTo(2);
		assertThat(calculator.echo("after")).isEqualTo("after");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http", "ws", "tcp" })
	void clientReconnectsAfterTheServerRestarts(String scheme) {
		Calculator calculator = calculator(scheme);
		assertThat(calculator.server()).isEqualTo("first");
		this.server.restart(new CalculatorService("second"));
		// The old connection is gone; a call either reconnects at once or fails as a
		// transport failure, never otherwise, and a call after it works.
		await().atMost(Duration.ofSeconds(10))
			.ignoreException(JsonRpcTransportException.class)
			.untilAsserted(() -> assertThat(calculator.server()).isEqualTo("second"));
		assertThat(calculator.sum(2, 3)).isEqualTo(5);
	}

	@ParameterizedTest
	@ValueSource(strings = { "http", "ws", "tcp" })
	void callsFromManyThreadsAllGetTheirOwnResults(String scheme) {
		Calculator calculator = calculator(scheme);
		List<Long> results = IntStream.range(0, 200)
			.parallel()
			.mapToObj((i) -> calculator.sum(i, 1000))
			.sorted()
			.toList();
		assertThat(results).containsExactlyElementsOf(IntStream.range(0, 200).mapToObj((i) -> i + 1000L).toList());
	}

	@ParameterizedTest
	@ValueSource(strings = { "http", "ws", "tcp" })
	void unreachableServerIsATransportFailure(String scheme) throws Exception {
		// A bound socket that does not listen: connecting is refused, and nothing else
		// can take the port meanwhile.
		try (Socket unreachable = new Socket()) {
			unreachable.bind(new InetSocketAddress("127.0.0.1", 0));
			int port = unreachable.getLocalPort();
			String uri = switch (scheme) {
				case "http" -> "http://127.0.0.1:" + port + "/";
				case "ws" -> "ws://127.0.0.1:" + port + "/ws";
				default -> "tcp://127.0.0.1:" + port;
			};
			this.client = JsonRpcClient.builder(URI.create(uri)).build();
			assertThatExceptionOfType(JsonRpcTransportException.class)
				.isThrownBy(() -> this.client.call("sum", List.of(1, 2), Long.class))
				.withMessageStartingWith("Cannot connect to " + uri + ": ");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "http", "ws", "tcp" })
	void closedClientFailsCalls(String scheme) {
		Calculator calculator = calculator(scheme);
		assertThat(calculator.sum(1, 2)).isEqualTo(3);
		this.client.close();
		assertThatExceptionOfType(JsonRpcTransportException.class).isThrownBy(() -> calculator.sum(1, 2))
			.withMessageEndingWith("is closed");
	}

}
