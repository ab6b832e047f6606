package io.ujrpc.internal.netty;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLException;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.timeout.TimeoutException;
import org.slf4j.Logger;

/**
 * Logs an error that ends a connection at the level it deserves: the client's doing (a
 * reset, a disconnect mid-request, a plaintext request on a TLS port, a failed or late
 * handshake, a malformed or oversized frame) at debug, however often it happens; anything
 * else, the server's own faults, as a warning, at most {@value #WARNINGS_PER_WINDOW} per
 * ten seconds, with a count of those left out, so that no client can flood the log.
 */
public final class ConnectionErrors {

	static final int WARNINGS_PER_WINDOW = 10;

	private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);

	private static final AtomicLong windowStart = new AtomicLong(System.nanoTime());

	private static final AtomicInteger warnings = new AtomicInteger();

	private static final AtomicInteger suppressed = new AtomicInteger();

	private ConnectionErrors() {
	}

	/**
	 * Log an error caught on a connection that is about to be closed.
	 * @param logger the protocol handler's logger
	 * @param ctx the handler's context
	 * @param cause the error
	 */
	public static void log(Logger logger, ChannelHandlerContext ctx, Throwable cause) {
		if (isClientFault(cause)) {
			logger.debug("Closing {} after a client-side error", ctx.channel(), cause);
			return;
		}
		if (!allowWarning()) {
			logger.debug("Unexpected error on {}; closing it", ctx.channel(), cause);
			return;
		}
		int left = suppressed.getAndSet(0);
		if (left > 0) {
			logger.warn("Unexpected error on {}; closing it ({} similar warnings left out in the last 10 s)",
					ctx.channel(), left, cause);
		}
		else {
			logger.warn("Unexpected error on {}; closing it", ctx.channel(), cause);
		}
	}

	private static boolean allowWarning() {
		long now = System.nanoTime();
		long start = windowStart.get();
		if (now - start > WINDOW_NANOS && windowStart.compareAndSet(start, now)) {
			warnings.set(0);
		}
		if (warnings.incrementAndGet() <= WARNINGS_PER_WINDOW) {
			return true;
		}
		suppressed.incrementAndGet();
		return false;
	}

	static boolean isClientFault(Throwable cause) {
		for (Throwable ex = cause; ex != null; ex = (ex.getCause() != ex) ? ex.getCause() : null) {
			if (ex instanceof IOException || ex instanceof SSLException || ex instanceof CorruptedFrameException
					|| ex instanceof TooLongFrameException || ex instanceof PrematureChannelClosureException
					|| ex instanceof NotSslRecordException || ex instanceof TimeoutException) {
				return true;
			}
			if (ex instanceof DecoderException && ex.getCause() == null) {
				// A decoder that could not make sense of the client's bytes.
				return true;
			}
		}
		return false;
	}

}
