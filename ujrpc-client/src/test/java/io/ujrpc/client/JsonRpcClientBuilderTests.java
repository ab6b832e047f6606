package io.ujrpc.client;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The URI decides the wire protocol; bad settings are refused with what was expected.
 */
class JsonRpcClientBuilderTests {

	@Test
	void unknownSchemeIsRefused() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> JsonRpcClient.builder(URI.create("ftp://localhost/")).build())
			.withMessage("uri: 'ftp://localhost/' (expected: a scheme of http, https, ws, wss, tcp or tls)");
	}

	@Test
	void tcpWithoutAPortIsRefused() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> JsonRpcClient.builder(URI.create("tcp://localhost")).build())
			.withMessage("uri: 'tcp://localhost' (expected: a port, such as tcp://localhost:9090)");
	}

	@Test
	void uriWithoutAHostIsRefused() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> JsonRpcClient.builder(URI.create("http:/path")).build())
			.withMessage("uri: 'http:/path' (expected: a host, such as http://localhost:8080/)");
	}

	@Test
	void nonPositiveSettingsAreRefused() {
		JsonRpcClient.Builder builder = JsonRpcClient.builder(URI.create("http://localhost/"));
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> builder.timeout(Duration.ZERO))
			.withMessage("timeout: PT0S (expected: > 0)");
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> builder.maxConnections(0))
			.withMessage("maxConnections: 0 (expected: > 0)");
	}

	@Test
	void withTimeoutSharesTheClient() {
		try (JsonRpcClient client = JsonRpcClient.builder(URI.create("ws://localhost:8080/ws")).build()) {
			JsonRpcClient impatient = client.withTimeout(Duration.ofMillis(5));
			assertThat(impatient.timeout()).isEqualTo(Duration.ofMillis(5));
			assertThat(client.timeout()).isEqualTo(Duration.ofSeconds(30));
			assertThat(impatient.uri()).isEqualTo(client.uri());
		}
	}

}
