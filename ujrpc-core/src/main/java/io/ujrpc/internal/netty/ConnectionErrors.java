package io.ujrpc.internal.netty;

import java.io.IOException;

import javax.net.ssl.SSLException;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import org.slf4j.Logger;

/**
 * Logs an error that ends a connection at the level it deserves: the client's doing (a
 * reset, a plaintext request on a TLS port, a failed handshake, a malformed or oversized
 * frame) at debug, anything else as a warning.
 */
public final class ConnectionErrors {

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
		}
		else {
			logger.warn("Unexpected error on {}; closing it", ctx.channel(), cause);
		}
	}

	static boolean isClientFault(Throwable cause) {
		for (Throwable ex = cause; ex != null; ex = (ex.getCause() != ex) ? ex.getCause() : null) {
			if (ex instanceof IOException || ex instanceof SSLException || ex instanceof CorruptedFrameException
					|| ex instanceof TooLongFrameException) {
				return true;
			}
		}
		return false;
	}

}
