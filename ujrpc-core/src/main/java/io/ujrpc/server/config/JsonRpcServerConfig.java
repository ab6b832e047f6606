package io.ujrpc.server.config;

import java.util.function.Supplier;

import io.micrometer.observation.ObservationRegistry;
import io.netty.handler.ssl.SslContext;
import io.ujrpc.internal.Checks;
import io.ujrpc.observation.JsonRpcServerObservationConvention;
import io.ujrpc.observation.ServerMetricsListener;
import io.ujrpc.server.transport.TransportType;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;

/**
 * The immutable configuration of a {@link io.ujrpc.server.JsonRpcServer}, built once by
 * its builder and checked as a whole: one settings record per listener, present exactly
 * when that listener is on.
 *
 * @param host the address the application's listeners bind, or {@code null} for all
 * interfaces
 * @param transport the I/O transport asked for
 * @param ioThreads the number of I/O threads; 0 for one per available processor
 * @param backlog the listen backlog of every listener
 * @param maxConnections the most connections open at once, over all listeners
 * @param maxBufferedBytes the most bytes held at once, over all connections, for requests
 * not yet received whole and responses not yet sent; new requests beyond it get 503
 * (HTTP) or -32000 (TCP, WebSocket)
 * @param http the application's HTTP listener, always on
 * @param webSocket the WebSocket endpoint on the HTTP listener, or {@code null} when off
 * @param tcp the raw TCP listener, or {@code null} when off
 * @param management the management listener, or {@code null} when off
 * @param sslContext supplies the TLS context of the application's listeners (asked once
 * per connection, so that a reloaded certificate applies to the next one), or
 * {@code null} for plaintext
 * @param dispatch how calls are run and answered
 * @param mapper reads params and writes results
 * @param observationRegistry observes every call; {@link ObservationRegistry#NOOP} costs
 * nothing
 * @param observationConvention replaces the default naming and tagging of call
 * observations, or {@code null}
 * @param metricsListener hears of connections, bytes, payloads in flight and batch sizes
 * @param rest the REST mapping on the HTTP listener, or {@code null} when off
 */
public record JsonRpcServerConfig(@Nullable String host, TransportType transport, int ioThreads, int backlog,
		int maxConnections, long maxBufferedBytes, HttpSettings http, @Nullable WebSocketSettings webSocket,
		@Nullable TcpSettings tcp, @Nullable ManagementSettings management, @Nullable Supplier<SslContext> sslContext,
		DispatchSettings dispatch, ObjectMapper mapper, ObservationRegistry observationRegistry,
		@Nullable JsonRpcServerObservationConvention observationConvention, ServerMetricsListener metricsListener,
		@Nullable RestSettings rest) {

	/**
	 * Check the configuration, each setting and how they relate.
	 * @param host the address or {@code null}
	 * @param transport the transport
	 * @param ioThreads the I/O threads
	 * @param backlog the backlog
	 * @param maxConnections the connection limit
	 * @param maxBufferedBytes the memory budget
	 * @param http the HTTP listener
	 * @param webSocket the WebSocket endpoint or {@code null}
	 * @param tcp the TCP listener or {@code null}
	 * @param management the management listener or {@code null}
	 * @param sslContext the TLS context supplier or {@code null}
	 * @param dispatch the dispatch settings
	 * @param mapper the mapper
	 * @param observationRegistry the observation registry
	 * @param observationConvention the convention or {@code null}
	 * @param metricsListener the metrics listener
	 * @param rest the REST mapping or {@code null}
	 */
	public JsonRpcServerConfig {
		Checks.notNull("transport", transport);
		Checks.notNegative("ioThreads", ioThreads);
		Checks.positive("backlog", backlog);
		Checks.positive("maxConnections", maxConnections);
		Checks.state(maxBufferedBytes > 0, "maxBufferedBytes: " + maxBufferedBytes + " (expected: > 0)");
		Checks.notNull("http", http);
		Checks.notNull("jsonRpcPath", http.jsonRpcPath());
		Checks.notNull("dispatch", dispatch);
		Checks.notNull("mapper", mapper);
		Checks.notNull("observationRegistry", observationRegistry);
		Checks.notNull("metricsListener", metricsListener);
		if (webSocket != null) {
			Checks.state(!webSocket.path().equals(http.jsonRpcPath()), "webSocketPath: '" + webSocket.path()
					+ "' (expected: a path other than the jsonRpcPath, which takes POSTs)");
		}
		if (tcp != null) {
			checkDistinct("tcpPort", tcp.port(), http.port());
		}
		if (management != null) {
			checkDistinct("managementPort", management.http().port(), http.port());
			if (tcp != null) {
				checkDistinct("managementPort", management.http().port(), tcp.port());
			}
		}
	}

	private static void checkDistinct(String name, int port, int other) {
		Checks.state(port == 0 || port != other, name + ": " + port + " (expected: a port no other listener uses)");
	}

}
