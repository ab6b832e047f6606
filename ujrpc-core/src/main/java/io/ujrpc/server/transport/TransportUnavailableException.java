package io.ujrpc.server.transport;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when the transport a user asked for explicitly cannot be used on this machine.
 */
public class TransportUnavailableException extends IllegalStateException {

	/**
	 * Create an exception.
	 * @param message which transport and why
	 * @param cause the reason Netty reported, or {@code null}
	 */
	public TransportUnavailableException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
