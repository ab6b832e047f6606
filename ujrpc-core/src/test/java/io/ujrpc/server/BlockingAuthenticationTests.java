package io.ujrpc.server;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.context.ExchangeAuthenticationException;
import io.ujrpc.context.ExchangeAuthenticator;
import io.ujrpc.context.ExchangeContext;
import io.ujrpc.context.RequestContext;
import io.ujrpc.dispatch.MethodRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An authenticator that blocks (a password hash, a user store) runs off the I/O thread:
 * while it holds one caller, the other connections of the same, single I/O thread are
 * served (HTTP, REST, raw TCP and WebSocket handshakes), and the held caller's requests
 * are answered in order once it is done.
 */
class BlockingAuthenticationTests {

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/** Released by each test; {@code Token slow} waits for it. */
	private final CountDownLatch slow = new CountDownLatch(1);

	/** The thread each caller was authenticated on. */
	private final Map<String, String> threads = new ConcurrentHashMap<>();

	private JsonRpcServer server;

	private ThreadPoolExecutor pool;

	@AfterEach
	void stop() {
		this.slow.countDown();
		if (this.server != null) {
			this.server.stop();
		}
		if (this.pool != null) {
			this.pool.shutdownNow();
		}
	}

	@Test
	void aSlowAuthenticationOverHttpHoldsNoOtherConnection() throws Exception {
		start(true);
		CompletableFuture<HttpResponse<String>> held = this.client.sendAsync(post("Token slow", "/"),
				HttpResponse.BodyHandlers.ofString());
		awaitAuthenticating("slow");
		HttpResponse<String> other = this.client.send(post("Token alice", "/"), HttpResponse.BodyHandlers.ofString());
		assertThat(other.body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"alice\",\"id\":1}");
		HttpResponse<String> rest = this.client.send(
				HttpRequest.newBuilder(uri("/rest/whoAmI")).header("Authorization", "Token bob").GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(rest.body()).isEqualTo("\"bob\"");
		assertThat(held).isNotDone();
		this.slow.countDown();
		assertThat(held.get(10, TimeUnit.SECONDS).body())
			.isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"slow\",\"id\":1}");
		assertThat(this.threads).allSatisfy((caller, thread) -> assertThat(thread).doesNotStartWith("ujrpc-io"));
	}

	@Test
	void aSlowRestAuthenticationAnswersWithTheBodyStillReadable() throws Exception {
		start(true);
		CompletableFuture<HttpResponse<String>> held = this.client.sendAsync(HttpRequest.newBuilder(uri("/rest/echo"))
			.header("Authorization", "Token slow")
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(10))
			.POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"kept\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		awaitAuthenticating("slow");
		this.slow.countDown();
		assertThat(held.get(10, TimeUnit.SECONDS).body()).isEqualTo("\"slow: kept\"");
	}

	@Test
	void valuesPipelinedBehindASlowTcpAuthenticationAreAnsweredInOrder() throws Exception {
		start(true);
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.server.tcpPort()), 5_000);
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			StringBuilder values = new StringBuilder();
			for (int id = 1; id <= 20; id++) {
				values.append("{\"jsonrpc\":\"2.0\",\"method\":\"whoAmI\",\"id\":").append(id).append("}\n");
			}
			out.write(values.toString().getBytes(StandardCharsets.UTF_8));
			out.flush();
			awaitAuthenticating("tcp");
			HttpResponse<String> other = this.client.send(post("Token alice", "/"),
					HttpResponse.BodyHandlers.ofString());
			assertThat(other.body()).contains("alice");
			this.slow.countDown();
			BufferedReader in = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
			for (int id = 1; id <= 20; id++) {
				assertThat(in.readLine()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"tcp\",\"id\":" + id + "}");
			}
		}
	}

	@Test
	void aRefusalAfterASlowTcpAuthenticationClosesTheConnection() throws Exception {
		start(true);
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.server.tcpPort()), 5_000);
			socket.setSoTimeout(10_000);
			this.refuseTcp = true;
			OutputStream out = socket.getOutputStream();
			out.write(("{\"jsonrpc\":\"2.0\",\"method\":\"whoAmI\",\"id\":1}\n"
					+ "{\"jsonrpc\":\"2.0\",\"method\":\"whoAmI\",\"id\":2}\n")
				.getBytes(StandardCharsets.UTF_8));
			out.flush();
			awaitAuthenticating("tcp");
			this.slow.countDown();
			BufferedReader in = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
			assertThat(in.readLine()).isEqualTo(
					"{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32001,\"message\":\"Unauthorized\"},\"id\":null}");
			assertThat(in.read()).isEqualTo(-1);
		}
	}

	@Test
	void aSlowWebSocketHandshakeAuthenticationHoldsNoOtherConnection() throws Exception {
		start(true);
		ExchangeAuthenticationTests.Listener listener = new ExchangeAuthenticationTests.Listener();
		CompletableFuture<WebSocket> connecting = this.client.newWebSocketBuilder()
			.header("Authorization", "Token slow")
			.buildAsync(URI.create("ws://127.0.0.1:" + this.server.port() + "/ws"), listener);
		awaitAuthenticating("slow");
		HttpResponse<String> other = this.client.send(post("Token alice", "/"), HttpResponse.BodyHandlers.ofString());
		assertThat(other.body()).contains("alice");
		assertThat(connecting).isNotDone();
		this.slow.countDown();
		WebSocket socket = connecting.get(10, TimeUnit.SECONDS);
		socket.sendText("{\"jsonrpc\":\"2.0\",\"method\":\"whoAmI\",\"id\":1}", true);
		assertThat(listener.next()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"slow\",\"id\":1}");
		socket.abort();
	}

	@Test
	void anAuthenticationWithNoThreadFreeIsAnsweredServerBusy() throws Exception {
		// One thread, one queued task: two slow callers fill it.
		this.pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(1));
		start(true, this.pool);
		CompletableFuture<HttpResponse<String>> running = this.client.sendAsync(post("Token slow", "/"),
				HttpResponse.BodyHandlers.ofString());
		awaitAuthenticating("slow");
		CompletableFuture<HttpResponse<String>> queued = this.client.sendAsync(post("Token slow-queued", "/"),
				HttpResponse.BodyHandlers.ofString());
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.pool.getQueue().size() == 1);
		HttpResponse<String> busy = this.client.send(post("Token alice", "/"), HttpResponse.BodyHandlers.ofString());
		assertThat(busy.statusCode()).isEqualTo(503);
		assertThat(busy.body()).contains("\"code\":-32000").contains("\"id\":null").doesNotContain("Exception");
		HttpResponse<String> rest = this.client.send(
				HttpRequest.newBuilder(uri("/rest/whoAmI")).header("Authorization", "Token bob").GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(rest.statusCode()).isEqualTo(503);
		assertThat(rest.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(rest.body()).contains("\"code\":-32000").doesNotContain("Exception");
		assertThat(this.threads).doesNotContainKeys("alice", "bob");
		this.slow.countDown();
		assertThat(running.get(10, TimeUnit.SECONDS).body())
			.isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"slow\",\"id\":1}");
		assertThat(queued.get(10, TimeUnit.SECONDS).body())
			.isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"slow-queued\",\"id\":1}");
		// With threads free again, the next caller is served.
		assertThat(this.client.send(post("Token carol", "/"), HttpResponse.BodyHandlers.ofString()).body())
			.contains("\"result\":\"carol\"");
	}

	@Test
	void anAuthenticatorThatSaysItNeverBlocksRunsOnTheIoThread() throws Exception {
		start(false);
		HttpResponse<String> response = this.client.send(post("Token alice", "/"),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.body()).contains("alice");
		assertThat(this.threads.get("alice")).startsWith("ujrpc-io");
	}

	private volatile boolean refuseTcp;

	private void start(boolean blocking) {
		start(blocking, null);
	}

	private void start(boolean blocking, Executor blockingExecutor) {
		MethodRegistry registry = MethodRegistry.builder(JsonMapper.builder().build())
			.addAnnotated(new Methods())
			.build();
		this.server = JsonRpcServer.builder(registry)
			.port(0)
			.tcpPort(0)
			.webSocketPath("/ws")
			.ioThreads(1)
			.blockingExecutor(blockingExecutor)
			.authenticator(new SlowAuthenticator(blocking))
			.build()
			.start();
	}

	private void awaitAuthenticating(String caller) {
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.threads.containsKey(caller));
	}

	private HttpRequest post(String authorization, String path) {
		return HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.header("Authorization", authorization)
			.timeout(Duration.ofSeconds(5))
			.POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"method\":\"whoAmI\",\"id\":1}"))
			.build();
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.server.port() + path);
	}

	/**
	 * {@code Token <name>} names the caller; {@code Token slow...} and every raw TCP
	 * caller (named {@code tcp}) wait for the test's latch, as a password hash or a user
	 * store would take its time.
	 */
	final class SlowAuthenticator implements ExchangeAuthenticator {

		private final boolean blocking;

		SlowAuthenticator(boolean blocking) {
			this.blocking = blocking;
		}

		@Override
		public ExchangeContext authenticate(ExchangeContext exchange) {
			String authorization = exchange.headers().get("Authorization");
			String name = (authorization != null) ? authorization.substring("Token ".length()) : "tcp";
			BlockingAuthenticationTests.this.threads.put(name, Thread.currentThread().getName());
			if (name.startsWith("slow") || name.equals("tcp")) {
				try {
					assertThat(BlockingAuthenticationTests.this.slow.await(10, TimeUnit.SECONDS)).isTrue();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			if (name.equals("tcp") && BlockingAuthenticationTests.this.refuseTcp) {
				throw new ExchangeAuthenticationException("Unauthorized", List.of());
			}
			Principal principal = () -> name;
			return exchange.withPrincipal(principal);
		}

		@Override
		public boolean blocking() {
			return this.blocking;
		}

	}

	static class Methods {

		@JsonRpcMethod(nonBlocking = true)
		String whoAmI(RequestContext context) {
			return context.principal().getName();
		}

		@JsonRpcMethod(nonBlocking = true)
		String echo(RequestContext context, String text) {
			return context.principal().getName() + ": " + text;
		}

	}

}
