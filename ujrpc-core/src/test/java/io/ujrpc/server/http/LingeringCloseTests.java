package io.ujrpc.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.ujrpc.server.JsonRpcServer;
import io.ujrpc.server.http.HttpCorpus.Response;
import io.ujrpc.test.TestMethods;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that sends the whole of an oversized body before it reads, as Python's
 * {@code http.client} and {@code curl --data-binary @big} do, gets the 413 and then the
 * end of the stream, not a reset: the server reads and throws away what is still coming.
 */
class LingeringCloseTests {

	private static final int MAX_CONTENT_LENGTH = 64 * 1024;

	private JsonRpcServer server;

	@BeforeEach
	void startServer() {
		this.server = JsonRpcServer.builder(TestMethods.registry())
			.port(0)
			.webSocketPath("/ws")
			.maxContentLength(MAX_CONTENT_LENGTH)
			.build()
			.start();
	}

	@AfterEach
	void stopServer() {
		this.server.stop();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/", "/ws" })
	void wholeOversizedBodySentBeforeReadingGets413AndAnOrderlyEnd(String path) throws Exception {
		int bodyLength = 8 * 1024 * 1024;
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.server.port()), 10_000);
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			// Written from another thread, as a client that does not read until it has
			// sent
			// everything: the write only completes if the server keeps reading.
			CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
				try {
					out.write(("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
							+ "Content-Length: " + bodyLength + "\r\n\r\n")
						.getBytes(StandardCharsets.ISO_8859_1));
					byte[] chunk = new byte[64 * 1024];
					Arrays.fill(chunk, (byte) 'a');
					for (int written = 0; written < bodyLength; written += chunk.length) {
						out.write(chunk);
					}
					out.flush();
				}
				catch (IOException ex) {
					throw new IllegalStateException("The server reset the connection during the body", ex);
				}
			});
			sent.get(30, TimeUnit.SECONDS);
			InputStream in = socket.getInputStream();
			Response response = Response.read(in, false, new StringBuilder());
			assertThat(response.status()).isEqualTo(413);
			assertThat(response.headers()).containsEntry("connection", "close");
			assertThat(in.read()).isEqualTo(-1);
		}
	}

}
