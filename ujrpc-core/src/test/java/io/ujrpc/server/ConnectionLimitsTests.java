package io.ujrpc.server;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.ujrpc.server.transport.TransportType;
import io.ujrpc.test.RawHttpConnection;
import io.ujrpc.test.RawHttpResponse;
import io.ujrpc.test.TestMethods;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Deadlines, half-close and the connection limit, over real sockets.
 */
class ConnectionLimitsTests {

	private static final String SUM = "{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1}";

	private JsonRpcServer server;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.stop();
		}
	}

	private JsonRpcServer start(JsonRpcServer.Builder builder) {
		this.server = builder.port(0).build().start();
		return this.server;
	}

	@Test
	void headThatDoesNotArriveInTimeGets408AndTheConnectionCloses() throws IOException {
		start(JsonRpcServer.builder(TestMethods.registry()).headerTimeout(Duration.ofMillis(300)));
		try (RawHttpConnection connection = new RawHttpConnection(this.server.port())) {
			connection.write("POST / HTTP/1.1\r\nHost: localhost\r\n");
			RawHttpResponse response = connection.read();
			assertThat(response.status()).isEqualTo(408);
			assertThat(response.version()).isEqualTo("HTTP/1.1");
			assertThat(response.header("connection")).isEqualTo("close");
			assertThat(connection.isClosedByServer()).isTrue();
		}
	}

	@Test
	void headAfterEarlierRequestsOnTheConnectionStillGets408() throws IOException {
		// The connection's timer outlives each request: it must still fire for a later
		// one.
		start(JsonRpcServer.builder(TestMethods.registry())
			.headerTimeout(Duration.ofMillis(300))
			.requestTimeout(Duration.ZERO));
		try (RawHttpConnection connection = new RawHttpConnection(this.server.port())) {
			for (int i = 0; i < 3; i++) {
				connection.write(RawHttpConnection.post(SUM));
				assertThat(connection.read().status()).isEqualTo(200);
			}
			connection.write("POST / HTTP/1.1\r\nHost: localhost\r\n");
			RawHttpResponse response = connection.read();
			assertThat(response.status()).isEqualTo(408);
			assertThat(response.body()).contains("head not received in time");
		}
	}

	@Test
	void tricklingTheHeadByteByByteDoesNotMoveTheDeadline() throws Exception {
		// Each byte would reset an idle timer; the deadline counts from the first byte.
		start(JsonRpcServer.builder(TestMethods.registry())
			.idleTimeout(Duration.ofSeconds(5))
			.headerTimeout(Duration.ofMillis(500)));
		try (RawHttpConnection connection = new RawHttpConnection(this.server.port())) {
			String head = "POST / HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + "a".repeat(200);
			long started = System.nanoTime();
			int sent = 0;
			// The client's pace is the scenario (one byte per 20 ms), not a wait for the
			// server: the loop ends when the answer arrives, or after 5 s.
			while (sent < head.length() && !connection.hasBytesToRead()
					&& System.nanoTime() - started < 5_000_000_000L) {
				connection.write(head.substring(sent, sent + 1));
				sent++;
				Thread.sleep(20);
			}
			assertThat(sent).isLessThan(head.length());
			RawHttpResponse response = connection.read();
			assertThat(response.status()).isEqualTo(408);
			assertThat(response.header("connection")).isEqualTo("close");
		}
	}

	@Test
	void bodyThatDoesNotArriveInTimeGets408() throws IOException {
		start(JsonRpcServer.builder(TestMethods.registry()).requestTimeout(Duration.ofMillis(300)));
		try (RawHttpConnection connection = new RawHttpConnection(this.server.port())) {
			connection.write(RawHttpConnection.post(SUM));
			assertThat(connection.read().body()).contains("\"result\":3");
			connection.write("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
					+ "Content-Length: 100\r\n\r\n{\"jsonrpc\"");
			RawHttpResponse response = connection.read();
			assertThat(response.status()).isEqualTo(408);
			assertThat(response.body()).contains("body not received in time");
			assertThat(connection.isClosedByServer()).isTrue();
		}
	}

	@Test
	void requestsWithinTheDeadlinesKeepTheConnection() throws IOException {
		start(JsonRpcServer.builder(TestMethods.registry())
			.headerTimeout(Duration.ofMillis(300))
			.requestTimeout(Duration.ofMillis(600)));
		try (RawHttpConnection connection = new RawHttpConnection(this.server.port())) {
			for (int i = 0; i < 3; i++) {
				connection.write(RawHttpConnection.post(SUM));
				assertThat(connection.read().status()).isEqualTo(200);
			}
			// Idle between requests is not a late request: only the idle timeout applies.
			await().pollDelay(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5)).until(() -> true);
			connection.write(RawHttpConnection.post(SUM));
			assertThat(connection.read().status()).isEqualTo(200);
		}
	}

	@Test
	void tcpValueThatDoesNotArriveInTimeClosesTheConnection() throws IOException {
		start(JsonRpcServer.builder(TestMethods.registry())
			.tcpPort(0)
			.tcpIdleTimeout(Duration.ofSeconds(30))
			.requestTimeout(Duration.ofMillis(300)));
		try (RawHttpConnection connection = new RawHttpConnection(this.server.tcpPort())) {
			connection.write(SUM + "\n");
			assertThat(connection.readLine()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}");
			// A value's first bytes, and then nothing: closed at the deadline, not the
			// idle timeout.
			connection.write("{\"jsonrpc\":\"2.0\",");
			assertThat(connection.readToEnd()).isEmpty();
		}
	}

	@ParameterizedTest
	@EnumSource(value = TransportType.class, names = { "NIO", "EPOLL", "IO_URING" })
	void httpClientThatHalfClosesAfterSendingIsAnswered(TransportType transport) throws IOException {
		org.junit.jupiter.api.Assumptions.assumeTrue(available(transport), transport + " is not available here");
		start(JsonRpcServer.builder(TestMethods.registry()).transport(transport));
		try (RawHttpConnection connection = new RawHttpConnection(this.server.port())) {
			connection.write(RawHttpConnection.post(SUM) + RawHttpConnection.post(SUM)).shutdownOutput();
			List<RawHttpResponse> responses = RawHttpResponse
				.readAll(connection.readToEnd().getBytes(java.nio.charset.StandardCharsets.UTF_8));
			assertThat(responses).hasSize(2).allSatisfy((response) -> {
				assertThat(response.status()).isEqualTo(200);
				assertThat(response.body()).contains("\"result\":3");
			});
		}
	}

	@Test
	void tcpClientThatHalfClosesAfterSendingIsAnswered() throws IOException {
		// printf '...' | nc -q 1 host port: the README's own example.
		start(JsonRpcServer.builder(TestMethods.registry()).tcpPort(0));
		try (RawHttpConnection connection = new RawHttpConnection(this.server.tcpPort())) {
			connection.write(SUM + "\n").shutdownOutput();
			assertThat(connection.readToEnd()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}\n");
		}
	}

	@Test
	void connectionsOverTheLimitAreClosedAndTheOthersServed() throws Exception {
		start(JsonRpcServer.builder(TestMethods.registry()).maxConnections(2));
		List<RawHttpConnection> open = new ArrayList<>();
		try {
			for (int i = 0; i < 2; i++) {
				RawHttpConnection connection = new RawHttpConnection(this.server.port());
				open.add(connection);
				connection.write(RawHttpConnection.post(SUM));
				assertThat(connection.read().status()).isEqualTo(200);
			}
			try (RawHttpConnection refused = new RawHttpConnection(this.server.port())) {
				assertThat(refused.isClosedByServer()).isTrue();
			}
			open.get(0).write(RawHttpConnection.post(SUM));
			assertThat(open.get(0).read().status()).isEqualTo(200);
			open.remove(0).close();
			await().atMost(Duration.ofSeconds(5)).until(() -> this.server.connectionCount() < 2);
			try (RawHttpConnection next = new RawHttpConnection(this.server.port())) {
				next.write(RawHttpConnection.post(SUM));
				assertThat(next.read().status()).isEqualTo(200);
			}
		}
		finally {
			for (RawHttpConnection connection : open) {
				connection.close();
			}
		}
	}

	private static boolean available(TransportType transport) {
		return switch (transport) {
			case EPOLL -> io.netty.channel.epoll.Epoll.isAvailable();
			case IO_URING -> io.netty.channel.uring.IoUring.isAvailable();
			default -> true;
		};
	}

}
