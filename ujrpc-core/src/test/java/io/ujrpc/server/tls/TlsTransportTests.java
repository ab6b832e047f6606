package io.ujrpc.server.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import io.ujrpc.server.JsonRpcServer;
import io.ujrpc.test.TestMethods;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class TlsTransportTests {

	private static final String SUM = "{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1}";

	@TempDir
	static Path directory;

	private static TestCertificates first;

	private static TestCertificates second;

	private final AtomicReference<SslContext> current = new AtomicReference<>();

	private JsonRpcServer server;

	@BeforeAll
	static void generate() throws Exception {
		first = TestCertificates.generate(directory, "first");
		second = TestCertificates.generate(directory, "second");
	}

	@BeforeEach
	void start() throws Exception {
		this.current.set(first.serverContext());
		this.server = JsonRpcServer.builder(TestMethods.registry())
			.port(0)
			.tcpPort(0)
			.webSocketPath("/ws")
			.sslContext(this.current::get)
			.build()
			.start();
	}

	@AfterEach
	void stop() {
		this.server.stop();
	}

	@Test
	void openSslIsUsedWhenNettyTcnativeLoads() {
		assertThat(ServerSslContexts.provider()).isEqualTo(SslProvider.OPENSSL);
		assertThat(ServerSslContexts.describe(this.current.get())).startsWith("OpenSSL (BoringSSL");
	}

	@Test
	void onlyTls12And13AreEnabledByDefault() {
		SSLEngine engine = this.current.get().newEngine(ByteBufAllocator.DEFAULT);
		try {
			// OpenSSL engines list the SSLv2Hello pseudo-protocol (a hello format, which
			// BoringSSL never accepts), whatever is configured.
			assertThat(engine.getEnabledProtocols()).filteredOn((protocol) -> !protocol.equals("SSLv2Hello"))
				.containsExactlyInAnyOrder("TLSv1.2", "TLSv1.3");
		}
		finally {
			io.netty.util.ReferenceCountUtil.release(engine);
		}
	}

	@Test
	void tls12SuitesWithoutForwardSecrecyOrAeadAreRefused() throws Exception {
		// The test certificate is EC: these are the suites its key could use that
		// BoringSSL enables by default and Mozilla's intermediate profile leaves out.
		for (String suite : List.of("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA")) {
			assertThatExceptionOfType(IOException.class).as(suite).isThrownBy(() -> handshake("TLSv1.2", suite));
		}
	}

	@Test
	void tls12EcdheAeadSuitesAndTls13AreAccepted() throws Exception {
		assertThat(handshake("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"))
			.isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
		assertThat(handshake("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"))
			.isEqualTo("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
		assertThat(handshake("TLSv1.3", "TLS_AES_256_GCM_SHA384")).isEqualTo("TLS_AES_256_GCM_SHA384");
	}

	private String handshake(String protocol, String suite) throws Exception {
		try (SSLSocket socket = (SSLSocket) first.clientContext()
			.getSocketFactory()
			.createSocket("127.0.0.1", this.server.port())) {
			socket.setSoTimeout(10_000);
			socket.setEnabledProtocols(new String[] { protocol });
			socket.setEnabledCipherSuites(new String[] { suite });
			socket.startHandshake();
			return socket.getSession().getCipherSuite();
		}
	}

	@Test
	void httpsWithTheJdkHttpClient() throws Exception {
		HttpResponse<String> response = httpClient(first).send(HttpRequest.newBuilder(uri("https", "/"))
			.header("content-type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(SUM))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}");
		assertThat(response.sslSession())
			.hasValueSatisfying((session) -> assertThat(session.getProtocol()).isIn("TLSv1.3", "TLSv1.2"));
	}

	@Test
	void wssWithTheJdkWebSocketClient() throws Exception {
		BlockingQueue<String> messages = new LinkedBlockingQueue<>();
		WebSocket webSocket = httpClient(first).newWebSocketBuilder()
			.buildAsync(uri("wss", "/ws"), new WebSocket.Listener() {
				@Override
				public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
					messages.add(data.toString());
					webSocket.request(1);
					return null;
				}
			})
			.get(10, TimeUnit.SECONDS);
		webSocket.sendText(SUM, true).get(10, TimeUnit.SECONDS);
		assertThat(messages.poll(10, TimeUnit.SECONDS)).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}");
		webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
	}

	@Test
	void tlsOnTheRawTcpListener() throws Exception {
		try (SSLSocket socket = (SSLSocket) first.clientContext()
			.getSocketFactory()
			.createSocket("127.0.0.1", this.server.tcpPort())) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write((SUM + SUM.replace("\"id\":1", "\"id\":2")).getBytes(StandardCharsets.UTF_8));
			out.flush();
			BufferedReader in = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
			assertThat(in.readLine()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}");
			assertThat(in.readLine()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":2}");
		}
	}

	@Test
	void plaintextRequestToTheTlsPortIsClosedCleanly() throws Exception {
		for (int port : new int[] { this.server.port(), this.server.tcpPort() }) {
			try (Socket socket = new Socket("127.0.0.1", port)) {
				socket.setSoTimeout(10_000);
				socket.getOutputStream()
					.write(("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
							+ SUM.length() + "\r\n\r\n" + SUM)
						.getBytes(StandardCharsets.US_ASCII));
				InputStream in = socket.getInputStream();
				assertThat(readToEnd(in)).as("bytes before close on port " + port).isLessThan(64);
			}
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.connectionCount() == 0);
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(uri("http", "/"))
				.timeout(Duration.ofSeconds(10))
				.header("content-type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(SUM))
				.build(), HttpResponse.BodyHandlers.ofString()));
		httpsWithTheJdkHttpClient();
	}

	@Test
	void untrustedClientFailsTheHandshakeAndTheServerCarriesOn() throws Exception {
		assertThatExceptionOfType(SSLException.class).isThrownBy(() -> {
			try (SSLSocket socket = (SSLSocket) second.clientContext()
				.getSocketFactory()
				.createSocket("127.0.0.1", this.server.tcpPort())) {
				socket.startHandshake();
			}
		});
		tlsOnTheRawTcpListener();
	}

	@Test
	void reloadedContextAppliesToNewConnections() throws Exception {
		assertThat(peerName(first.clientContext())).isEqualTo("CN=first");
		this.current.set(second.serverContext());
		assertThat(peerName(second.clientContext())).isEqualTo("CN=second");
	}

	private String peerName(SSLContext client) throws Exception {
		try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", this.server.port())) {
			socket.startHandshake();
			return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
		}
	}

	private static int readToEnd(InputStream in) throws IOException {
		int count = 0;
		try {
			while (in.read() != -1) {
				count++;
			}
		}
		catch (java.net.SocketException ex) {
			// Reset by the server: closed all the same.
		}
		return count;
	}

	private static HttpClient httpClient(TestCertificates certificates) throws Exception {
		return HttpClient.newBuilder()
			.sslContext(certificates.clientContext())
			.version(HttpClient.Version.HTTP_1_1)
			.build();
	}

	private URI uri(String scheme, String path) {
		int port = this.server.port();
		return URI.create(scheme + "://localhost:" + port + path);
	}

}
