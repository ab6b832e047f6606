package io.ujrpc.internal.netty;

import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.Channel;
import io.netty.channel.FileRegion;
import io.netty.util.AttributeKey;
import io.netty.util.internal.PlatformDependent;
import org.jspecify.annotations.Nullable;

/**
 * The server-wide count of bytes held for requests not yet received whole (an HTTP body
 * being aggregated, a raw TCP value being framed, a fragmented WebSocket message) and for
 * responses not yet sent (waiting in an {@link OrderedResponseQueue} behind a slower one,
 * or in a channel's outbound buffer), against one limit. Past the limit, new work is
 * refused ({@code 503} on HTTP, {@code -32000 Server busy} on TCP and WebSocket) rather
 * than let the process run out of direct memory.
 * <p>
 * Request bytes are only taken while there is room ({@link #tryAcquire}); response bytes
 * are always counted ({@link #acquire}), as they exist already, and count against the
 * next request. Every acquire is matched by exactly one release, on every path (the
 * request completes, is refused, or its connection closes; the response is written or its
 * connection closes). Thread-safe; one per server, found on each of its channels under
 * {@link #KEY}.
 */
public final class MemoryBudget {

	/** Where a server's channels find its budget. */
	public static final AttributeKey<MemoryBudget> KEY = AttributeKey.valueOf(MemoryBudget.class, "budget");

	/** The most the default limit ever is, whatever the direct memory limit. */
	public static final long DEFAULT_CAP = 1024L * 1024 * 1024;

	private final long limit;

	private final AtomicLong used = new AtomicLong();

	/**
	 * Create a budget.
	 * @param limit the most bytes held at once
	 */
	public MemoryBudget(long limit) {
		if (limit <= 0) {
			throw new IllegalArgumentException("maxBufferedBytes: " + limit + " (expected: > 0)");
		}
		this.limit = limit;
	}

	/**
	 * Return the default limit: half of the direct memory Netty may use (by default the
	 * JVM's {@code -XX:MaxDirectMemorySize}, which defaults to the maximum heap size), at
	 * most {@link #DEFAULT_CAP}. The other half is headroom for what the budget does not
	 * count: the allocator's pooled chunks and caches, and the reads being decoded.
	 * @return the default limit, in bytes
	 */
	public static long defaultLimit() {
		long direct = PlatformDependent.maxDirectMemory();
		return Math.max(1, Math.min(direct / 2, DEFAULT_CAP));
	}

	/**
	 * Return the budget of a channel's server.
	 * @param channel the channel
	 * @return its budget, or {@code null} for a channel that belongs to no server (a test
	 * channel, say), which is then unbounded
	 */
	public static @Nullable MemoryBudget of(Channel channel) {
		return channel.attr(KEY).get();
	}

	/**
	 * Return the limit.
	 * @return the most bytes held at once
	 */
	public long limit() {
		return this.limit;
	}

	/**
	 * Return the bytes held now.
	 * @return the count
	 */
	public long used() {
		return this.used.get();
	}

	/**
	 * Whether the limit is reached, so that new work is to be refused.
	 * @return {@code true} when no byte is left
	 */
	public boolean isExhausted() {
		return this.used.get() >= this.limit;
	}

	/**
	 * Take bytes if they fit under the limit.
	 * @param bytes how many
	 * @return {@code true} when taken, {@code false} (and nothing taken) when they do not
	 * fit
	 */
	public boolean tryAcquire(long bytes) {
		if (bytes <= 0) {
			return true;
		}
		long now;
		do {
			now = this.used.get();
			if (now + bytes > this.limit) {
				return false;
			}
		}
		while (!this.used.compareAndSet(now, now + bytes));
		return true;
	}

	/**
	 * Take bytes whether or not they fit: for what is held already.
	 * @param bytes how many
	 */
	public void acquire(long bytes) {
		if (bytes > 0) {
			this.used.addAndGet(bytes);
		}
	}

	/**
	 * Give back bytes taken before.
	 * @param bytes how many
	 */
	public void release(long bytes) {
		if (bytes > 0) {
			this.used.addAndGet(-bytes);
		}
	}

	/**
	 * Return how many bytes a message written to a channel holds.
	 * @param message the message
	 * @return its readable bytes, or 0 for a message without content
	 */
	static long sizeOf(@Nullable Object message) {
		if (message instanceof ByteBuf buffer) {
			return buffer.readableBytes();
		}
		if (message instanceof ByteBufHolder holder) {
			return holder.content().readableBytes();
		}
		if (message instanceof FileRegion region) {
			return region.count() - region.transferred();
		}
		return 0;
	}

	@Override
	public String toString() {
		return "MemoryBudget[used=" + this.used.get() + ", limit=" + this.limit + "]";
	}

}
