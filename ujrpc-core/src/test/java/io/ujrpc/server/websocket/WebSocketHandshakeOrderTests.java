package io.ujrpc.server.websocket;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.dispatch.MethodRegistry;
import io.ujrpc.server.JsonRpcServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebSocket handshake pipelined behind a JSON-RPC call on the same HTTP connection is
 * answered after that call, as every HTTP response is, and the connection then speaks
 * WebSocket.
 */
class WebSocketHandshakeOrderTests {

	private static final String UPGRADE = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
			+ "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

	private final GatedMethods methods = new GatedMethods();

	private JsonRpcServer server;

	@BeforeEach
	void start() {
		MethodRegistry registry = MethodRegistry.builder(JsonMapper.builder().build())
			.addAnnotated(this.methods)
			.build();
		this.server = JsonRpcServer.builder(registry).port(0).webSocketPath("/ws").build().start();
	}

	@AfterEach
	void stop() {
		this.methods.gate.complete("late");
		this.server.stop();
	}

	@Test
	void handshakePipelinedBehindASlowCallIsAnsweredAfterIt() throws Exception {
		String call = "{\"jsonrpc\":\"2.0\",\"method\":\"gated\",\"id\":1}";
		String post = "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
				+ call.length() + "\r\n\r\n" + call;
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.server.port()), 5_000);
			socket.setSoTimeout(10_000);
			socket.setTcpNoDelay(true);
			OutputStream out = socket.getOutputStream();
			DataInputStream in = new DataInputStream(socket.getInputStream());
			// One write, so one read on the server: the handshake reaches it while the
			// call is still running.
			out.write((post + UPGRADE).getBytes(StandardCharsets.US_ASCII));
			out.flush();
			assertThat(this.methods.called.await(10, TimeUnit.SECONDS)).as("the slow call started").isTrue();
			// Completed from here, the call's answer reaches the event loop after the
			// read that brought the handshake.
			this.methods.gate.complete("first");
			String first = readHead(in);
			assertThat(first).as("the call's answer comes first").startsWith("HTTP/1.1 200");
			byte[] body = new byte[contentLength(first)];
			in.readFully(body);
			assertThat(new String(body, StandardCharsets.UTF_8)).contains("\"result\":\"first\"");
			assertThat(readHead(in)).as("then the handshake's").startsWith("HTTP/1.1 101");
			out.write(RawWebSocket
				.textFrame("{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[\"over WebSocket\"],\"id\":2}"));
			out.flush();
			assertThat(readText(in)).contains("\"result\":\"over WebSocket\"");
		}
	}

	private static String readHead(DataInputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			head.append((char) in.readUnsignedByte());
		}
		return head.toString();
	}

	private static int contentLength(String head) {
		for (String line : head.split("\r\n")) {
			if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
				return Integer.parseInt(line.substring("content-length:".length()).strip());
			}
		}
		throw new IllegalStateException("No Content-Length in " + head);
	}

	private static String readText(DataInputStream in) throws IOException {
		assertThat(in.readUnsignedByte() & 0x0f).as("a text frame").isEqualTo(1);
		int length = in.readUnsignedByte() & 0x7f;
		if (length == 126) {
			length = in.readUnsignedShort();
		}
		byte[] payload = new byte[length];
		in.readFully(payload);
		return new String(payload, StandardCharsets.UTF_8);
	}

	/**
	 * A call that the test completes, and a quick one.
	 */
	public static class GatedMethods {

		final CountDownLatch called = new CountDownLatch(1);

		final CompletableFuture<String> gate = new CompletableFuture<>();

		@JsonRpcMethod(nonBlocking = true)
		CompletableFuture<String> gated() {
			this.called.countDown();
			return this.gate;
		}

		@JsonRpcMethod(nonBlocking = true)
		String echo(String text) {
			return text;
		}

	}

}
