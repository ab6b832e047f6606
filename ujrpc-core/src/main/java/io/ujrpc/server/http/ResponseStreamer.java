package io.ujrpc.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an {@link InputStream} result as the chunks of a response body, with
 * back-pressure: a blocking thread reads a chunk only while fewer than {@link #IN_FLIGHT}
 * chunks are written but not yet taken by the socket, so a connection holds at most
 * {@code IN_FLIGHT × CHUNK_SIZE} (256 KiB) of the result, however large it is and however
 * slowly the client reads. The stream is read off the event loop, since a method's stream
 * may block; it is closed when done.
 * <p>
 * Completes its future, on the event loop, after the last chunk is queued for writing:
 * {@link End#COMPLETE} when the stream ended, {@link End#ABORTED} when it failed, the
 * client stopped reading, or the connection closed (the response is then cut short,
 * without its last chunk, and the connection closes).
 */
final class ResponseStreamer implements Runnable {

	private static final Logger logger = LoggerFactory.getLogger(ResponseStreamer.class);

	static final int CHUNK_SIZE = 64 * 1024;

	static final int IN_FLIGHT = 4;

	private final ChannelHandlerContext ctx;

	private final InputStream in;

	private final long timeoutNanos;

	private final CompletableFuture<End> end;

	private final Semaphore permits = new Semaphore(IN_FLIGHT);

	private volatile boolean failed;

	/**
	 * Create a streamer.
	 * @param ctx where the chunks are written from
	 * @param in the result
	 * @param timeoutNanos how long the client may read nothing before the response is
	 * given up; zero for as long as the connection lasts
	 * @param end completed when the body is written, or given up
	 */
	ResponseStreamer(ChannelHandlerContext ctx, InputStream in, long timeoutNanos, CompletableFuture<End> end) {
		this.ctx = ctx;
		this.in = in;
		this.timeoutNanos = timeoutNanos;
		this.end = end;
	}

	@Override
	public void run() {
		End outcome = End.ABORTED;
		try (InputStream in = this.in) {
			while (!this.failed && acquire()) {
				ByteBuf chunk = this.ctx.alloc().ioBuffer(CHUNK_SIZE);
				int n;
				try {
					n = fill(chunk, in);
				}
				catch (IOException | RuntimeException ex) {
					chunk.release();
					throw ex;
				}
				if (n < 0) {
					chunk.release();
					outcome = End.COMPLETE;
					break;
				}
				try {
					this.ctx.executor().execute(() -> write(chunk));
				}
				catch (RejectedExecutionException ex) {
					chunk.release();
					break;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Streamed response on {} failed; the connection is closed", this.ctx.channel(), ex);
		}
		finally {
			finish(outcome);
		}
	}

	/* Read at least once, then what is ready, up to a chunk; -1 at the end. */
	private static int fill(ByteBuf chunk, InputStream in) throws IOException {
		int total = chunk.writeBytes(in, CHUNK_SIZE);
		if (total < 0) {
			return -1;
		}
		while (chunk.isWritable()) {
			int available = in.available();
			if (available <= 0) {
				break;
			}
			int n = chunk.writeBytes(in, Math.min(available, chunk.writableBytes()));
			if (n < 0) {
				break;
			}
			total += n;
		}
		return total;
	}

	private boolean acquire() {
		long waited = 0;
		try {
			while (!this.permits.tryAcquire(1, TimeUnit.SECONDS)) {
				waited += TimeUnit.SECONDS.toNanos(1);
				if (!this.ctx.channel().isActive() || this.failed) {
					return false;
				}
				if (this.timeoutNanos > 0 && waited >= this.timeoutNanos) {
					logger.debug("Client on {} read nothing of a streamed response in time", this.ctx.channel());
					return false;
				}
			}
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private void write(ByteBuf chunk) {
		if (this.failed || !this.ctx.channel().isActive()) {
			chunk.release();
			this.failed = true;
			this.permits.release();
			return;
		}
		this.ctx.writeAndFlush(new DefaultHttpContent(chunk)).addListener((future) -> {
			if (!future.isSuccess()) {
				this.failed = true;
			}
			this.permits.release();
		});
	}

	private void finish(End outcome) {
		try {
			this.ctx.executor().execute(() -> this.end.complete(this.failed ? End.ABORTED : outcome));
		}
		catch (RejectedExecutionException ex) {
			this.end.complete(End.ABORTED);
		}
	}

	/**
	 * How a streamed body ended.
	 */
	enum End {

		/** Every chunk is written: the last chunk goes next. */
		COMPLETE,

		/** Cut short: the connection closes without the last chunk. */
		ABORTED,

		/** Nothing was streamed: the response was a whole one. */
		NONE

	}

}
