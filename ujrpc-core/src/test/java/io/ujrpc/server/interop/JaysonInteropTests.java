package io.ujrpc.server.interop;

import java.nio.file.Path;

import io.ujrpc.server.JsonRpcServer;
import io.ujrpc.server.tls.TestCertificates;
import io.ujrpc.test.TestMethods;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls the server with jayson, a Node.js JSON-RPC client nobody here wrote, over HTTP,
 * raw TCP and WebSocket, plaintext and TLS.
 */
class JaysonInteropTests {

	private static final String JAYSON = "jayson@5.0.0";

	private static final String WS = "ws@7.5.10";

	@BeforeAll
	static void installJayson() throws Exception {
		NodeInterop.requireNodeWith(JAYSON, WS);
	}

	@Test
	void jaysonOverHttpTcpAndWebSocket() throws Exception {
		TestMethods methods = new TestMethods();
		JsonRpcServer server = JsonRpcServer.builder(TestMethods.registry(methods))
			.port(0)
			.tcpPort(0)
			.webSocketPath("/ws")
			.build()
			.start();
		try {
			assertResults(run(server, "plain"));
			assertThat(methods.notes()).containsExactlyInAnyOrder("from a batch", "from jayson");
		}
		finally {
			server.stop();
		}
	}

	@Test
	void jaysonOverHttpsTlsAndWss(@TempDir Path directory) throws Exception {
		TestCertificates certificates = TestCertificates.generate(directory, "localhost");
		JsonRpcServer server = JsonRpcServer.builder(TestMethods.registry())
			.port(0)
			.tcpPort(0)
			.webSocketPath("/ws")
			.sslContext(certificates.serverContext())
			.build()
			.start();
		try {
			assertResults(run(server, "tls"));
		}
		finally {
			server.stop();
		}
	}

	private static JsonNode run(JsonRpcServer server, String mode) throws Exception {
		NodeInterop.Result result = NodeInterop.node("jayson-interop.js", String.valueOf(server.port()),
				String.valueOf(server.tcpPort()), "/ws", mode);
		assertThat(result.exitCode()).as(result.output()).isZero();
		System.out.println("jayson " + mode + ": " + result.lastLine());
		return JsonMapper.builder().build().readTree(result.lastLine());
	}

	private static void assertResults(JsonNode results) {
		assertThat(results.get("httpSum").asInt()).isEqualTo(3);
		assertThat(results.get("httpMissing").asInt()).isEqualTo(-32601);
		assertThat(results.get("httpBatch").toString()).isEqualTo("[5,\"batched\"]");
		assertThat(results.get("httpNotification").asBoolean()).isTrue();
		assertThat(results.get("tcpSum").asInt()).isEqualTo(7);
		assertThat(results.get("tcpEcho").asString()).isEqualTo("{\"braces\": [1]} and \\ \"quotes\"");
		assertThat(results.get("tcpBatch").toString()).isEqualTo("[2,4]");
		assertThat(results.get("wsSum").asInt()).isEqualTo(11);
		assertThat(results.get("wsBatch").toString()).isEqualTo("[3,\"ws\"]");
	}

}
