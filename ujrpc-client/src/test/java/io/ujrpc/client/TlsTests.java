package io.ujrpc.client;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import javax.net.ssl.TrustManagerFactory;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.ujrpc.server.tls.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * HTTPS, WSS and TLS over raw TCP, against a server with a self-signed certificate.
 */
class TlsTests {

	@TempDir
	static Path directory;

	private static TestCertificates certificates;

	@BeforeAll
	static void makeCertificate() throws Exception {
		certificates = TestCertificates.generate(directory, "localhost");
	}

	private static SslContext trusting() throws Exception {
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trust.init(certificates.load());
		return SslContextBuilder.forClient().trustManager(trust).endpointIdentificationAlgorithm("HTTPS").build();
	}

	private static SslContext serverContext() throws Exception {
		return SslContextBuilder.forServer(certificates.keyManagerFactory()).build();
	}

	@ParameterizedTest
	@ValueSource(strings = { "https", "wss", "tls" })
	void callsAndBatchesOverTls(String scheme) throws Exception {
		try (TestServer server = TestServer.start(serverContext());
				JsonRpcClient client = JsonRpcClient.builder(server.uri(scheme)).sslContext(trusting()).build()) {
			Calculator calculator = client.proxy(Calculator.class);
			assertThat(calculator.sum(40, 2)).isEqualTo(42);
			assertThat(calculator.subtract(1, 2)).isEqualTo(-1);
			JsonRpcBatch batch = client.batch();
			var echo = batch.add("echo", List.of("secure"), String.class);
			batch.execute();
			assertThat(echo).isCompletedWithValue("secure");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "https", "wss", "tls" })
	void untrustedCertificateIsATransportFailure(String scheme) throws Exception {
		try (TestServer server = TestServer.start(serverContext());
				JsonRpcClient client = JsonRpcClient.builder(server.uri(scheme)).build()) {
			assertThatExceptionOfType(JsonRpcTransportException.class)
				.isThrownBy(() -> client.call("sum", List.of(1, 2), Long.class))
				.withMessageContaining(server.uri(scheme).toString().replace("localhost", "localhost"));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "https", "wss", "tls" })
	void certificateForAnotherHostIsATransportFailure(String scheme) throws Exception {
		// The certificate names localhost and 127.0.0.1; 127.0.0.2 is loopback too.
		try (TestServer server = TestServer.start(serverContext())) {
			URI uri = URI.create(server.uri(scheme).toString().replace("localhost", "127.0.0.2"));
			try (JsonRpcClient client = JsonRpcClient.builder(uri).sslContext(trusting()).build()) {
				assertThatExceptionOfType(JsonRpcTransportException.class)
					.isThrownBy(() -> client.call("sum", List.of(1, 2), Long.class))
					.withMessageContaining("127.0.0.2");
			}
		}
	}

	@Test
	void serverContextIsRefusedAsAClientContext() throws Exception {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(
					() -> JsonRpcClient.builder(java.net.URI.create("https://localhost/")).sslContext(serverContext()))
			.withMessage("sslContext: a server context (expected: a client context)");
	}

}
