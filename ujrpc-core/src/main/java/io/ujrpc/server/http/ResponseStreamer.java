package io.ujrpc.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an {@link InputStream} result as the chunks of a response body, with
 * back-pressure: a blocking thread reads a chunk only while fewer than {@link #IN_FLIGHT}
 * chunks are written but not yet taken by the socket, so a connection holds at most
 * {@code IN_FLIGHT × CHUNK_SIZE} (1 MiB) of the result, however large it is and however
 * slowly the client reads. The stream is read off the event loop, since a method's stream
 * may block; it is closed when done. Chunks read while the event loop is busy are written
 * and flushed together, in one task: a fast stream costs one wake-up of the loop per
 * batch, not per chunk.
 * <p>
 * Completes its future, on the event loop, after the last chunk is queued for writing:
 * {@link End#COMPLETE} when the stream ended, {@link End#ABORTED} when it failed, the
 * client stopped reading, or the connection closed (the response is then cut short,
 * without its last chunk, and the connection closes).
 */
final class ResponseStreamer implements Runnable {

	private static final Logger logger = LoggerFactory.getLogger(ResponseStreamer.class);

	static final int CHUNK_SIZE = 256 * 1024;

	static final int IN_FLIGHT = 4;

	private final ChannelHandlerContext ctx;

	private final InputStream in;

	private final long timeoutNanos;

	private final CompletableFuture<End> end;

	private final Semaphore permits = new Semaphore(IN_FLIGHT);

	private volatile boolean failed;

	/** Where the stream is read into, on the streaming thread. */
	private final byte[] scratch = new byte[CHUNK_SIZE];

	/** Chunks read and not yet written, in order. */
	private final ConcurrentLinkedQueue<ByteBuf> ready = new ConcurrentLinkedQueue<>();

	/** Whether a task that writes the ready chunks is queued on the event loop. */
	private final AtomicBoolean draining = new AtomicBoolean();

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
				this.ready.add(chunk);
				if (this.draining.compareAndSet(false, true)) {
					try {
						this.ctx.executor().execute(this::drain);
					}
					catch (RejectedExecutionException ex) {
						releaseReady();
						break;
					}
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

	/*
	 * Read at least once, then what is ready, up to a chunk; -1 at the end. Through one
	 * array for the whole stream: Netty's ByteBuf.writeBytes(InputStream, int) allocates
	 * a new one of the length asked for each call into a direct buffer.
	 */
	private int fill(ByteBuf chunk, InputStream in) throws IOException {
		byte[] scratch = this.scratch;
		int total = in.read(scratch, 0, CHUNK_SIZE);
		if (total < 0) {
			return -1;
		}
		while (total < CHUNK_SIZE) {
			int available = in.available();
			if (available <= 0) {
				break;
			}
			int n = in.read(scratch, total, Math.min(available, CHUNK_SIZE - total));
			if (n < 0) {
				break;
			}
			total += n;
		}
		chunk.writeBytes(scratch, 0, total);
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

	/* On the event loop: write what is ready, then flush once. */
	private void drain() {
		// Cleared first: a chunk added from now on queues another drain.
		this.draining.set(false);
		boolean written = false;
		ByteBuf chunk;
		while ((chunk = this.ready.poll()) != null) {
			if (this.failed || !this.ctx.channel().isActive()) {
				chunk.release();
				this.failed = true;
				this.permits.release();
				continue;
			}
			this.ctx.write(new DefaultHttpContent(chunk)).addListener((future) -> {
				if (!future.isSuccess()) {
					this.failed = true;
				}
				this.permits.release();
			});
			written = true;
		}
		if (written) {
			this.ctx.flush();
		}
	}

	private void releaseReady() {
		ByteBuf chunk;
		while ((chunk = this.ready.poll()) != null) {
			chunk.release();
		}
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
