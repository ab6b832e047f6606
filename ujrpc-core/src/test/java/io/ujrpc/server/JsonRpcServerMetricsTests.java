package io.ujrpc.server;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.dispatch.MethodRegistry;
import io.ujrpc.observation.ServerMetricsListener;
import io.ujrpc.protocol.Protocol;
import io.ujrpc.server.transport.TransportType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class JsonRpcServerMetricsTests {

	private final RecordingListener listener = new RecordingListener();

	private final TestObservationRegistry observations = TestObservationRegistry.create();

	private JsonRpcServer server;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.stop();
		}
	}

	@Test
	void reportsListenerConnectionsBytesAndObservesCalls() throws Exception {
		MethodRegistry registry = MethodRegistry.builder(JsonMapper.builder().build())
			.addAnnotated(new Calculator())
			.build();
		this.server = JsonRpcServer.builder(registry)
			.port(0)
			.observationRegistry(this.observations)
			.metricsListener(this.listener)
			.build()
			.start();
		assertThat(this.listener.events)
			.containsExactly("started http " + this.server.transport().displayName() + " " + this.server.port());
		String body = "{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1}";
		String request = "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
				+ body.length() + "\r\nConnection: close\r\n\r\n" + body;
		String response;
		try (Socket socket = new Socket("127.0.0.1", this.server.port())) {
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			response = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
		}
		assertThat(response).startsWith("HTTP/1.1 200 OK").endsWith("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}");
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(this.listener.closed).hasValue(1));
		assertThat(this.listener.opened).hasValue(1);
		assertThat(this.listener.received).hasValue(request.length());
		assertThat(this.listener.sent).hasValue(response.length());
		assertThat(this.listener.requests).hasValue(0);
		TestObservationRegistryAssert.assertThat(this.observations)
			.hasSingleObservationThat()
			.hasNameEqualTo("jsonrpc.server.requests")
			.hasLowCardinalityKeyValue("rpc.method", "sum")
			.hasLowCardinalityKeyValue("transport", "http")
			.hasBeenStopped();
		this.server.stop();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.listener.events.size() == 2);
		assertThat(this.listener.events).last().isEqualTo("stopped http " + this.server.transport().displayName());
	}

	@Test
	void serverWithoutListenerAddsNoMetricsHandler() throws Exception {
		MethodRegistry registry = MethodRegistry.builder(JsonMapper.builder().build()).build();
		this.server = JsonRpcServer.builder(registry).port(0).transport(TransportType.NIO).build().start();
		List<String> handlers = new CopyOnWriteArrayList<>();
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.server.port()));
			await().atMost(Duration.ofSeconds(5)).until(() -> this.server.connectionCount() == 1);
			this.server.openConnections().forEach((channel) -> handlers.addAll(channel.pipeline().names()));
		}
		assertThat(handlers).isNotEmpty().doesNotContain("metrics");
	}

	static class Calculator {

		@JsonRpcMethod(nonBlocking = true)
		long sum(long a, long b) {
			return a + b;
		}

	}

	static class RecordingListener implements ServerMetricsListener {

		final List<String> events = new CopyOnWriteArrayList<>();

		final AtomicInteger opened = new AtomicInteger();

		final AtomicInteger closed = new AtomicInteger();

		final AtomicInteger received = new AtomicInteger();

		final AtomicInteger sent = new AtomicInteger();

		final AtomicInteger requests = new AtomicInteger();

		@Override
		public void listenerStarted(Protocol protocol, TransportType ioTransport, InetSocketAddress address) {
			this.events
				.add("started " + protocol.tagValue() + " " + ioTransport.displayName() + " " + address.getPort());
		}

		@Override
		public void listenerStopped(Protocol protocol, TransportType ioTransport, InetSocketAddress address) {
			this.events.add("stopped " + protocol.tagValue() + " " + ioTransport.displayName());
		}

		@Override
		public void connectionOpened(Protocol protocol) {
			this.opened.incrementAndGet();
		}

		@Override
		public void connectionClosed(Protocol protocol) {
			this.closed.incrementAndGet();
		}

		@Override
		public void bytesReceived(Protocol protocol, int bytes) {
			this.received.addAndGet(bytes);
		}

		@Override
		public void bytesSent(Protocol protocol, int bytes) {
			this.sent.addAndGet(bytes);
		}

		@Override
		public void requestStarted(Protocol protocol) {
			this.requests.incrementAndGet();
		}

		@Override
		public void requestFinished(Protocol protocol) {
			this.requests.decrementAndGet();
		}

	}

}
