package io.ujrpc.autoconfigure.metrics;

import java.net.InetSocketAddress;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ujrpc.protocol.Protocol;
import io.ujrpc.server.transport.TransportType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MicrometerServerMetricsListenerTests {

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private final MicrometerServerMetricsListener listener = new MicrometerServerMetricsListener(this.registry);

	@Test
	void metersExistAtZeroOnceAListenerStarts() {
		this.listener.listenerStarted(Protocol.HTTP, TransportType.EPOLL, new InetSocketAddress(8080));
		assertThat(this.registry.get("jsonrpc.server.listeners")
			.tags("transport", "http", "io.transport", "epoll")
			.gauge()
			.value()).isEqualTo(1);
		assertThat(this.registry.get("jsonrpc.server.connections.open").tags("transport", "http").gauge().value())
			.isZero();
		assertThat(this.registry.get("jsonrpc.server.batch.size").summary().count()).isZero();
		this.listener.listenerStopped(Protocol.HTTP, TransportType.EPOLL, new InetSocketAddress(8080));
		assertThat(this.registry.get("jsonrpc.server.listeners").gauge().value()).isZero();
	}

	@Test
	void countsConnectionsBytesRequestsAndBatches() {
		this.listener.connectionOpened(Protocol.HTTP);
		this.listener.connectionOpened(Protocol.HTTP);
		this.listener.connectionClosed(Protocol.HTTP);
		this.listener.bytesReceived(Protocol.HTTP, 100);
		this.listener.bytesSent(Protocol.HTTP, 40);
		this.listener.bytesSent(Protocol.HTTP, 2);
		this.listener.requestStarted(Protocol.HTTP);
		this.listener.requestStarted(Protocol.HTTP);
		this.listener.requestFinished(Protocol.HTTP);
		this.listener.batchReceived(Protocol.HTTP, 3);
		this.listener.batchReceived(Protocol.HTTP, 5);
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
		this.listener.connectionOpened(Protocol.HTTP);
		this.listener.connectionOpened(Protocol.TCP);
		this.listener.connectionOpened(Protocol.TCP);
		assertThat(this.registry.get("jsonrpc.server.connections.open").tags("transport", "tcp").gauge().value())
			.isEqualTo(2);
		assertThat(this.registry.get("jsonrpc.server.connections.open").tags("transport", "http").gauge().value())
			.isEqualTo(1);
	}

}
