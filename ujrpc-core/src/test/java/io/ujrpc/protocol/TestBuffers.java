package io.ujrpc.protocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Bytes in buffers as a body arrives in them: split anywhere, heap and direct, some
 * empty, each starting past an offset.
 */
final class TestBuffers {

	private TestBuffers() {
	}

	/* The bytes in 1 to 5 buffers. */
	static ByteBuffer[] split(byte[] document, Random random) {
		int parts = 1 + random.nextInt(5);
		List<ByteBuffer> buffers = new ArrayList<>();
		int from = 0;
		for (int i = 0; i < parts; i++) {
			int to = (i == parts - 1) ? document.length : from + random.nextInt(document.length - from + 1);
			buffers.add(random.nextBoolean() ? direct(document, from, to - from)
					: ByteBuffer.wrap(document, from, to - from).slice());
			from = to;
		}
		return buffers.toArray(ByteBuffer[]::new);
	}

	/* A direct buffer holding the bytes from position 3. */
	static ByteBuffer direct(byte[] bytes, int offset, int length) {
		ByteBuffer buffer = ByteBuffer.allocateDirect(length + 3);
		buffer.position(3);
		buffer.put(bytes, offset, length);
		buffer.position(3);
		return buffer;
	}

}
