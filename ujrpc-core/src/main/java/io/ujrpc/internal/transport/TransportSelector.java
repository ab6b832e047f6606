package io.ujrpc.internal.transport;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.ujrpc.server.transport.TransportType;
import io.ujrpc.server.transport.TransportUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the I/O transport: the one place that knows which transports exist and how to
 * tell whether they work here. The choice, and the reason for any fallback, is logged
 * once per server.
 */
public final class TransportSelector {

	private static final Logger logger = LoggerFactory.getLogger(TransportSelector.class);

	private TransportSelector() {
	}

	/**
	 * Select a transport and log the choice.
	 * @param preferred the transport asked for; {@link TransportType#AUTO} falls back
	 * from io_uring to epoll to NIO
	 * @return the transport
	 * @throws TransportUnavailableException when an explicitly requested transport is not
	 * available
	 */
	public static Transport select(TransportType preferred) {
		Transport transport = choose(preferred);
		if (transport.fallbackReason() != null) {
			logger.info("{}; using {}", transport.fallbackReason(), transport.type().displayName());
		}
		else {
			logger.info("Using {} transport", transport.type().displayName());
		}
		return transport;
	}

	private static Transport choose(TransportType preferred) {
		switch (preferred) {
			case IO_URING -> {
				requireAvailable(TransportType.IO_URING, ioUringUnavailability());
				return ioUring(null);
			}
			case EPOLL -> {
				requireAvailable(TransportType.EPOLL, epollUnavailability());
				return epoll(null);
			}
			case NIO -> {
				return nio(null);
			}
			default -> {
				Throwable ioUring = ioUringUnavailability();
				if (ioUring == null) {
					return ioUring(null);
				}
				String reason = "io_uring unavailable (" + describe(ioUring) + ")";
				Throwable epoll = epollUnavailability();
				if (epoll == null) {
					return epoll(reason);
				}
				return nio(reason + "; epoll unavailable (" + describe(epoll) + ")");
			}
		}
	}

	private static void requireAvailable(TransportType type, Throwable cause) {
		if (cause != null) {
			throw new TransportUnavailableException(
					"Transport '" + type.displayName() + "' was configured but is unavailable: " + describe(cause)
							+ " (use 'auto' to fall back to the best available transport)",
					cause);
		}
	}

	private static Throwable ioUringUnavailability() {
		try {
			return IoUring.isAvailable() ? null : IoUring.unavailabilityCause();
		}
		catch (Throwable ex) {
			return ex;
		}
	}

	private static Throwable epollUnavailability() {
		try {
			return Epoll.isAvailable() ? null : Epoll.unavailabilityCause();
		}
		catch (Throwable ex) {
			return ex;
		}
	}

	private static String describe(Throwable cause) {
		if (cause == null) {
			return "no reason given";
		}
		Throwable root = cause;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = root.getMessage();
		return (message != null) ? message : root.getClass().getSimpleName();
	}

	private static Transport ioUring(String reason) {
		return new Transport(TransportType.IO_URING, IoUringIoHandler.newFactory(), IoUringServerSocketChannel.class,
				reason);
	}

	private static Transport epoll(String reason) {
		return new Transport(TransportType.EPOLL, EpollIoHandler.newFactory(), EpollServerSocketChannel.class, reason);
	}

	private static Transport nio(String reason) {
		return new Transport(TransportType.NIO, NioIoHandler.newFactory(), NioServerSocketChannel.class, reason);
	}

}
