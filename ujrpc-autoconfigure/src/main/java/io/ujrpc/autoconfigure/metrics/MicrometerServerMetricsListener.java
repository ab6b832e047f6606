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
import io.ujrpc.server.ServerMetricsListener;
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

	private final Map<String, Meters> meters = new ConcurrentHashMap<>();

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
	public void listenerStarted(String transport, TransportType ioTransport, InetSocketAddress address) {
		meters(transport);
		listenerCount(transport, ioTransport).incrementAndGet();
	}

	@Override
	public void listenerStopped(String transport, TransportType ioTransport, InetSocketAddress address) {
		listenerCount(transport, ioTransport).decrementAndGet();
	}

	private AtomicInteger listenerCount(String transport, TransportType ioTransport) {
		return this.listeners.computeIfAbsent(transport + " " + ioTransport.displayName(), (key) -> {
			AtomicInteger count = new AtomicInteger();
			Gauge.builder(PREFIX + "listeners", count, AtomicInteger::get)
				.description("Listening sockets, by wire protocol and I/O transport (io_uring, epoll or nio)")
				.tags(TRANSPORT, transport, "io.transport", ioTransport.displayName())
				.strongReference(true)
				.register(this.registry);
			return count;
		});
	}

	@Override
	public void connectionOpened(String transport) {
		Meters meters = meters(transport);
		meters.open.incrementAndGet();
		meters.accepted.increment();
	}

	@Override
	public void connectionClosed(String transport) {
		meters(transport).open.decrementAndGet();
	}

	@Override
	public void bytesReceived(String transport, int bytes) {
		meters(transport).received.increment(bytes);
	}

	@Override
	public void bytesSent(String transport, int bytes) {
		meters(transport).sent.increment(bytes);
	}

	@Override
	public void requestStarted(String transport) {
		meters(transport).inFlight.incrementAndGet();
	}

	@Override
	public void requestFinished(String transport) {
		meters(transport).inFlight.decrementAndGet();
	}

	@Override
	public void batchReceived(String transport, int size) {
		meters(transport).batchSize.record(size);
	}

	private Meters meters(String transport) {
		// Called several times per request, nearly always with the same constant
		// transport name: compare references before hashing.
		Meters last = this.last;
		if (last != null && last.transport == transport) {
			return last;
		}
		Meters meters = this.meters.get(transport);
		if (meters == null) {
			meters = this.meters.computeIfAbsent(transport, this::register);
		}
		this.last = meters;
		return meters;
	}

	private Meters register(String transport) {
		Tags tags = Tags.of(TRANSPORT, transport);
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
		return new Meters(transport, open, accepted, inFlight, received, sent, batchSize);
	}

	private record Meters(String transport, AtomicInteger open, Counter accepted, AtomicInteger inFlight,
			Counter received, Counter sent, DistributionSummary batchSize) {
	}

}
