package io.ujrpc.client;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What a caller sees when the server is there but the request cannot be answered as
 * JSON-RPC.
 */
class TransportFailureTests {

	@Test
	void httpStatusOtherThanOkIsATransportFailureNamingIt() {
		try (TestServer server = TestServer.start();
				JsonRpcClient client = JsonRpcClient
					.builder(URI.create("http://localhost:" + server.server().port() + "/nowhere"))
					.build()) {
			assertThatExceptionOfType(JsonRpcTransportException.class)
				.isThrownBy(() -> client.call("sum", List.of(1, 2), Long.class))
				.withMessageStartingWith(
						"HTTP 404 Not Found from http://localhost:" + server.server().port() + "/nowhere");
		}
	}

	@Test
	void webSocketHandshakeRefusedIsATransportFailure() {
		try (TestServer server = TestServer.start();
				JsonRpcClient client = JsonRpcClient
					.builder(URI.create("ws://localhost:" + server.server().port() + "/nowhere"))
					.build()) {
			assertThatExceptionOfType(JsonRpcTransportException.class)
				.isThrownBy(() -> client.call("sum", List.of(1, 2), Long.class))
				.withMessageStartingWith("Cannot connect to ws://localhost:" + server.server().port() + "/nowhere: ");
		}
	}

	@Test
	void responseOverTheLimitFailsTheCall() {
		try (TestServer server = TestServer.start();
				JsonRpcClient client = JsonRpcClient.builder(server.uri("tcp")).maxResponseSize(1024).build()) {
			assertThatExceptionOfType(JsonRpcTransportException.class)
				.isThrownBy(() -> client.call("echo", List.of("x".repeat(4096)), String.class))
				.withMessageContaining("failed");
		}
	}

}
