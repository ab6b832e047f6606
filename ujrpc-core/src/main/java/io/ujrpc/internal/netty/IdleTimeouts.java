package io.ujrpc.internal.netty;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * Builds the handler that reports a connection idle in both directions, the same way for
 * every protocol.
 */
public final class IdleTimeouts {

	private IdleTimeouts() {
	}

	/**
	 * Return a handler for an idle timeout.
	 * @param timeout the timeout; {@code null} or zero for none
	 * @return the handler, or {@code null} when there is no timeout
	 */
	public static @Nullable IdleConnectionHandler handler(@Nullable Duration timeout) {
		long millis = (timeout != null) ? timeout.toMillis() : 0;
		return (millis > 0) ? new IdleConnectionHandler(TimeUnit.MILLISECONDS.toNanos(millis)) : null;
	}

}
