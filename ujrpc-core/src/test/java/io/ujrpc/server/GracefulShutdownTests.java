package io.ujrpc.server;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.ujrpc.test.RawHttpConnection;
import io.ujrpc.test.RawHttpResponse;
import io.ujrpc.test.TestMethods;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A graceful shutdown answers a request whose body is half received when it begins, if
 * the rest arrives within the grace period, and then closes the connection.
 */
class GracefulShutdownTests {

	@Test
	void requestWithHalfItsBodyReceivedAtShutdownIsAnsweredWhenTheRestArrives() throws Exception {
		JsonRpcServer server = JsonRpcServer.builder(TestMethods.registry()).port(0).build().start();
		try (RawHttpConnection connection = new RawHttpConnection(server.port())) {
			String body = "{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1}";
			String request = RawHttpConnection.post(body);
			int half = request.length() - body.length() / 2;
			connection.write(request.substring(0, half));
			// The head and half the body are in (the body's bytes are counted against the
			// memory budget as they pass on to the aggregator): the request is arriving.
			await().atMost(Duration.ofSeconds(10)).until(() -> server.bufferedBytes() > 0);
			CompletableFuture<Boolean> drained = server.shutDownGracefully(Duration.ofSeconds(10));
			assertThat(server.isRunning()).isFalse();
			// The drain task is queued on the connection's event loop: once a task queued
			// after it has run, the connection is draining, its request half received.
			for (Channel channel : server.openConnections()) {
				channel.eventLoop().submit(() -> {
				}).get(10, TimeUnit.SECONDS);
			}
			connection.write(request.substring(half));
			RawHttpResponse response = connection.read();
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}");
			assertThat(response.header("connection")).isEqualTo("close");
			assertThat(connection.isClosedByServer()).isTrue();
			assertThat(drained.get(10, TimeUnit.SECONDS)).as("every connection closed by itself").isTrue();
		}
		finally {
			server.stop();
		}
	}

}
