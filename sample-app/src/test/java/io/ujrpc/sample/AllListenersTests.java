package io.ujrpc.sample;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "ujrpc.tcp.port=0")
@ActiveProfiles("all")
class AllListenersTests {

	private static final String SUM = "{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1}";

	private static final String THREE = "{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}";

	@LocalServerPort
	private int port;

	@Value("${local.ujrpc.tcp.port}")
	private int tcpPort;

	@Test
	void rawTcpListenerAnswersEachValueWithALine() throws Exception {
		try (Socket socket = new Socket("127.0.0.1", this.tcpPort)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream()
				.write((SUM + SUM.replace("\"id\":1", "\"id\":2")).getBytes(StandardCharsets.UTF_8));
			BufferedReader in = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
			assertThat(in.readLine()).isEqualTo(THREE);
			assertThat(in.readLine()).isEqualTo(THREE.replace("\"id\":1", "\"id\":2"));
		}
	}

	@Test
	void webSocketAnswersEachMessage() throws Exception {
		BlockingQueue<String> messages = new LinkedBlockingQueue<>();
		WebSocket webSocket = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.header("Origin", "http://localhost:3000")
			.buildAsync(URI.create("ws://localhost:" + this.port + "/ws"), new WebSocket.Listener() {
				@Override
				public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
					messages.add(data.toString());
					webSocket.request(1);
					return null;
				}
			})
			.get(10, TimeUnit.SECONDS);
		webSocket.sendText(SUM, true).get(10, TimeUnit.SECONDS);
		assertThat(messages.poll(10, TimeUnit.SECONDS)).isEqualTo(THREE);
		webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
	}

}
