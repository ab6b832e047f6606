package io.ujrpc.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many calls in flight at once over one WebSocket or TCP connection, matched to their
 * responses by id.
 */
class PipeliningTests {

	@ParameterizedTest
	@ValueSource(strings = { "ws", "tcp" })
	void thousandPipelinedCallsShareOneConnection(String scheme) throws Exception {
		try (TestServer server = TestServer.start();
				JsonRpcClient client = JsonRpcClient.builder(server.uri(scheme)).build()) {
			Calculator calculator = client.proxy(Calculator.class);
			List<CompletableFuture<Long>> calls = new ArrayList<>();
			for (int i = 0; i < 1000; i++) {
				calls.add(calculator.sumAsync(i, 1));
			}
			// Every call is written before any response is needed: all are in flight.
			CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
			for (int i = 0; i < 1000; i++) {
				assertThat(calls.get(i)).isCompletedWithValue(i + 1L);
			}
			assertThat(server.server().connectionCount()).isEqualTo(1);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "ws", "tcp" })
	void callsQueuedBehindASlowOneEachGetTheirOwnResult(String scheme) throws Exception {
		try (TestServer server = TestServer.start();
				JsonRpcClient client = JsonRpcClient.builder(server.uri(scheme)).build()) {
			CompletableFuture<String> hanging = client.callAsync("hang", null, String.class);
			// The server answers a connection in request order, so the sums wait for the
			// hanging call; they complete once it is released, each with its own result.
			List<CompletableFuture<Long>> sums = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				sums.add(client.callAsync("sum", List.of(i, i), Long.class));
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> server.service().hangingCount() == 1);
			server.service().release();
			assertThat(hanging).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("released");
			for (int i = 0; i < 10; i++) {
				assertThat(sums.get(i)).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(2L * i);
			}
		}
	}

}
