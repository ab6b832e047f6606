package io.ujrpc.benchmarks.loadgen;

import java.util.Arrays;

/**
 * A growable FIFO ring of primitive longs, so the hot path boxes nothing.
 */
final class LongQueue {

	private long[] elements = new long[16];

	private int head;

	private int size;

	void add(long value) {
		if (this.size == this.elements.length) {
			long[] grown = Arrays.copyOf(this.elements, this.elements.length * 2);
			// unwrap the ring: elements before head move behind the old end
			System.arraycopy(this.elements, 0, grown, this.elements.length, this.head);
			this.elements = grown;
		}
		this.elements[(this.head + this.size) & (this.elements.length - 1)] = value;
		this.size++;
	}

	long poll() {
		if (this.size == 0) {
			throw new IllegalStateException("queue is empty");
		}
		long value = this.elements[this.head];
		this.head = (this.head + 1) & (this.elements.length - 1);
		this.size--;
		return value;
	}

	int size() {
		return this.size;
	}

	boolean isEmpty() {
		return this.size == 0;
	}

}
