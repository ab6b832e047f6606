package io.ujrpc.server.websocket;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import io.ujrpc.server.JsonRpcServer;
import io.ujrpc.test.TestMethods;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class WebSocketTransportTests {

	private final TestMethods methods = new TestMethods();

	private final HttpClient http = HttpClient.newHttpClient();

	private JsonRpcServer server;

	@BeforeEach
	void start() {
		this.server = JsonRpcServer.builder(TestMethods.registry(this.methods))
			.port(0)
			.webSocketPath("/ws")
			.maxFrameSize(1024)
			.allowedOrigins("https://app.example.com", "https://*.trusted.example")
			.build()
			.start();
	}

	@AfterEach
	void stop() {
		this.server.stop();
	}

	@Test
	void requestIsAnsweredWithOneTextMessage() throws Exception {
		WebSocketTestClient client = connect(null);
		client.send(call(1, "sum", "[1,2]"));
		assertThat(client.nextMessage()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}");
	}

	@Test
	void httpStillWorksOnTheSameListener() throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri("http", "/"))
			.header("content-type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(call(1, "sum", "[1,2]")))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.body()).contains("\"result\":3");
	}

	@Test
	void batchIsAnsweredWithOneArrayMessage() throws Exception {
		WebSocketTestClient client = connect(null);
		client.send("[" + call(1, "sum", "[1,2]") + "," + call(2, "later", "[4]") + "]");
		assertThat(client.nextMessage())
			.isEqualTo("[{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1},{\"jsonrpc\":\"2.0\",\"result\":4,\"id\":2}]");
	}

	@Test
	void notificationsGetNoMessage() throws Exception {
		WebSocketTestClient client = connect(null);
		client.send("{\"jsonrpc\":\"2.0\",\"method\":\"note\",\"params\":[\"a\"]}");
		client.send(call(2, "sum", "[1,2]"));
		assertThat(client.nextMessage()).contains("\"id\":2");
		assertThat(client.pollMessage(Duration.ofMillis(100))).isNull();
		assertThat(this.methods.notes()).containsExactly("a");
	}

	@Test
	void thousandPipelinedCallsAreAnsweredInRequestOrder() throws Exception {
		WebSocketTestClient client = connect(null);
		for (int i = 0; i < 1000; i++) {
			client.send(call(i, "later", "[" + i + "]"));
		}
		List<String> actual = new ArrayList<>();
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			actual.add(client.nextMessage());
			expected.add("{\"jsonrpc\":\"2.0\",\"result\":" + i + ",\"id\":" + i + "}");
		}
		assertThat(actual).containsExactlyElementsOf(expected);
	}

	@Test
	void fragmentedMessageIsAnsweredOnce() throws Exception {
		WebSocketTestClient client = connect(null);
		String request = call(1, "echo", "[\"in pieces\"]");
		client.webSocket().sendText(request.substring(0, 10), false).join();
		client.webSocket().sendText(request.substring(10, 30), false).join();
		client.webSocket().sendText(request.substring(30), true).join();
		assertThat(client.nextMessage()).contains("\"result\":\"in pieces\"");
	}

	@Test
	void framesCoalescedIntoOneSegmentAreAnsweredInOrder() throws IOException {
		try (RawWebSocket client = RawWebSocket.connect(this.server.port(), "/ws")) {
			byte[] first = RawWebSocket.textFrame(call(1, "later", "[1]"));
			byte[] second = RawWebSocket.textFrame(call(2, "sum", "[1,1]"));
			byte[] both = new byte[first.length + second.length];
			System.arraycopy(first, 0, both, 0, first.length);
			System.arraycopy(second, 0, both, first.length, second.length);
			client.write(both);
			assertThat(client.readText()).contains("\"id\":1");
			assertThat(client.readText()).contains("\"id\":2");
		}
	}

	@Test
	void frameSplitAcrossManySegmentsIsAnsweredOnce() throws IOException {
		try (RawWebSocket client = RawWebSocket.connect(this.server.port(), "/ws")) {
			byte[] frame = RawWebSocket.textFrame(call(1, "echo", "[\"split\"]"));
			for (byte b : frame) {
				client.write(new byte[] { b });
			}
			assertThat(client.readText()).contains("\"result\":\"split\"");
		}
	}

	@Test
	void pingIsAnsweredWithPong() throws Exception {
		WebSocketTestClient client = connect(null);
		client.webSocket().sendPing(ByteBuffer.wrap("hi".getBytes(StandardCharsets.UTF_8))).join();
		assertThat(StandardCharsets.UTF_8.decode(client.nextPong()).toString()).isEqualTo("hi");
	}

	@Test
	void closeHandshakeIsAnswered() {
		WebSocketTestClient client = connect(null);
		client.webSocket().sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
		assertThat(client.closeStatus()).isEqualTo(WebSocket.NORMAL_CLOSURE);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.connectionCount() == 0);
	}

	@Test
	void frameOverTheLimitClosesWith1009() {
		WebSocketTestClient client = connect(null);
		client.send(call(1, "echo", "[\"" + "x".repeat(2000) + "\"]"));
		assertThat(client.closeStatus()).isEqualTo(1009);
	}

	@Test
	void fragmentedMessageOverTheLimitClosesWith1009() {
		WebSocketTestClient client = connect(null);
		String chunk = "x".repeat(600);
		client.webSocket().sendText("[\"" + chunk, false).join();
		client.webSocket().sendText(chunk + "\"]", true).join();
		assertThat(client.closeStatus()).isEqualTo(1009);
	}

	@Test
	void binaryMessageClosesWith1003() {
		WebSocketTestClient client = connect(null);
		client.webSocket().sendBinary(ByteBuffer.wrap(call(1, "sum", "[1,2]").getBytes()), true).join();
		assertThat(client.closeStatus()).isEqualTo(1003);
	}

	@Test
	void disallowedOriginIsRefusedWith403() {
		assertThatThrownBy(() -> connect("https://evil.example.org")).isInstanceOf(CompletionException.class)
			.cause()
			.isInstanceOfSatisfying(WebSocketHandshakeException.class,
					(ex) -> assertThat(ex.getResponse().statusCode()).isEqualTo(403));
	}

	@Test
	void allowedAndSameOriginsMayConnect() throws Exception {
		for (String origin : List.of("https://app.example.com", "https://eu.trusted.example",
				"http://127.0.0.1:" + this.server.port())) {
			WebSocketTestClient client = connect(origin);
			client.send(call(1, "sum", "[1,2]"));
			assertThat(client.nextMessage()).as(origin).contains("\"result\":3");
		}
	}

	@Test
	void abruptDisconnectMidFrameLeavesTheServerServing() throws Exception {
		// io_uring in Netty 4.2.17 may miss a reset that follows data closely (epoll and
		// NIO close at once); the idle timeout then reclaims the connection.
		JsonRpcServer server = JsonRpcServer.builder(TestMethods.registry())
			.port(0)
			.webSocketPath("/ws")
			.webSocketIdleTimeout(Duration.ofSeconds(1))
			.build()
			.start();
		try {
			RawWebSocket raw = RawWebSocket.connect(server.port(), "/ws");
			byte[] frame = RawWebSocket.textFrame(call(1, "sum", "[1,2]"));
			raw.write(java.util.Arrays.copyOf(frame, frame.length / 2));
			raw.socket().setSoLinger(true, 0);
			raw.close();
			WebSocketTestClient client = WebSocketTestClient.connect(this.http,
					URI.create("ws://127.0.0.1:" + server.port() + "/ws"), null);
			client.send(call(2, "sum", "[1,2]"));
			assertThat(client.nextMessage()).contains("\"id\":2");
			client.webSocket().sendClose(WebSocket.NORMAL_CLOSURE, "").join();
			await().atMost(Duration.ofSeconds(10)).until(() -> server.connectionCount() == 0);
		}
		finally {
			server.stop();
		}
	}

	@Test
	void idleConnectionIsClosedWith1001() {
		JsonRpcServer idle = JsonRpcServer.builder(TestMethods.registry())
			.port(0)
			.webSocketPath("/ws")
			.webSocketIdleTimeout(Duration.ofMillis(200))
			.build()
			.start();
		try {
			WebSocketTestClient client = WebSocketTestClient.connect(this.http,
					URI.create("ws://127.0.0.1:" + idle.port() + "/ws"), null);
			assertThat(client.closeStatus()).isEqualTo(1001);
		}
		finally {
			idle.stop();
		}
	}

	@Test
	void gracefulShutdownClosesWith1001() throws Exception {
		WebSocketTestClient client = connect(null);
		client.send(call(1, "sum", "[1,2]"));
		client.nextMessage();
		assertThat(this.server.shutDownGracefully(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS)).isTrue();
		assertThat(client.closeStatus()).isEqualTo(1001);
	}

	private WebSocketTestClient connect(String origin) {
		return WebSocketTestClient.connect(this.http, uri("ws", "/ws"), origin);
	}

	private URI uri(String scheme, String path) {
		return URI.create(scheme + "://127.0.0.1:" + this.server.port() + path);
	}

	private static String call(int id, String method, String params) {
		return "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":" + params + ",\"id\":" + id + "}";
	}

}
