package io.ujrpc.server;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.dispatch.MethodRegistry;
import io.ujrpc.server.transport.TransportType;
import io.ujrpc.test.LeakDetection;
import io.ujrpc.test.RawHttpConnection;
import io.ujrpc.test.RawHttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The server end to end over real sockets on port 0.
 */
class JsonRpcServerTests {

	private static final Duration BOUND = Duration.ofSeconds(10);

	private final ObjectMapper mapper = JsonMapper.builder().build();

	private final Methods methods = new Methods();

	private final List<JsonRpcServer> servers = new ArrayList<>();

	private final List<ExecutorService> executors = new ArrayList<>();

	@AfterEach
	void stop() {
		// Let a slow call that a failed assertion left waiting go.
		this.methods.release.countDown();
		this.servers.forEach(JsonRpcServer::stop);
		this.executors.forEach(ExecutorService::shutdownNow);
	}

	@Test
	void answersJavaHttpClientOnAReusedConnection() throws Exception {
		JsonRpcServer server = start(UnaryOperator.identity());
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri(server))
				.header("content-type", "application/json")
				.timeout(BOUND)
				.POST(HttpRequest.BodyPublishers.ofString(sum(1, i, 1)))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":" + (1 + i) + ",\"id\":1}");
		}
		assertThat(server.connectionCount()).isEqualTo(1);
	}

	@Test
	void usesIoUringByDefaultWhereTheKernelHasIt() throws IOException {
		if (!IoUring.isAvailable()) {
			String reason = "io_uring is unavailable here: " + IoUring.unavailabilityCause();
			System.out.println(reason);
			Assumptions.assumeTrue(false, reason);
		}
		JsonRpcServer server = start(UnaryOperator.identity());
		assertThat(server.transport()).isEqualTo(TransportType.IO_URING);
		assertThat(server.serverChannel()).isInstanceOf(IoUringServerSocketChannel.class);
		assertAnswers(server);
	}

	@Test
	void usesNioWhenForced() throws IOException {
		JsonRpcServer server = start((builder) -> builder.transport(TransportType.NIO));
		assertThat(server.transport()).isEqualTo(TransportType.NIO);
		assertThat(server.serverChannel()).isInstanceOf(NioServerSocketChannel.class);
		assertAnswers(server);
	}

	@Test
	void usesEpollWhenForced() throws IOException {
		Assumptions.assumeTrue(Epoll.isAvailable(), () -> "epoll is unavailable here: " + Epoll.unavailabilityCause());
		JsonRpcServer server = start((builder) -> builder.transport(TransportType.EPOLL));
		assertThat(server.transport()).isEqualTo(TransportType.EPOLL);
		assertThat(server.serverChannel()).isInstanceOf(EpollServerSocketChannel.class);
		assertAnswers(server);
	}

	@ParameterizedTest
	@EnumSource(value = TransportType.class, names = { "AUTO", "NIO" })
	void hundredPipelinedRequestsInOneWriteAreAnsweredInOrder(TransportType transport) throws IOException {
		JsonRpcServer server = start((builder) -> builder.transport(transport));
		StringBuilder requests = new StringBuilder();
		for (int i = 0; i < 100; i++) {
			requests.append(RawHttpConnection.post(sum(i, 1000, i)));
		}
		try (RawHttpConnection connection = new RawHttpConnection(server.port())) {
			connection.write(requests.toString());
			for (int i = 0; i < 100; i++) {
				RawHttpResponse response = connection.read();
				assertThat(response.status()).isEqualTo(200);
				assertThat(response.body())
					.isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":" + (i + 1000) + ",\"id\":" + i + "}");
			}
		}
	}

	@Test
	void blockingCallOnTheBoundedPoolDoesNotDelayOtherConnections() throws Exception {
		ExecutorService pool = BlockingExecutors.boundedPool(2, 10);
		this.executors.add(pool);
		assertBlockingCallDoesNotDelayOtherConnections(pool);
	}

	@Test
	void blockingCallOnVirtualThreadsDoesNotDelayOtherConnections() throws Exception {
		Assumptions.assumeTrue(BlockingExecutors.virtualThreadsAvailable(),
				() -> "Virtual threads need Java 21+; this is Java " + Runtime.version().feature());
		ExecutorService virtualThreads = BlockingExecutors.virtualThreads();
		this.executors.add(virtualThreads);
		assertBlockingCallDoesNotDelayOtherConnections(virtualThreads);
	}

	private void assertBlockingCallDoesNotDelayOtherConnections(ExecutorService executor) throws Exception {
		// One I/O thread: a call that blocked it would stall every connection.
		JsonRpcServer server = start((builder) -> builder.ioThreads(1).blockingExecutor(executor));
		try (RawHttpConnection slow = new RawHttpConnection(server.port());
				RawHttpConnection fast = new RawHttpConnection(server.port())) {
			slow.write(RawHttpConnection.post("{\"jsonrpc\":\"2.0\",\"method\":\"slow\",\"id\":\"slow\"}"));
			assertThat(this.methods.entered.await(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
			for (int i = 0; i < 3; i++) {
				fast.write(RawHttpConnection.post(sum(i, 1, 2)));
				assertThat(fast.read().body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":" + i + "}");
			}
			// Every fast call was answered while the slow one was still waiting to be let
			// go.
			assertThat(this.methods.release.getCount()).isEqualTo(1);
			assertThat(this.methods.slowFinished).isNotDone();
			this.methods.release.countDown();
			assertThat(slow.read().body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"slow\",\"id\":\"slow\"}");
			assertThat(this.methods.slowFinished).isCompletedWithValue(true);
		}
	}

	@Test
	void gracefulShutdownLetsAnInFlightCallFinishThenClosesAndRefusesNewConnections() throws Exception {
		JsonRpcServer server = start(UnaryOperator.identity());
		int port = server.port();
		try (RawHttpConnection connection = new RawHttpConnection(port)) {
			connection.write(RawHttpConnection.post("{\"jsonrpc\":\"2.0\",\"method\":\"slow\",\"id\":1}"));
			assertThat(this.methods.entered.await(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
			CompletableFuture<Boolean> drained = server.shutDownGracefully(BOUND);
			assertThat(server.isRunning()).isFalse();
			assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> {
				try (Socket socket = new Socket()) {
					socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
				}
			});
			assertThat(drained).isNotDone();
			this.methods.release.countDown();
			RawHttpResponse response = connection.read();
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.header("Connection")).isEqualTo("close");
			assertThat(response.body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"slow\",\"id\":1}");
			assertThat(connection.isClosedByServer()).isTrue();
			assertThat(drained.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
			await().atMost(BOUND).until(() -> server.connectionCount() == 0);
		}
	}

	@Test
	void callThatFinishesAfterStopLeaksNoBuffer() throws Exception {
		ExecutorService pool = BlockingExecutors.boundedPool(1, 10);
		this.executors.add(pool);
		JsonRpcServer server = start((builder) -> builder.blockingExecutor(pool));
		try (RawHttpConnection connection = new RawHttpConnection(server.port())) {
			connection.write(RawHttpConnection.post("{\"jsonrpc\":\"2.0\",\"method\":\"slow\",\"id\":1}"));
			assertThat(this.methods.entered.await(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
			server.stop();
			this.methods.release.countDown();
			pool.shutdown();
			assertThat(pool.awaitTermination(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
			assertThat(LeakDetection.collect()).isEmpty();
		}
	}

	@Test
	void gracefulShutdownClosesIdleConnectionsAtOnce() throws Exception {
		JsonRpcServer server = start(UnaryOperator.identity());
		try (RawHttpConnection connection = new RawHttpConnection(server.port())) {
			connection.write(RawHttpConnection.post(sum(1, 1, 1)));
			assertThat(connection.read().status()).isEqualTo(200);
			assertThat(server.shutDownGracefully(BOUND).get(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
			assertThat(connection.isClosedByServer()).isTrue();
		}
	}

	@ParameterizedTest
	@EnumSource(value = TransportType.class, names = { "AUTO", "NIO" })
	void portAlreadyInUseFailsWithTheNameOfThePort(TransportType transport) throws IOException {
		try (ServerSocket taken = new ServerSocket()) {
			taken.bind(new InetSocketAddress(0));
			int port = taken.getLocalPort();
			JsonRpcServer server = JsonRpcServer.builder(registry()).port(port).transport(transport).build();
			this.servers.add(server);
			assertThatExceptionOfType(ServerStartException.class).isThrownBy(server::start)
				.withMessage("ujrpc http listener failed to start. Port " + port + " is already in use")
				.satisfies((ex) -> assertThat(ex.getPort()).isEqualTo(port));
			assertThat(server.isRunning()).isFalse();
		}
	}

	@Test
	void badRequestOnOneConnectionDoesNotDisturbAnother() throws IOException {
		JsonRpcServer server = start(UnaryOperator.identity());
		try (RawHttpConnection good = new RawHttpConnection(server.port());
				RawHttpConnection bad = new RawHttpConnection(server.port())) {
			good.write(RawHttpConnection.post(sum(1, 1, 1)));
			assertThat(good.read().status()).isEqualTo(200);
			bad.write("GET / HTTP/x.y\r\n\r\n");
			assertThat(bad.read().status()).isEqualTo(400);
			assertThat(bad.isClosedByServer()).isTrue();
			good.write(RawHttpConnection.post(sum(2, 2, 2)));
			assertThat(good.read().body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":4,\"id\":2}");
		}
	}

	private JsonRpcServer start(UnaryOperator<JsonRpcServer.Builder> customizer) {
		JsonRpcServer server = customizer.apply(JsonRpcServer.builder(registry()).port(0)).build();
		this.servers.add(server);
		return server.start();
	}

	private MethodRegistry registry() {
		return MethodRegistry.builder(this.mapper).addAnnotated(this.methods).build();
	}

	private static void assertAnswers(JsonRpcServer server) throws IOException {
		try (RawHttpConnection connection = new RawHttpConnection(server.port())) {
			connection.write(RawHttpConnection.post(sum(7, 20, 22)));
			assertThat(connection.read().body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":42,\"id\":7}");
		}
	}

	private static URI uri(JsonRpcServer server) {
		return URI.create("http://127.0.0.1:" + server.port() + "/");
	}

	private static String sum(int id, long a, long b) {
		return "{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[" + a + "," + b + "],\"id\":" + id + "}";
	}

	static class Methods {

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		final CompletableFuture<Boolean> slowFinished = new CompletableFuture<>();

		@JsonRpcMethod(nonBlocking = true)
		long sum(long a, long b) {
			return a + b;
		}

		@JsonRpcMethod
		String slow() throws InterruptedException {
			this.entered.countDown();
			// Waits for the test rather than sleeping: bounded, and never shorter than
			// needed.
			boolean released = this.release.await(BOUND.toSeconds(), TimeUnit.SECONDS);
			this.slowFinished.complete(released);
			return "slow";
		}

	}

}
