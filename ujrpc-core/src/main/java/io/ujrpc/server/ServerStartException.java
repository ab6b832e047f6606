package io.ujrpc.server;

import java.net.BindException;
import java.util.Locale;

import io.netty.channel.unix.Errors;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when a server cannot start, for example because its port is in use.
 */
public class ServerStartException extends IllegalStateException {

	/** Linux's EADDRINUSE, as Netty's native transports report it (negated). */
	private static final int EADDRINUSE = 98;

	private final int port;

	/**
	 * Create an exception.
	 * @param message what failed
	 * @param port the port that was to be bound
	 * @param cause the underlying failure
	 */
	public ServerStartException(String message, int port, @Nullable Throwable cause) {
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

	/**
	 * Whether the listener failed because its port is taken, as the operating system
	 * said: {@code EADDRINUSE} from a native transport, or the JDK's
	 * {@link BindException} for it.
	 * @return {@code true} for a port in use
	 */
	public boolean isPortInUse() {
		return isPortInUse(getCause());
	}

	/**
	 * Whether a bind failure means that the port is taken.
	 * @param cause the failure, or {@code null}
	 * @return {@code true} for a port in use
	 */
	static boolean isPortInUse(@Nullable Throwable cause) {
		if (cause instanceof Errors.NativeIoException nativeError) {
			return nativeError.expectedErr() == -EADDRINUSE;
		}
		// The JDK maps EADDRINUSE to a BindException with the OS's message for it.
		return cause instanceof BindException && cause.getMessage() != null
				&& cause.getMessage().toLowerCase(Locale.ROOT).contains("in use");
	}

}
