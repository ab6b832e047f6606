package io.ujrpc.server;

/**
 * Thrown when a server cannot start, for example because its port is in use.
 */
public class ServerStartException extends IllegalStateException {

	private final int port;

	/**
	 * Create an exception.
	 * @param message what failed
	 * @param port the port that was to be bound
	 * @param cause the underlying failure
	 */
	public ServerStartException(String message, int port, Throwable cause) {
		super(message, cause);
		this.port = port;
	}

	/**
	 * Return the port that was to be bound.
	 * @return the port
	 */
	public int getPort() {
		return this.port;
	}

}
