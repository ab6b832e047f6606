package io.ujrpc.server.websocket;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.ujrpc.server.JsonRpcServer;
import io.ujrpc.test.RawHttpConnection;
import io.ujrpc.test.RawHttpResponse;
import io.ujrpc.test.TestMethods;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server-wide memory budget, on every protocol, over real sockets: what is held for
 * unfinished requests counts against it, new work past it is refused (HTTP 503 with
 * {@code Retry-After}, TCP and WebSocket {@code -32000} with a null id) rather than
 * buffered, and every byte counted is given back, however the request ends.
 */
class MemoryBudgetTests {

	private static final int BUDGET = 100_000;

	private static final String SUM = "{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1}";

	private static final String BUSY = "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32000,\"message\":\"Server busy\"},\"id\":null}";

	private JsonRpcServer server;

	@BeforeEach
	void start() {
		this.server = JsonRpcServer.builder(TestMethods.registry())
			.port(0)
			.tcpPort(0)
			.webSocketPath("/ws")
			.maxBufferedBytes(BUDGET)
			.maxContentLength(1024 * 1024)
			.maxFrameSize(1024 * 1024)
			.tcpMaxRequestSize(1024 * 1024)
			.build()
			.start();
	}

	@AfterEach
	void everyByteIsGivenBackAndTheServerServesAgain() throws IOException {
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> this.server.bufferedBytes() == 0);
			try (RawHttpConnection connection = new RawHttpConnection(this.server.port())) {
				assertThat(connection.write(RawHttpConnection.post(SUM)).read().status()).isEqualTo(200);
			}
		}
		finally {
			this.server.stop();
		}
	}

	@Test
	void bodyThatWouldTakeTheBudgetPastItsLimitGets503WithRetryAfter() throws Exception {
		int length = 2 * BUDGET;
		try (Socket socket = connect(this.server.port())) {
			OutputStream out = socket.getOutputStream();
			out.write(("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
					+ length + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.write(new byte[length]);
			out.flush();
			RawHttpResponse response = RawHttpResponse.read(socket.getInputStream());
			assertThat(response.status()).isEqualTo(503);
			assertThat(response.header("retry-after")).isEqualTo("1");
			assertThat(response.header("connection")).isEqualTo("close");
			assertThat(socket.getInputStream().read()).as("end of stream").isEqualTo(-1);
		}
	}

	@Test
	void newRequestsWhileTheBudgetIsExhaustedAreRefusedOnEveryProtocol() throws Exception {
		try (Socket hog = connect(this.server.tcpPort());
				Socket tcp = connect(this.server.tcpPort());
				RawWebSocket webSocket = RawWebSocket.connect(this.server.port(), "/ws")) {
			// The handshake's 101 counts until its write has completed, which may be just
			// after the client read it: the budget must be empty for the value to fill
			// it.
			await().atMost(Duration.ofSeconds(10)).until(() -> this.server.bufferedBytes() == 0);
			// An unfinished raw TCP value of exactly the budget: held, all of it.
			byte[] unfinished = new byte[BUDGET];
			java.util.Arrays.fill(unfinished, (byte) ' ');
			unfinished[0] = '[';
			unfinished[1] = '"';
			hog.getOutputStream().write(unfinished);
			hog.getOutputStream().flush();
			await().atMost(Duration.ofSeconds(10)).until(() -> this.server.bufferedBytes() == BUDGET);

			try (RawHttpConnection http = new RawHttpConnection(this.server.port())) {
				RawHttpResponse response = http.write(RawHttpConnection.post(SUM)).read();
				assertThat(response.status()).isEqualTo(503);
				assertThat(response.header("retry-after")).isEqualTo("1");
			}
			tcp.getOutputStream().write((SUM + "\n").getBytes(StandardCharsets.UTF_8));
			assertThat(readLine(tcp.getInputStream())).isEqualTo(BUSY);
			webSocket.write(RawWebSocket.textFrame(SUM));
			assertThat(webSocket.readText()).isEqualTo(BUSY);

			// The hog goes away: its bytes are given back, and the same connections are
			// served.
			hog.close();
			await().atMost(Duration.ofSeconds(10)).until(() -> this.server.bufferedBytes() == 0);
			tcp.getOutputStream().write((SUM + "\n").getBytes(StandardCharsets.UTF_8));
			assertThat(readLine(tcp.getInputStream())).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}");
			webSocket.write(RawWebSocket.textFrame(SUM));
			assertThat(webSocket.readText()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}");
		}
	}

	@Test
	void rawTcpValueThatWouldTakeTheBudgetPastItsLimitIsRefusedAndTheConnectionClosed() throws Exception {
		try (Socket tcp = connect(this.server.tcpPort())) {
			byte[] unfinished = new byte[2 * BUDGET];
			java.util.Arrays.fill(unfinished, (byte) ' ');
			unfinished[0] = '[';
			tcp.getOutputStream().write(unfinished);
			InputStream in = tcp.getInputStream();
			assertThat(readLine(in)).isEqualTo(BUSY);
			assertThat(in.read()).as("end of stream").isEqualTo(-1);
		}
	}

	@Test
	void fragmentedMessageThatDoesNotFitIsAnsweredServerBusyAndTheConnectionStaysOpen() throws Exception {
		try (RawWebSocket webSocket = RawWebSocket.connect(this.server.port(), "/ws")) {
			String text = "[" + " ".repeat(BUDGET) + SUM + "]";
			byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
			int half = bytes.length / 2;
			webSocket.write(frame(0x1, false, java.util.Arrays.copyOfRange(bytes, 0, half)));
			webSocket.write(frame(0x0, false, java.util.Arrays.copyOfRange(bytes, half, bytes.length - 1)));
			webSocket.write(frame(0x0, true, java.util.Arrays.copyOfRange(bytes, bytes.length - 1, bytes.length)));
			assertThat(webSocket.readText()).isEqualTo(BUSY);
			webSocket.write(RawWebSocket.textFrame(SUM));
			assertThat(webSocket.readText()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}");
		}
	}

	@Test
	void fragmentedMessageOverTheSizeLimitIsClosed1009AsSoonAsItCrossesIt() throws Exception {
		JsonRpcServer small = JsonRpcServer.builder(TestMethods.registry())
			.port(0)
			.webSocketPath("/ws")
			.maxFrameSize(1000)
			.build()
			.start();
		try (RawWebSocket webSocket = RawWebSocket.connect(small.port(), "/ws")) {
			webSocket.write(frame(0x1, false, new byte[600]));
			// Not final: the message would go on, but the server has seen enough.
			webSocket.write(frame(0x0, false, new byte[600]));
			DataInputStream in = new DataInputStream(webSocket.socket().getInputStream());
			assertThat(in.readUnsignedByte()).as("a final close frame").isEqualTo(0x88);
			int length = in.readUnsignedByte() & 0x7f;
			assertThat(in.readUnsignedShort()).as("close status").isEqualTo(1009);
			in.readFully(new byte[length - 2]);
			assertThat(in.read()).as("end of stream").isEqualTo(-1);
		}
		finally {
			small.stop();
		}
	}

	private static Socket connect(int port) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
		socket.setSoTimeout(10_000);
		return socket;
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b = in.read(); b != '\n'; b = in.read()) {
			if (b == -1) {
				throw new IOException("End of stream after '" + line + "'");
			}
			line.write(b);
		}
		return line.toString(StandardCharsets.UTF_8);
	}

	/** A masked frame with the zero mask, which leaves the payload as it is. */
	private static byte[] frame(int opcode, boolean fin, byte[] payload) {
		ByteArrayOutputStream frame = new ByteArrayOutputStream();
		frame.write((fin ? 0x80 : 0) | opcode);
		if (payload.length < 126) {
			frame.write(0x80 | payload.length);
		}
		else if (payload.length < 65536) {
			frame.write(0x80 | 126);
			frame.write(payload.length >>> 8);
			frame.write(payload.length & 0xff);
		}
		else {
			frame.write(0x80 | 127);
			for (int shift = 56; shift >= 0; shift -= 8) {
				frame.write((int) ((long) payload.length >>> shift) & 0xff);
			}
		}
		frame.writeBytes(new byte[4]);
		frame.writeBytes(payload);
		return frame.toByteArray();
	}

}
