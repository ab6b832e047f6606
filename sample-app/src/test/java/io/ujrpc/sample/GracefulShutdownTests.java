package io.ujrpc.sample;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Closing the application lets an in-flight call finish and answers it with
 * {@code Connection: close} before the server goes away.
 */
class GracefulShutdownTests {

	@Test
	void inFlightCallFinishesWithConnectionCloseWhenTheContextCloses() throws Exception {
		ConfigurableApplicationContext context = SpringApplication.run(SampleApplication.class, "--server.port=0");
		int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
		try (Socket socket = new Socket("127.0.0.1", port)) {
			String body = "{\"jsonrpc\":\"2.0\",\"method\":\"sleep\",\"params\":[1500],\"id\":1}";
			OutputStream out = socket.getOutputStream();
			out.write(("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
					+ body.length() + "\r\n\r\n" + body)
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			await().atMost(Duration.ofSeconds(5))
				.until(() -> context.getBean(io.ujrpc.spring.JsonRpcWebServer.class)
					.getServer()
					.connectionCount() == 1);
			CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
			// New connections are refused as soon as the listener closes.
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThatExceptionOfType(ConnectException.class)
					.isThrownBy(() -> new Socket("127.0.0.1", port).close()));
			BufferedReader in = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
			List<String> lines = new ArrayList<>();
			String line;
			while ((line = in.readLine()) != null) {
				lines.add(line);
			}
			assertThat(lines.get(0)).isEqualTo("HTTP/1.1 200 OK");
			assertThat(lines).contains("connection: close");
			assertThat(lines.get(lines.size() - 1))
				.isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"slept 1500 ms\",\"id\":1}");
			closing.get();
		}
		finally {
			context.close();
		}
	}

}
