package io.ujrpc.observation;

import java.net.InetSocketAddress;

import io.ujrpc.protocol.Protocol;
import io.ujrpc.server.transport.TransportType;

/**
 * Hears what a server does at the connection and payload level, for metrics; JSON-RPC
 * calls themselves are observed through Micrometer's Observation API instead.
 * <p>
 * Called on I/O threads, often: implementations must be thread-safe, quick, and never
 * throw. Every method does nothing by default.
 */
public interface ServerMetricsListener {

	/**
	 * A listener that ignores everything; servers built without one use it and add no
	 * handler to their pipelines.
	 */
	ServerMetricsListener NONE = new ServerMetricsListener() {
	};

	/**
	 * A listener socket is bound.
	 * @param protocol the wire protocol
	 * @param ioTransport the I/O transport in use, never {@link TransportType#AUTO}
	 * @param address the bound address
	 */
	default void listenerStarted(Protocol protocol, TransportType ioTransport, InetSocketAddress address) {
	}

	/**
	 * A listener socket is closed; connections it accepted may still be open.
	 * @param protocol the wire protocol
	 * @param ioTransport the I/O transport in use
	 * @param address the address it was bound to
	 */
	default void listenerStopped(Protocol protocol, TransportType ioTransport, InetSocketAddress address) {
	}

	/**
	 * A connection was accepted.
	 * @param protocol the wire protocol
	 */
	default void connectionOpened(Protocol protocol) {
	}

	/**
	 * An accepted connection closed.
	 * @param protocol the wire protocol
	 */
	default void connectionClosed(Protocol protocol) {
	}

	/**
	 * Bytes were read from a connection.
	 * @param protocol the wire protocol
	 * @param bytes how many
	 */
	default void bytesReceived(Protocol protocol, int bytes) {
	}

	/**
	 * Bytes were written to a connection.
	 * @param protocol the wire protocol
	 * @param bytes how many
	 */
	default void bytesSent(Protocol protocol, int bytes) {
	}

	/**
	 * A JSON-RPC payload (one request or one batch) is being dispatched.
	 * @param protocol the wire protocol
	 */
	default void requestStarted(Protocol protocol) {
	}

	/**
	 * A payload's response is ready (or, for notifications only, its calls finished).
	 * Called once for each {@link #requestStarted}.
	 * @param protocol the wire protocol
	 */
	default void requestFinished(Protocol protocol) {
	}

	/**
	 * A batch was received. Single requests are not batches and are not reported here.
	 * @param protocol the wire protocol
	 * @param size how many elements it has
	 */
	default void batchReceived(Protocol protocol, int size) {
	}

}
