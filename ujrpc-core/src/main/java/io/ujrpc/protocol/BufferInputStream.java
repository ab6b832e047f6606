package io.ujrpc.protocol;

import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * The bytes of buffers as a stream, each buffer from its position to its limit, in order,
 * without moving their positions: for a parser that reads from a stream into a buffer of
 * its own, so that a body held in direct buffers is not first copied whole.
 */
final class BufferInputStream extends InputStream {

	private final ByteBuffer[] buffers;

	private int index;

	BufferInputStream(ByteBuffer[] buffers) {
		this.buffers = new ByteBuffer[buffers.length];
		for (int i = 0; i < buffers.length; i++) {
			this.buffers[i] = buffers[i].duplicate();
		}
	}

	private ByteBuffer current() {
		while (this.index < this.buffers.length && !this.buffers[this.index].hasRemaining()) {
			this.index++;
		}
		return (this.index < this.buffers.length) ? this.buffers[this.index] : null;
	}

	@Override
	public int read() {
		ByteBuffer current = current();
		return (current != null) ? current.get() & 0xff : -1;
	}

	@Override
	public int read(byte[] bytes, int offset, int length) {
		if (length == 0) {
			return 0;
		}
		ByteBuffer current = current();
		if (current == null) {
			return -1;
		}
		int count = Math.min(length, current.remaining());
		current.get(bytes, offset, count);
		return count;
	}

	@Override
	public int available() {
		ByteBuffer current = current();
		return (current != null) ? current.remaining() : 0;
	}

}
