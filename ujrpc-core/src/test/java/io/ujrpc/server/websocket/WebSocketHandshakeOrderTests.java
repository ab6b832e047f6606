package io.ujrpc.server.websocket;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.dispatch.JsonRpcDispatcher;
import io.ujrpc.dispatch.MethodRegistry;
import io.ujrpc.internal.netty.JsonRpcExchange;
import io.ujrpc.observation.ServerMetricsListener;
import io.ujrpc.protocol.JsonRpcCodec;
import io.ujrpc.server.JsonRpcServer;
import io.ujrpc.server.config.HttpSettings;
import io.ujrpc.server.config.WebSocketSettings;
import io.ujrpc.server.http.HttpServerInitializer;
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

	@Test
	void dataThatReachesAHeldHandshakeGets400AfterTheAnswersBeforeIt() {
		MethodRegistry registry = MethodRegistry.builder(JsonMapper.builder().build())
			.addAnnotated(this.methods)
			.build();
		JsonRpcExchange exchange = new JsonRpcExchange(new JsonRpcDispatcher(registry, Runnable::run, false),
				new JsonRpcCodec(JsonMapper.builder().build(), 10), ServerMetricsListener.NONE);
		HttpSettings http = new HttpSettings(0, "/", Map.of(), 1 << 20, 64, 256, Duration.ZERO, Duration.ZERO,
				Duration.ZERO, 16);
		WebSocketSettings webSocket = new WebSocketSettings("/ws", 1 << 20, List.of(), Duration.ZERO, Duration.ZERO,
				16);
		EmbeddedChannel channel = new EmbeddedChannel(new HttpServerInitializer(http, webSocket, exchange));
		try {
			String call = "{\"jsonrpc\":\"2.0\",\"method\":\"gated\",\"id\":1}";
			channel
				.writeInbound(Unpooled.copiedBuffer("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
						+ "Content-Length: " + call.length() + "\r\n\r\n" + call + UPGRADE, StandardCharsets.US_ASCII));
			assertThat(channel.config().isAutoRead()).as("reading held while the handshake waits").isFalse();
			// What a read already under way brings: an embedded channel delivers it
			// whatever autoRead says.
			channel.writeInbound(Unpooled.copiedBuffer("GET / HTTP/1.1\r\nHost: x\r\n\r\n", StandardCharsets.US_ASCII));
			assertThat((Object) channel.readOutbound()).as("nothing before the call's answer").isNull();
			this.methods.gate.complete("first");
			channel.runPendingTasks();
			StringBuilder out = new StringBuilder();
			ByteBuf buffer;
			while ((buffer = channel.readOutbound()) != null) {
				out.append(buffer.toString(StandardCharsets.US_ASCII));
				buffer.release();
			}
			String text = out.toString();
			assertThat(text).startsWith("HTTP/1.1 200").contains("\"result\":\"first\"");
			assertThat(text.substring(text.indexOf("HTTP/1.1", 1))).startsWith("HTTP/1.1 400")
				.contains("Data sent before the WebSocket handshake was answered")
				.doesNotContain("101");
		}
		finally {
			channel.finishAndReleaseAll();
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
