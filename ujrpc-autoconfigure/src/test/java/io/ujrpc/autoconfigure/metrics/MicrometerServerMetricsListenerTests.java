package io.ujrpc.autoconfigure.metrics;

import java.net.InetSocketAddress;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ujrpc.server.transport.TransportType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MicrometerServerMetricsListenerTests {

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private final MicrometerServerMetricsListener listener = new MicrometerServerMetricsListener(this.registry);

	@Test
	void metersExistAtZeroOnceAListenerStarts() {
		this.listener.listenerStarted("http", TransportType.EPOLL, new InetSocketAddress(8080));
		assertThat(this.registry.get("jsonrpc.server.listeners")
			.tags("transport", "http", "io.transport", "epoll")
			.gauge()
			.value()).isEqualTo(1);
		assertThat(this.registry.get("jsonrpc.server.connections.open").tags("transport", "http").gauge().value())
			.isZero();
		assertThat(this.registry.get("jsonrpc.server.batch.size").summary().count()).isZero();
		this.listener.listenerStopped("http", TransportType.EPOLL, new InetSocketAddress(8080));
		assertThat(this.registry.get("jsonrpc.server.listeners").gauge().value()).isZero();
	}

	@Test
	void countsConnectionsBytesRequestsAndBatches() {
		this.listener.connectionOpened("http");
		this.listener.connectionOpened("http");
		this.listener.connectionClosed("http");
		this.listener.bytesReceived("http", 100);
		this.listener.bytesSent("http", 40);
		this.listener.bytesSent("http", 2);
		this.listener.requestStarted("http");
		this.listener.requestStarted("http");
		this.listener.requestFinished("http");
		this.listener.batchReceived("http", 3);
		this.listener.batchReceived("http", 5);
		assertThat(this.registry.get("jsonrpc.server.connections.open").gauge().value()).isEqualTo(1);
		assertThat(this.registry.get("jsonrpc.server.connections.accepted").counter().count()).isEqualTo(2);
		assertThat(this.registry.get("jsonrpc.server.received").counter().count()).isEqualTo(100);
		assertThat(this.registry.get("jsonrpc.server.sent").counter().count()).isEqualTo(42);
		assertThat(this.registry.get("jsonrpc.server.requests.in.flight").gauge().value()).isEqualTo(1);
		assertThat(this.registry.get("jsonrpc.server.batch.size").summary().totalAmount()).isEqualTo(8);
		assertThat(this.registry.get("jsonrpc.server.batch.size").summary().max()).isEqualTo(5);
	}

	@Test
	void wireProtocolsHaveMetersOfTheirOwn() {
		this.listener.connectionOpened("http");
		this.listener.connectionOpened("tcp");
		this.listener.connectionOpened("tcp");
		assertThat(this.registry.get("jsonrpc.server.connections.open").tags("transport", "tcp").gauge().value())
			.isEqualTo(2);
		assertThat(this.registry.get("jsonrpc.server.connections.open").tags("transport", "http").gauge().value())
			.isEqualTo(1);
	}

}
