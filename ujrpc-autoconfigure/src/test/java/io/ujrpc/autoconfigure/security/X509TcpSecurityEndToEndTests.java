package io.ujrpc.autoconfigure.security;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import io.ujrpc.server.tls.TestCertificates;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Raw TCP over mutual TLS: the client certificate's subject names the caller, looked up
 * in the user details; a certificate of an unknown name is refused with -32001 and the
 * connection closed.
 */
@Tag("security")
@SpringBootTest(classes = SecurityTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.security.user.name=user", "spring.security.user.password=secret",
				"spring.security.user.roles=USER", "ujrpc.tcp.port=0", "ujrpc.blocking.executor=platform",
				"ujrpc.security.x509.enabled=true", "server.ssl.bundle=server", "server.ssl.client-auth=need" })
class X509TcpSecurityEndToEndTests {

	private static final Path DIRECTORY = directory();

	private static final TestCertificates SERVER = certificates("localhost");

	private static final TestCertificates USER = certificates("user");

	private static final TestCertificates STRANGER = certificates("stranger");

	@Value("${local.ujrpc.tcp.port}")
	private int tcpPort;

	@DynamicPropertySource
	static void bundle(DynamicPropertyRegistry registry) throws Exception {
		Path serverCertificate = DIRECTORY.resolve("server.crt");
		Path serverKey = DIRECTORY.resolve("server.key");
		SERVER.writePem(serverCertificate, serverKey);
		Path clients = DIRECTORY.resolve("clients.crt");
		Path userCertificate = DIRECTORY.resolve("user.crt");
		Path strangerCertificate = DIRECTORY.resolve("stranger.crt");
		USER.writePem(userCertificate, DIRECTORY.resolve("user.key"));
		STRANGER.writePem(strangerCertificate, DIRECTORY.resolve("stranger.key"));
		Files.writeString(clients, Files.readString(userCertificate) + Files.readString(strangerCertificate));
		registry.add("spring.ssl.bundle.pem.server.keystore.certificate", () -> "file:" + serverCertificate);
		registry.add("spring.ssl.bundle.pem.server.keystore.private-key", () -> "file:" + serverKey);
		registry.add("spring.ssl.bundle.pem.server.truststore.certificate", () -> "file:" + clients);
	}

	@Test
	void clientCertificateSubjectIsTheCaller() throws Exception {
		try (SSLSocket socket = connect(USER)) {
			send(socket, "{\"jsonrpc\":\"2.0\",\"method\":\"whoAmI\",\"id\":1}");
			BufferedReader in = reader(socket);
			assertThat(in.readLine()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"user on platform\",\"id\":1}");
			send(socket, "{\"jsonrpc\":\"2.0\",\"method\":\"forUsers\",\"id\":2}");
			assertThat(in.readLine()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"for user\",\"id\":2}");
			send(socket, "{\"jsonrpc\":\"2.0\",\"method\":\"admin.reset\",\"id\":3}");
			assertThat(in.readLine()).contains("\"code\":-32003");
		}
	}

	@Test
	void certificateOfAnUnknownUserIsRefusedAndTheConnectionClosed() throws Exception {
		try (SSLSocket socket = connect(STRANGER)) {
			send(socket, "{\"jsonrpc\":\"2.0\",\"method\":\"public.echo\",\"params\":[\"x\"],\"id\":1}");
			BufferedReader in = reader(socket);
			assertThat(in.readLine()).contains("\"code\":-32001");
			assertThat(in.read()).isEqualTo(-1);
		}
	}

	private SSLSocket connect(TestCertificates client) throws Exception {
		KeyManagerFactory keys = client.keyManagerFactory();
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trust.init(SERVER.load());
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
		SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", this.tcpPort);
		socket.setSoTimeout(10_000);
		socket.startHandshake();
		return socket;
	}

	private static void send(SSLSocket socket, String json) throws Exception {
		OutputStream out = socket.getOutputStream();
		out.write((json + "\n").getBytes(StandardCharsets.UTF_8));
		out.flush();
	}

	private static BufferedReader reader(SSLSocket socket) throws Exception {
		return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
	}

	private static Path directory() {
		try {
			Path directory = Files.createTempDirectory("ujrpc-x509");
			directory.toFile().deleteOnExit();
			return directory;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static TestCertificates certificates(String name) {
		try {
			return TestCertificates.generate(DIRECTORY, name);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
