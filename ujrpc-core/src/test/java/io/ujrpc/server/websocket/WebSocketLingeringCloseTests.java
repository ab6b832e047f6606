package io.ujrpc.server.websocket;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.ujrpc.server.JsonRpcServer;
import io.ujrpc.test.TestMethods;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that sends the whole of a frame over the limit before it reads gets the close
 * frame with status 1009 and then the end of the stream, not a reset.
 */
class WebSocketLingeringCloseTests {

	private JsonRpcServer server;

	@BeforeEach
	void start() {
		this.server = JsonRpcServer.builder(TestMethods.registry())
			.port(0)
			.webSocketPath("/ws")
			.maxFrameSize(1024)
			.build()
			.start();
	}

	@AfterEach
	void stop() {
		this.server.stop();
	}

	@Test
	void wholeOversizedFrameSentBeforeReadingGetsClose1009AndAnOrderlyEnd() throws Exception {
		int payloadLength = 4 * 1024 * 1024;
		try (RawWebSocket client = RawWebSocket.connect(this.server.port(), "/ws")) {
			OutputStream out = client.socket().getOutputStream();
			CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
				try {
					// A masked text frame with a 64-bit length; the zero mask leaves the
					// payload as it is.
					byte[] head = { (byte) 0x81, (byte) (0x80 | 127), 0, 0, 0, 0, 0, (byte) (payloadLength >>> 16), 0,
							0, 0, 0, 0, 0 };
					out.write(head);
					byte[] chunk = new byte[64 * 1024];
					for (int written = 0; written < payloadLength; written += chunk.length) {
						out.write(chunk);
					}
					out.flush();
				}
				catch (IOException ex) {
					throw new IllegalStateException("The server reset the connection during the frame", ex);
				}
			});
			sent.get(30, TimeUnit.SECONDS);
			DataInputStream in = new DataInputStream(client.socket().getInputStream());
			assertThat(in.readUnsignedByte()).as("a final close frame").isEqualTo(0x88);
			int length = in.readUnsignedByte() & 0x7f;
			assertThat(length).isGreaterThanOrEqualTo(2);
			assertThat(in.readUnsignedShort()).as("close status").isEqualTo(1009);
			in.readFully(new byte[length - 2]);
			assertThat(in.read()).as("end of stream").isEqualTo(-1);
		}
	}

}
