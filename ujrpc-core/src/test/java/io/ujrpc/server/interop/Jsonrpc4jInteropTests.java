package io.ujrpc.server.interop;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.util.Map;

import com.googlecode.jsonrpc4j.JsonRpcClient;
import com.googlecode.jsonrpc4j.JsonRpcClientException;
import com.googlecode.jsonrpc4j.JsonRpcHttpClient;
import io.ujrpc.server.JsonRpcServer;
import io.ujrpc.test.TestMethods;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Calls the server with jsonrpc4j's clients, which nobody here wrote: its HTTP client,
 * and its stream client over a raw TCP socket, which writes requests back to back with
 * nothing between them.
 */
class Jsonrpc4jInteropTests {

	private final TestMethods methods = new TestMethods();

	private JsonRpcServer server;

	@BeforeEach
	void start() {
		this.server = JsonRpcServer.builder(TestMethods.registry(this.methods)).port(0).tcpPort(0).build().start();
	}

	@AfterEach
	void stop() {
		this.server.stop();
	}

	@Test
	void httpClient() throws Throwable {
		JsonRpcHttpClient client = new JsonRpcHttpClient(
				URI.create("http://127.0.0.1:" + this.server.port() + "/").toURL(),
				Map.of("Content-Type", "application/json"));
		assertThat(client.invoke("sum", new Object[] { 1, 2 }, Long.class)).isEqualTo(3L);
		assertThat(client.invoke("echo", Map.of("text", "named"), String.class)).isEqualTo("named");
		assertThatExceptionOfType(JsonRpcClientException.class)
			.isThrownBy(() -> client.invoke("missing", new Object[0], Object.class))
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(-32601));
	}

	@Test
	void streamClientOverRawTcp() throws Throwable {
		JsonRpcClient client = new JsonRpcClient();
		try (Socket socket = new Socket("127.0.0.1", this.server.tcpPort())) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			InputStream in = socket.getInputStream();
			for (int i = 0; i < 50; i++) {
				assertThat(client.invokeAndReadResponse("sum", new Object[] { i, 1 }, Long.class, out, in))
					.isEqualTo(i + 1L);
			}
			client.invokeNotification("note", new Object[] { "from jsonrpc4j" }, out);
			assertThat(client.invokeAndReadResponse("echo", new Object[] { "{[\"\\" }, String.class, out, in))
				.isEqualTo("{[\"\\");
		}
		await().until(() -> this.methods.notes().contains("from jsonrpc4j"));
	}

}
