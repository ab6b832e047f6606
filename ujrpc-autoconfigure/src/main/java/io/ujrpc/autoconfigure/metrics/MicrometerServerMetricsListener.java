package io.ujrpc.autoconfigure.metrics;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.ujrpc.observation.ServerMetricsListener;
import io.ujrpc.protocol.Protocol;
import io.ujrpc.server.transport.TransportType;

/**
 * Records a ujrpc server's connections, bytes, payloads in flight, batch sizes and I/O
 * transport as Micrometer meters. Every meter is tagged with {@code transport}, the wire
 * protocol; the meters of a wire protocol are registered when its first listener starts,
 * so a scrape shows them at zero before any traffic.
 */
public class MicrometerServerMetricsListener implements ServerMetricsListener {

	/**
	 * Prefix of every server meter.
	 */
	public static final String PREFIX = "jsonrpc.server.";

	private static final String TRANSPORT = "transport";

	private final MeterRegistry registry;

	private final Map<Protocol, Meters> meters = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> listeners = new ConcurrentHashMap<>();

	private volatile Meters last;

	/**
	 * Create a listener that registers its meters in the given registry.
	 * @param registry the registry
	 */
	public MicrometerServerMetricsListener(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void listenerStarted(Protocol protocol, TransportType ioTransport, InetSocketAddress address) {
		meters(protocol);
		listenerCount(protocol, ioTransport).incrementAndGet();
	}

	@Override
	public void listenerStopped(Protocol protocol, TransportType ioTransport, InetSocketAddress address) {
		listenerCount(protocol, ioTransport).decrementAndGet();
	}

	private AtomicInteger listenerCount(Protocol protocol, TransportType ioTransport) {
		return this.listeners.computeIfAbsent(protocol.tagValue() + " " + ioTransport.displayName(), (key) -> {
			AtomicInteger count = new AtomicInteger();
			Gauge.builder(PREFIX + "listeners", count, AtomicInteger::get)
				.description("Listening sockets, by wire protocol and I/O transport (io_uring, epoll or nio)")
				.tags(TRANSPORT, protocol.tagValue(), "io.transport", ioTransport.displayName())
				.strongReference(true)
				.register(this.registry);
			return count;
		});
	}

	@Override
	public void connectionOpened(Protocol protocol) {
		Meters meters = meters(protocol);
		meters.open.incrementAndGet();
		meters.accepted.increment();
	}

	@Override
	public void connectionClosed(Protocol protocol) {
		meters(protocol).open.decrementAndGet();
	}

	@Override
	public void bytesReceived(Protocol protocol, int bytes) {
		meters(protocol).received.increment(bytes);
	}

	@Override
	public void bytesSent(Protocol protocol, int bytes) {
		meters(protocol).sent.increment(bytes);
	}

	@Override
	public void requestStarted(Protocol protocol) {
		meters(protocol).inFlight.incrementAndGet();
	}

	@Override
	public void requestFinished(Protocol protocol) {
		meters(protocol).inFlight.decrementAndGet();
	}

	@Override
	public void batchReceived(Protocol protocol, int size) {
		meters(protocol).batchSize.record(size);
	}

	private Meters meters(Protocol protocol) {
		// Called several times per request, nearly always with the same protocol.
		Meters last = this.last;
		if (last != null && last.protocol == protocol) {
			return last;
		}
		Meters meters = this.meters.get(protocol);
		if (meters == null) {
			meters = this.meters.computeIfAbsent(protocol, this::register);
		}
		this.last = meters;
		return meters;
	}

	private Meters register(Protocol protocol) {
		Tags tags = Tags.of(TRANSPORT, protocol.tagValue());
		AtomicInteger open = new AtomicInteger();
		Gauge.builder(PREFIX + "connections.open", open, AtomicInteger::get)
			.description("Connections open now")
			.tags(tags)
			.strongReference(true)
			.register(this.registry);
		Counter accepted = Counter.builder(PREFIX + "connections.accepted")
			.description("Connections accepted since the server started")
			.tags(tags)
			.register(this.registry);
		AtomicInteger inFlight = new AtomicInteger();
		Gauge.builder(PREFIX + "requests.in.flight", inFlight, AtomicInteger::get)
			.description("JSON-RPC payloads (single requests or batches) received and not yet answered")
			.tags(tags)
			.strongReference(true)
			.register(this.registry);
		Counter received = Counter.builder(PREFIX + "received")
			.description("Bytes read from connections, protocol framing included")
			.baseUnit("bytes")
			.tags(tags)
			.register(this.registry);
		Counter sent = Counter.builder(PREFIX + "sent")
			.description("Bytes written to connections, protocol framing included")
			.baseUnit("bytes")
			.tags(tags)
			.register(this.registry);
		DistributionSummary batchSize = DistributionSummary.builder(PREFIX + "batch.size")
			.description("Calls per JSON-RPC batch")
			.tags(tags)
			.register(this.registry);
		return new Meters(protocol, open, accepted, inFlight, received, sent, batchSize);
	}

	private record Meters(Protocol protocol, AtomicInteger open, Counter accepted, AtomicInteger inFlight,
			Counter received, Counter sent, DistributionSummary batchSize) {
	}

}
