package io.ujrpc.protocol;

import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A buffer that a binary value is copied into on its way to the array it stands for (a
 * CBOR typed array into a {@code double[]}, say), taken from and given back to a small
 * pool. Memory written request after request stays in the CPU's caches; a fresh
 * {@code byte[]} as large as the value is written once and evicted: on the machines
 * measured, allocating 64 KiB costs as much as copying 64 KiB five times (see
 * docs/encodings.md).
 * <p>
 * A scratch grows as a value needs; one that grew past {@link #RETAINED} is dropped when
 * given back, so that the pool holds at most {@link #SLOTS} of that size however large
 * the values it has seen.
 */
final class ByteScratch extends OutputStream {

	/** The most a scratch keeps between uses. */
	static final int RETAINED = 1 << 20;

	/** Scratches kept, at most; a power of two. */
	static final int SLOTS = 16;

	private static final int INITIAL = 8192;

	private byte[] bytes = new byte[INITIAL];

	private int size;

	@Override
	public void write(int b) {
		ensure(1);
		this.bytes[this.size++] = (byte) b;
	}

	@Override
	public void write(byte[] source, int offset, int length) {
		ensure(length);
		System.arraycopy(source, offset, this.bytes, this.size, length);
		this.size += length;
	}

	private void ensure(int more) {
		int needed = this.size + more;
		if (needed < 0) {
			throw new IllegalStateException("binary value of more than 2 GiB");
		}
		if (needed > this.bytes.length) {
			long grown = Math.max((long) this.bytes.length * 2, needed);
			this.bytes = Arrays.copyOf(this.bytes, (int) Math.min(grown, Integer.MAX_VALUE - 8));
			if (needed > this.bytes.length) {
				throw new IllegalStateException("binary value of more than 2 GiB");
			}
		}
	}

	/**
	 * Return the buffer; valid up to {@link #size()}, until the next write.
	 * @return the buffer
	 */
	byte[] bytes() {
		return this.bytes;
	}

	/**
	 * Return how many bytes were written since the scratch was taken.
	 * @return the count
	 */
	int size() {
		return this.size;
	}

	/**
	 * Scratches for any thread: a thread takes the one in its slot, or a new one when
	 * another thread holds it, and gives it back after use.
	 */
	static final class Pool {

		private final AtomicReferenceArray<ByteScratch> slots = new AtomicReferenceArray<>(SLOTS);

		ByteScratch take() {
			ByteScratch scratch = this.slots.getAndSet(slot(), null);
			return (scratch != null) ? scratch : new ByteScratch();
		}

		void give(ByteScratch scratch) {
			if (scratch.bytes.length > RETAINED) {
				return;
			}
			scratch.size = 0;
			this.slots.lazySet(slot(), scratch);
		}

		private static int slot() {
			return System.identityHashCode(Thread.currentThread()) & (SLOTS - 1);
		}

	}

}
