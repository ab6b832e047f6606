package io.ujrpc.server.tcp;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.ujrpc.server.JsonRpcServer;
import io.ujrpc.test.TestMethods;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class TcpTransportTests {

	private final TestMethods methods = new TestMethods();

	private JsonRpcServer server;

	@BeforeEach
	void start() {
		this.server = JsonRpcServer.builder(TestMethods.registry(this.methods))
			.port(0)
			.tcpPort(0)
			.tcpMaxRequestSize(1024)
			.tcpIdleTimeout(Duration.ofSeconds(1))
			.build()
			.start();
	}

	@AfterEach
	void stop() {
		this.server.stop();
	}

	@Test
	void tcpListenerHasItsOwnPort() {
		assertThat(this.server.tcpPort()).isPositive().isNotEqualTo(this.server.port());
	}

	@Test
	void tcpListenerIsOffByDefault() {
		JsonRpcServer plain = JsonRpcServer.builder(TestMethods.registry()).port(0).build().start();
		try {
			assertThat(plain.tcpPort()).isEqualTo(-1);
		}
		finally {
			plain.stop();
		}
	}

	@Test
	void responseIsOneJsonValueAndANewline() throws IOException {
		try (TcpTestClient client = connect()) {
			client.send(TcpTestClient.call(1, "sum", "[1,2]"));
			assertThat(client.readLine()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}");
		}
	}

	@Test
	void concatenatedRequestsInOneSegmentAreAnsweredInOrder() throws IOException {
		try (TcpTestClient client = connect()) {
			client.send(TcpTestClient.call(1, "sum", "[1,2]") + TcpTestClient.call(2, "echo", "[\"}{\"]") + "\n"
					+ TcpTestClient.call(3, "sum", "[3,4]") + "\n");
			assertThat(client.readLine()).contains("\"result\":3", "\"id\":1");
			assertThat(client.readLine()).contains("\"result\":\"}{\"", "\"id\":2");
			assertThat(client.readLine()).contains("\"result\":7", "\"id\":3");
		}
	}

	@Test
	void requestSplitAcrossManySegmentsIsAnsweredOnce() throws IOException {
		try (TcpTestClient client = connect()) {
			String request = TcpTestClient.call(7, "echo", "[\"split \\\" across\"]");
			for (int i = 0; i < request.length(); i += 3) {
				client.send(request.substring(i, Math.min(request.length(), i + 3)));
			}
			client.send("\n" + TcpTestClient.call(8, "sum", "[1,1]"));
			assertThat(client.readLine()).contains("\"result\":\"split \\\" across\"", "\"id\":7");
			assertThat(client.readLine()).contains("\"id\":8");
		}
	}

	@Test
	void thousandPipelinedCallsAreAnsweredInRequestOrder() throws IOException {
		try (TcpTestClient client = connect()) {
			StringBuilder requests = new StringBuilder();
			for (int i = 0; i < 1000; i++) {
				requests.append(TcpTestClient.call(i, "later", "[" + i + "]")).append('\n');
			}
			client.send(requests.toString());
			List<String> expected = new ArrayList<>();
			List<String> actual = new ArrayList<>();
			for (int i = 0; i < 1000; i++) {
				expected.add("{\"jsonrpc\":\"2.0\",\"result\":" + i + ",\"id\":" + i + "}");
				actual.add(client.readLine());
			}
			assertThat(actual).containsExactlyElementsOf(expected);
		}
	}

	@Test
	void batchIsAnsweredWithOneArrayLine() throws IOException {
		try (TcpTestClient client = connect()) {
			client.send("[" + TcpTestClient.call(1, "sum", "[1,2]")
					+ ",{\"jsonrpc\":\"2.0\",\"method\":\"note\",\"params\":[\"b\"]},"
					+ TcpTestClient.call(2, "later", "[5]") + "]\n");
			assertThat(client.readLine())
				.isEqualTo("[{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1},{\"jsonrpc\":\"2.0\",\"result\":5,\"id\":2}]");
		}
		assertThat(this.methods.notes()).containsExactly("b");
	}

	@Test
	void notificationsGetNoResponse() throws IOException {
		try (TcpTestClient client = connect()) {
			client.send("{\"jsonrpc\":\"2.0\",\"method\":\"note\",\"params\":[\"a\"]}\n"
					+ "[{\"jsonrpc\":\"2.0\",\"method\":\"note\",\"params\":[\"b\"]}]\n"
					+ TcpTestClient.call(1, "sum", "[1,2]"));
			assertThat(client.readLine()).contains("\"id\":1");
		}
		assertThat(this.methods.notes()).containsExactly("a", "b");
	}

	@Test
	void malformedValueGetsParseErrorAndConnectionStaysOpen() throws IOException {
		try (TcpTestClient client = connect()) {
			client.send("{\"jsonrpc\":}\n" + TcpTestClient.call(2, "sum", "[1,2]"));
			assertThat(client.readLine()).contains("\"code\":-32700", "\"id\":null");
			assertThat(client.readLine()).contains("\"id\":2");
		}
	}

	@Test
	void valueOverTheLimitGetsInvalidRequestAndCloses() throws IOException {
		try (TcpTestClient bystander = connect(); TcpTestClient client = connect()) {
			client.send(TcpTestClient.call(1, "sum", "[1,2]")
					+ TcpTestClient.call(2, "echo", "[\"" + "x".repeat(2000) + "\"]"));
			assertThat(client.readLine()).contains("\"id\":1");
			assertThat(client.readLine()).contains("\"code\":-32600", "over the limit of 1024 bytes", "\"id\":null");
			assertThat(client.isClosedByServer()).isTrue();
			bystander.send(TcpTestClient.call(3, "sum", "[1,2]"));
			assertThat(bystander.readLine()).contains("\"id\":3");
		}
	}

	@Test
	void garbageGetsParseErrorAndCloses() throws IOException {
		try (TcpTestClient client = connect()) {
			client.send(TcpTestClient.call(1, "later", "[1]") + "\nGET / HTTP/1.1\r\nHost: x\r\n\r\n");
			assertThat(client.readLine()).contains("\"id\":1");
			assertThat(client.readLine()).contains("\"code\":-32700", "\"id\":null");
			assertThat(client.isClosedByServer()).isTrue();
		}
		// A connection opened now: one held open the whole time would meet the 1 s idle
		// timeout on a loaded machine.
		try (TcpTestClient bystander = connect()) {
			bystander.send(TcpTestClient.call(3, "sum", "[1,2]"));
			assertThat(bystander.readLine()).contains("\"id\":3");
		}
	}

	@Test
	void abruptDisconnectMidRequestLeavesTheServerServing() throws IOException {
		TcpTestClient client = connect();
		TcpTestClient busy = connect();
		// io_uring in Netty 4.2.17 may miss a reset that follows data closely (epoll and
		// NIO close at once); the idle timeout then reclaims the connection.
		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.connectionCount() == 2);
		client.send(TcpTestClient.call(1, "sum", "[1,2]").substring(0, 20));
		client.socket().setSoLinger(true, 0);
		client.close();
		busy.send(TcpTestClient.call(1, "later", "[1]") + TcpTestClient.call(2, "later", "[2]"));
		busy.socket().setSoLinger(true, 0);
		busy.close();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.connectionCount() == 0);
		try (TcpTestClient next = connect()) {
			next.send(TcpTestClient.call(3, "sum", "[1,2]"));
			assertThat(next.readLine()).contains("\"id\":3");
		}
	}

	@Test
	void tcpConnectionsAreCountedAndDrainedOnShutdown() throws Exception {
		try (TcpTestClient client = connect()) {
			client.send(TcpTestClient.call(1, "sum", "[1,2]"));
			assertThat(client.readLine()).contains("\"id\":1");
			assertThat(this.server.connectionCount()).isEqualTo(1);
			assertThat(this.server.shutDownGracefully(Duration.ofSeconds(5)).get()).isTrue();
			assertThat(client.isClosedByServer()).isTrue();
		}
	}

	private TcpTestClient connect() throws IOException {
		return TcpTestClient.connect(this.server.tcpPort());
	}

}
