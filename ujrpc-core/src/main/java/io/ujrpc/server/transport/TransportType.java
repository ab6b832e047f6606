package io.ujrpc.server.transport;

/**
 * The I/O transports a server can run on, and {@link #AUTO} to pick the best available.
 */
public enum TransportType {

	/**
	 * io_uring when available, else epoll, else NIO.
	 */
	AUTO("auto"),

	/**
	 * Linux io_uring (kernel 5.14+).
	 */
	IO_URING("io_uring"),

	/**
	 * Linux epoll.
	 */
	EPOLL("epoll"),

	/**
	 * Java NIO selectors, available everywhere.
	 */
	NIO("nio");

	private final String displayName;

	TransportType(String displayName) {
		this.displayName = displayName;
	}

	/**
	 * Return the name used in logs and metrics, such as {@code io_uring}.
	 * @return the name
	 */
	public String displayName() {
		return this.displayName;
	}

}
