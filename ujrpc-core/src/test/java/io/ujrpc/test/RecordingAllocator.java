package io.ujrpc.test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;

/**
 * Hands out heap buffers (direct ones too) and keeps every one, so that a test can check
 * what a handler allocated, how far its buffers grew, and that each was released.
 */
public final class RecordingAllocator extends AbstractByteBufAllocator {

	private final List<ByteBuf> buffers = new ArrayList<>();

	private int largestCapacity;

	public RecordingAllocator() {
		super(false);
	}

	@Override
	protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
		ByteBuf buffer = new RecordingBuffer(this, initialCapacity, maxCapacity);
		this.buffers.add(buffer);
		return buffer;
	}

	@Override
	protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
		return newHeapBuffer(initialCapacity, maxCapacity);
	}

	@Override
	public boolean isDirectBufferPooled() {
		return false;
	}

	/**
	 * Return every buffer handed out so far, in order.
	 * @return the buffers
	 */
	public List<ByteBuf> buffers() {
		return Collections.unmodifiableList(this.buffers);
	}

	/**
	 * Return the largest capacity any buffer had, when allocated or after growing.
	 * @return the capacity in bytes
	 */
	public int largestCapacity() {
		return this.largestCapacity;
	}

	private void record(int capacity) {
		this.largestCapacity = Math.max(this.largestCapacity, capacity);
	}

	private static final class RecordingBuffer extends UnpooledHeapByteBuf {

		RecordingBuffer(RecordingAllocator allocator, int initialCapacity, int maxCapacity) {
			super(allocator, initialCapacity, maxCapacity);
			allocator.record(initialCapacity);
		}

		@Override
		public ByteBuf capacity(int newCapacity) {
			((RecordingAllocator) alloc()).record(newCapacity);
			return super.capacity(newCapacity);
		}

	}

}
