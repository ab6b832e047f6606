package io.ujrpc.autoconfigure;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.server.JsonRpcServer;
import io.ujrpc.server.tls.TestCertificates;
import io.ujrpc.spring.JsonRpcWebServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class UjrpcTransportsAutoConfigurationTests {

	private static final String SUM = "{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1}";

	private static final String THREE = "{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}";

	@TempDir
	static Path directory;

	private static TestCertificates first;

	private static TestCertificates second;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, SslAutoConfiguration.class,
				UjrpcAutoConfiguration.class))
		.withUserConfiguration(CalculatorConfiguration.class)
		.withPropertyValues("server.port=0");

	@BeforeAll
	static void generate() throws Exception {
		first = TestCertificates.generate(directory, "first");
		second = TestCertificates.generate(directory, "second");
	}

	@Test
	void tcpListenerIsOffByDefault() {
		this.runner.run((context) -> {
			assertThat(server(context.getBean(JsonRpcWebServer.class)).tcpPort()).isEqualTo(-1);
			assertThat(context.getEnvironment().containsProperty("local.ujrpc.tcp.port")).isFalse();
		});
	}

	@Test
	void tcpPortTurnsTheListenerOnAndIsPublished() {
		this.runner.withPropertyValues("ujrpc.tcp.port=0").run((context) -> {
			int tcpPort = server(context.getBean(JsonRpcWebServer.class)).tcpPort();
			assertThat(tcpPort).isPositive();
			assertThat(context.getEnvironment().getProperty("local.ujrpc.tcp.port", Integer.class)).isEqualTo(tcpPort);
			try (Socket socket = new Socket("127.0.0.1", tcpPort)) {
				assertThat(tcpCall(socket, SUM)).isEqualTo(THREE);
			}
		});
	}

	@Test
	void tcpMaxRequestSizeIsApplied() {
		this.runner.withPropertyValues("ujrpc.tcp.port=0", "ujrpc.tcp.max-request-size=32B").run((context) -> {
			try (Socket socket = new Socket("127.0.0.1", server(context.getBean(JsonRpcWebServer.class)).tcpPort())) {
				assertThat(tcpCall(socket, SUM)).contains("\"code\":-32600", "limit of 32 bytes");
			}
		});
	}

	@Test
	void webSocketIsOnByDefaultAtSlashWs() {
		this.runner.run((context) -> {
			int port = context.getBean(JsonRpcWebServer.class).getPort();
			assertThat(webSocketCall(HttpClient.newHttpClient(), URI.create("ws://127.0.0.1:" + port + "/ws"), null))
				.isEqualTo(THREE);
		});
	}

	@Test
	void webSocketPathAndOriginsAreConfigurable() {
		this.runner
			.withPropertyValues("ujrpc.websocket.path=/rpc-ws",
					"ujrpc.websocket.allowed-origins=https://app.example.com")
			.run((context) -> {
				URI uri = URI.create("ws://127.0.0.1:" + context.getBean(JsonRpcWebServer.class).getPort() + "/rpc-ws");
				HttpClient client = HttpClient.newHttpClient();
				assertThat(webSocketCall(client, uri, "https://app.example.com")).isEqualTo(THREE);
				assertThatThrownBy(() -> webSocketCall(client, uri, "https://other.example.com"))
					.isInstanceOf(CompletionException.class)
					.cause()
					.isInstanceOfSatisfying(WebSocketHandshakeException.class,
							(ex) -> assertThat(ex.getResponse().statusCode()).isEqualTo(403));
			});
	}

	@Test
	void webSocketCanBeTurnedOff() {
		this.runner.withPropertyValues("ujrpc.websocket.enabled=false").run((context) -> {
			URI uri = URI.create("ws://127.0.0.1:" + context.getBean(JsonRpcWebServer.class).getPort() + "/ws");
			assertThatThrownBy(() -> webSocketCall(HttpClient.newHttpClient(), uri, null))
				.isInstanceOf(CompletionException.class)
				.cause()
				.isInstanceOfSatisfying(WebSocketHandshakeException.class,
						(ex) -> assertThat(ex.getResponse().statusCode()).isEqualTo(404));
		});
	}

	@Test
	void sslBundleFromAKeyStoreServesHttpsWssAndTlsTcp() {
		this.runner
			.withPropertyValues("ujrpc.tcp.port=0", "server.ssl.bundle=server",
					"spring.ssl.bundle.jks.server.keystore.location=file:" + first.keyStore(),
					"spring.ssl.bundle.jks.server.keystore.password=" + TestCertificates.PASSWORD,
					"spring.ssl.bundle.jks.server.keystore.type=PKCS12")
			.run((context) -> {
				JsonRpcServer server = server(context.getBean(JsonRpcWebServer.class));
				assertThat(server.isSecure()).isTrue();
				HttpClient client = HttpClient.newBuilder().sslContext(first.clientContext()).build();
				HttpResponse<String> response = client
					.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + "/"))
						.header("content-type", "application/json")
						.POST(HttpRequest.BodyPublishers.ofString(SUM))
						.build(), HttpResponse.BodyHandlers.ofString());
				assertThat(response.body()).isEqualTo(THREE);
				assertThat(webSocketCall(client, URI.create("wss://localhost:" + server.port() + "/ws"), null))
					.isEqualTo(THREE);
				try (Socket socket = first.clientContext()
					.getSocketFactory()
					.createSocket("127.0.0.1", server.tcpPort())) {
					assertThat(tcpCall(socket, SUM)).isEqualTo(THREE);
				}
			});
	}

	@Test
	void sslBundleProtocolsAreHonoured() {
		this.runner
			.withPropertyValues("server.ssl.bundle=server",
					"spring.ssl.bundle.jks.server.keystore.location=file:" + first.keyStore(),
					"spring.ssl.bundle.jks.server.keystore.password=" + TestCertificates.PASSWORD,
					"spring.ssl.bundle.jks.server.keystore.type=PKCS12",
					"spring.ssl.bundle.jks.server.options.enabled-protocols=TLSv1.2")
			.run((context) -> {
				int port = context.getBean(JsonRpcWebServer.class).getPort();
				try (SSLSocket socket = (SSLSocket) first.clientContext()
					.getSocketFactory()
					.createSocket("127.0.0.1", port)) {
					socket.startHandshake();
					assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
				}
			});
	}

	@Test
	void reloadedPemBundleAppliesToNewConnections(@TempDir Path pem) throws Exception {
		Path certificate = pem.resolve("server.crt");
		Path privateKey = pem.resolve("server.key");
		first.writePem(certificate, privateKey);
		this.runner.withPropertyValues("server.ssl.bundle=server",
				"spring.ssl.bundle.pem.server.keystore.certificate=file:" + certificate,
				"spring.ssl.bundle.pem.server.keystore.private-key=file:" + privateKey,
				"spring.ssl.bundle.pem.server.reload-on-update=true", "spring.ssl.bundle.watch.file.quiet-period=100ms")
			.run((context) -> {
				int port = context.getBean(JsonRpcWebServer.class).getPort();
				assertThat(peerName(first.clientContext(), port)).isEqualTo("CN=first");
				second.writePem(certificate, privateKey);
				await().atMost(Duration.ofSeconds(20))
					.pollInterval(Duration.ofMillis(200))
					.ignoreExceptions()
					.until(() -> peerName(second.clientContext(), port).equals("CN=second"));
			});
	}

	private static JsonRpcServer server(JsonRpcWebServer webServer) {
		return webServer.getServer();
	}

	private static String peerName(SSLContext client, int port) throws Exception {
		try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", port)) {
			socket.startHandshake();
			return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
		}
	}

	private static String tcpCall(Socket socket, String request) throws Exception {
		socket.setSoTimeout(10_000);
		socket.getOutputStream().write((request + "\n").getBytes(StandardCharsets.UTF_8));
		socket.getOutputStream().flush();
		return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
	}

	private static String webSocketCall(HttpClient client, URI uri, String origin) throws Exception {
		BlockingQueue<String> messages = new LinkedBlockingQueue<>();
		WebSocket.Builder builder = client.newWebSocketBuilder();
		if (origin != null) {
			builder.header("Origin", origin);
		}
		WebSocket webSocket = builder.buildAsync(uri, new WebSocket.Listener() {
			@Override
			public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
				messages.add(data.toString());
				webSocket.request(1);
				return null;
			}
		}).orTimeout(10, TimeUnit.SECONDS).join();
		webSocket.sendText(SUM, true).get(10, TimeUnit.SECONDS);
		String message = messages.poll(10, TimeUnit.SECONDS);
		webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
		return message;
	}

	@Configuration(proxyBeanMethods = false)
	static class CalculatorConfiguration {

		@Bean
		Calculator calculator() {
			return new Calculator();
		}

	}

	static class Calculator {

		@JsonRpcMethod(nonBlocking = true)
		long sum(long a, long b) {
			return a + b;
		}

	}

}
