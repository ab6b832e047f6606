package io.ujrpc.server;

import java.net.InetSocketAddress;

import io.ujrpc.server.transport.TransportType;

/**
 * Hears what a server does at the connection and payload level, for metrics; JSON-RPC
 * calls themselves are observed through Micrometer's Observation API instead.
 * <p>
 * Called on I/O threads, often: implementations must be thread-safe, quick, and never
 * throw. Every method does nothing by default. The {@code transport} argument is the wire
 * protocol ({@code http}, later {@code tcp} and {@code websocket}).
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
	 * @param transport the wire protocol
	 * @param ioTransport the I/O transport in use, never {@link TransportType#AUTO}
	 * @param address the bound address
	 */
	default void listenerStarted(String transport, TransportType ioTransport, InetSocketAddress address) {
	}

	/**
	 * A listener socket is closed; connections it accepted may still be open.
	 * @param transport the wire protocol
	 * @param ioTransport the I/O transport in use
	 * @param address the address it was bound to
	 */
	default void listenerStopped(String transport, TransportType ioTransport, InetSocketAddress address) {
	}

	/**
	 * A connection was accepted.
	 * @param transport the wire protocol
	 */
	default void connectionOpened(String transport) {
	}

	/**
	 * An accepted connection closed.
	 * @param transport the wire protocol
	 */
	default void connectionClosed(String transport) {
	}

	/**
	 * Bytes were read from a connection.
	 * @param transport the wire protocol
	 * @param bytes how many
	 */
	default void bytesReceived(String transport, int bytes) {
	}

	/**
	 * Bytes were written to a connection.
	 * @param transport the wire protocol
	 * @param bytes how many
	 */
	default void bytesSent(String transport, int bytes) {
	}

	/**
	 * A JSON-RPC payload (one request or one batch) is being dispatched.
	 * @param transport the wire protocol
	 */
	default void requestStarted(String transport) {
	}

	/**
	 * A payload's response is ready (or, for notifications only, its calls finished).
	 * Called once for each {@link #requestStarted}.
	 * @param transport the wire protocol
	 */
	default void requestFinished(String transport) {
	}

	/**
	 * A batch was received. Single requests are not batches and are not reported here.
	 * @param transport the wire protocol
	 * @param size how many elements it has
	 */
	default void batchReceived(String transport, int size) {
	}

}
