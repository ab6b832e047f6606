package io.ujrpc.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;
import org.jspecify.annotations.Nullable;

/**
 * The body of a streamed request as the method reads it: the chunks the connection has
 * received and the method has not yet read, in a queue of bounded size. The event loop
 * offers chunks; past {@link #HIGH_WATER} buffered bytes it stops reading from the
 * socket, and the method's reads resume it below {@link #LOW_WATER}. So a connection
 * holds at most {@code HIGH_WATER} plus what one socket read brings (64 KiB with Netty's
 * default allocator), however large the body and however slowly the method reads.
 * <p>
 * Offered and aborted on the event loop; read and closed on the method's thread. Closing
 * it early discards the rest of the body as it arrives, and resumes reading.
 */
final class StreamedBody extends InputStream {

	/** Buffered bytes at which reading from the socket stops. */
	static final int HIGH_WATER = 256 * 1024;

	/** Buffered bytes at which reading from the socket resumes. */
	static final int LOW_WATER = 64 * 1024;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition readable = this.lock.newCondition();

	private final ArrayDeque<ByteBuf> chunks = new ArrayDeque<>();

	private final EventExecutor loop;

	private final Consumer<Boolean> suspend;

	private long buffered;

	private long received;

	private long maxBuffered;

	private boolean ended;

	private boolean closed;

	/** Whether socket reads are held off for this body. */
	private boolean suspended;

	private @Nullable StreamAbortedException abort;

	/**
	 * Create a body.
	 * @param loop the connection's event loop
	 * @param suspend holds socket reads off ({@code true}) or lets them resume, on the
	 * event loop
	 */
	StreamedBody(EventExecutor loop, Consumer<Boolean> suspend) {
		this.loop = loop;
		this.suspend = suspend;
	}

	/**
	 * Add a chunk, on the event loop.
	 * @param chunk the chunk; this body owns it
	 */
	void offer(ByteBuf chunk) {
		boolean suspendNow = false;
		this.lock.lock();
		try {
			if (this.closed || this.abort != null || !chunk.isReadable()) {
				chunk.release();
				return;
			}
			this.chunks.add(chunk);
			this.buffered += chunk.readableBytes();
			this.received += chunk.readableBytes();
			this.maxBuffered = Math.max(this.maxBuffered, this.buffered);
			this.readable.signalAll();
			if (this.buffered >= HIGH_WATER && !this.suspended) {
				this.suspended = true;
				suspendNow = true;
			}
		}
		finally {
			this.lock.unlock();
		}
		if (suspendNow) {
			this.suspend.accept(true);
		}
	}

	/**
	 * Note that the body is complete, on the event loop.
	 */
	void end() {
		this.lock.lock();
		try {
			this.ended = true;
			this.readable.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Give up on the body, on the event loop: what is buffered is released, and the
	 * method's next read throws.
	 * @param cause why
	 * @return whether the method was still reading (the body was neither closed nor
	 * complete)
	 */
	boolean abort(StreamAbortedException cause) {
		this.lock.lock();
		try {
			boolean reading = !this.closed && !this.ended;
			if (this.abort == null) {
				this.abort = cause;
			}
			releaseAll();
			this.readable.signalAll();
			return reading;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return why the body was given up.
	 * @return the cause, or {@code null} when it was not
	 */
	@Nullable StreamAbortedException abortCause() {
		this.lock.lock();
		try {
			return this.abort;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return the most bytes this body held at once, for tests and benchmarks.
	 * @return the high-water mark of buffered bytes
	 */
	long maxBuffered() {
		this.lock.lock();
		try {
			return this.maxBuffered;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public int read() throws IOException {
		byte[] one = new byte[1];
		int n = read(one, 0, 1);
		return (n < 0) ? -1 : (one[0] & 0xff);
	}

	@Override
	public int read(byte[] b, int off, int len) throws IOException {
		Objects.checkFromIndexSize(off, len, b.length);
		if (len == 0) {
			return 0;
		}
		boolean resume = false;
		this.lock.lock();
		try {
			while (this.chunks.isEmpty()) {
				if (this.abort != null) {
					throw this.abort;
				}
				if (this.closed) {
					throw new IOException("Stream closed");
				}
				if (this.ended) {
					return -1;
				}
				this.readable.await();
			}
			ByteBuf head = this.chunks.peek();
			int n = Math.min(len, head.readableBytes());
			head.readBytes(b, off, n);
			if (!head.isReadable()) {
				this.chunks.poll().release();
			}
			this.buffered -= n;
			if (this.suspended && this.buffered <= LOW_WATER) {
				this.suspended = false;
				resume = true;
			}
			return n;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while waiting for the request body");
		}
		finally {
			this.lock.unlock();
			if (resume) {
				applySuspension();
			}
		}
	}

	@Override
	public int available() {
		this.lock.lock();
		try {
			ByteBuf head = this.chunks.peek();
			return (head != null) ? head.readableBytes() : 0;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Stop reading: what is buffered is released and the rest of the body is discarded as
	 * it arrives. Called by the method, or by the route once the method is done.
	 */
	@Override
	public void close() {
		boolean resume;
		this.lock.lock();
		try {
			if (this.closed) {
				return;
			}
			this.closed = true;
			releaseAll();
			resume = this.suspended;
			this.suspended = false;
			this.readable.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		if (resume) {
			applySuspension();
		}
	}

	/* Tell the event loop the current state, not the one of the moment it was asked. */
	private void applySuspension() {
		this.loop.execute(() -> {
			boolean suspended;
			this.lock.lock();
			try {
				suspended = this.suspended;
			}
			finally {
				this.lock.unlock();
			}
			this.suspend.accept(suspended);
		});
	}

	private void releaseAll() {
		ByteBuf chunk;
		while ((chunk = this.chunks.poll()) != null) {
			chunk.release();
		}
		this.buffered = 0;
	}

}
