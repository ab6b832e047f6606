package io.ujrpc.client;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;
import io.ujrpc.client.observation.JsonRpcClientContext;
import io.ujrpc.protocol.JsonRpcException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@code jsonrpc.client.requests} observation, and trace context propagated in HTTP
 * headers.
 */
class ClientObservationTests {

	@ParameterizedTest
	@ValueSource(strings = { "http", "ws", "tcp" })
	void eachCallIsObservedWithItsOutcome(String scheme) {
		TestObservationRegistry registry = TestObservationRegistry.create();
		try (TestServer server = TestServer.start();
				JsonRpcClient client = JsonRpcClient.builder(server.uri(scheme))
					.observationRegistry(registry)
					.build()) {
			Calculator calculator = client.proxy(Calculator.class);
			calculator.sum(1, 2);
			assertThatExceptionOfType(JsonRpcException.class).isThrownBy(() -> calculator.fail(-32001));
			String transport = scheme.equals("ws") ? "websocket" : scheme;
			TestObservationRegistryAssert.assertThat(registry)
				.hasNumberOfObservationsWithNameEqualTo("jsonrpc.client.requests", 2)
				.hasAnObservation((observation) -> observation.hasContextualNameEqualTo("sum")
					.hasLowCardinalityKeyValue("rpc.system", "jsonrpc")
					.hasLowCardinalityKeyValue("rpc.method", "sum")
					.hasLowCardinalityKeyValue("rpc.status_code", "0")
					.hasLowCardinalityKeyValue("outcome", "SUCCESS")
					.hasLowCardinalityKeyValue("transport", transport)
					.hasHighCardinalityKeyValue("jsonrpc.request.id", "1")
					.hasHighCardinalityKeyValue("server.address", "localhost:" + server.uri(scheme).getPort()))
				.hasAnObservation((observation) -> observation.hasContextualNameEqualTo("fail")
					.hasLowCardinalityKeyValue("rpc.status_code", "-32001")
					.hasLowCardinalityKeyValue("outcome", "SERVER_ERROR"));
		}
	}

	@Test
	void transportFailureIsTheObservationsError() throws Exception {
		TestObservationRegistry registry = TestObservationRegistry.create();
		try (java.net.Socket unreachable = new java.net.Socket()) {
			// Bound, not listening: connecting is refused.
			unreachable.bind(new InetSocketAddress("127.0.0.1", 0));
			try (JsonRpcClient client = JsonRpcClient
				.builder(URI.create("http://127.0.0.1:" + unreachable.getLocalPort() + "/"))
				.observationRegistry(registry)
				.build()) {
				assertThatExceptionOfType(JsonRpcTransportException.class)
					.isThrownBy(() -> client.call("sum", List.of(1, 2), Long.class));
			}
		}
		TestObservationRegistryAssert.assertThat(registry)
			.hasSingleObservationThat()
			.hasLowCardinalityKeyValue("rpc.status_code", "UNKNOWN")
			.hasLowCardinalityKeyValue("outcome", "UNKNOWN")
			.assertThatError()
			.isInstanceOf(JsonRpcTransportException.class);
	}

	@Test
	void tracingHandlerHeadersGoOutWithTheHttpRequest() throws Exception {
		TestObservationRegistry registry = TestObservationRegistry.create();
		// What a propagating tracing handler does on start: write the span's context
		// into the carrier through the context's setter.
		registry.observationConfig().observationHandler(new ObservationHandler<SenderContext<Object>>() {

			@Override
			public void onStart(SenderContext<Object> context) {
				context.getSetter()
					.set(context.getCarrier(), "traceparent",
							"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return context instanceof SenderContext;
			}

		});
		BlockingQueue<Map<String, List<String>>> headers = new LinkedBlockingQueue<>();
		HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		http.createContext("/", (exchange) -> {
			headers.add(Map.copyOf(exchange.getRequestHeaders()));
			try (InputStream in = exchange.getRequestBody()) {
				in.readAllBytes();
			}
			byte[] body = "{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}".getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		http.start();
		try (JsonRpcClient client = JsonRpcClient
			.builder(URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/"))
			.observationRegistry(registry)
			.build()) {
			assertThat(client.call("sum", List.of(1, 2), Long.class)).isEqualTo(3L);
		}
		finally {
			http.stop(0);
		}
		Map<String, List<String>> received = headers.poll(10, TimeUnit.SECONDS);
		assertThat(received).containsEntry("Traceparent",
				List.of("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
		TestObservationRegistryAssert.assertThat(registry)
			.hasSingleObservationThat()
			.isInstanceOfSatisfying(JsonRpcClientContext.class, (context) -> {
				assertThat(context.getKind()).isEqualTo(Kind.CLIENT);
				assertThat(context.getRemoteServiceAddress()).isEqualTo("127.0.0.1:" + http.getAddress().getPort());
			});
	}

}
