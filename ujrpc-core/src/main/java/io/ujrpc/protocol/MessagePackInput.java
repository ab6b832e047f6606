package io.ujrpc.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of one MessagePack document, read in place: an array, or the buffers a
 * request body arrived in (a direct buffer's memory included, which msgpack-core reaches
 * only with {@code --add-opens}), without copying the whole document first. Multi-byte
 * values are big-endian, as MessagePack writes them, and may be split between buffers.
 * <p>
 * Every read checks that the bytes are there: a document cut short is
 * {@link MessagePackTokens.Malformed}, never a read past its end.
 */
final class MessagePackInput {

	private static final ByteBuffer[] NONE = {};

	private final ByteBuffer[] buffers;

	/** The index of the buffer after the current one. */
	private int next;

	/** The buffer being read: never empty while bytes remain. */
	private ByteBuffer current;

	private long remaining;

	/** Where each buffer starts, to go back to a {@link #mark()}. */
	private final int[] starts;

	private MessagePackInput(ByteBuffer[] buffers) {
		this.buffers = buffers;
		this.starts = new int[buffers.length];
		long total = 0;
		for (int i = 0; i < buffers.length; i++) {
			// Duplicates: reading here moves no position of the caller's.
			buffers[i] = buffers[i].duplicate();
			this.starts[i] = buffers[i].position();
			total += buffers[i].remaining();
		}
		this.remaining = total;
		this.current = ByteBuffer.allocate(0);
		advance();
	}

	/**
	 * Read from an array.
	 * @param bytes the array
	 * @param offset where the document starts
	 * @param length its length
	 * @return the input
	 */
	static MessagePackInput of(byte[] bytes, int offset, int length) {
		return new MessagePackInput(new ByteBuffer[] { ByteBuffer.wrap(bytes, offset, length) });
	}

	/**
	 * Read from buffers, each from its position to its limit, in order; the buffers'
	 * positions are left as they are.
	 * @param buffers the buffers
	 * @return the input
	 */
	static MessagePackInput of(ByteBuffer... buffers) {
		return new MessagePackInput((buffers.length == 0) ? NONE : buffers.clone());
	}

	/**
	 * Return the bytes left.
	 * @return the count
	 */
	long remaining() {
		return this.remaining;
	}

	/**
	 * Mark the place read up to, to come back to it.
	 * @return the mark
	 */
	long mark() {
		// The bytes left say where: the input only moves forwards.
		return this.remaining;
	}

	/**
	 * Go back to a mark.
	 * @param mark what {@link #mark()} returned
	 */
	void reset(long mark) {
		for (int i = 0; i < this.buffers.length; i++) {
			this.buffers[i].position(this.starts[i]);
		}
		this.next = 0;
		this.current = ByteBuffer.allocate(0);
		long total = 0;
		for (ByteBuffer buffer : this.buffers) {
			total += buffer.remaining();
		}
		this.remaining = total;
		skip(total - mark);
	}

	private void skip(long count) {
		advance();
		long left = count;
		while (left > 0) {
			int step = (int) Math.min(left, this.current.remaining());
			this.current.position(this.current.position() + step);
			this.remaining -= step;
			left -= step;
			advance();
		}
	}

	private void advance() {
		while (!this.current.hasRemaining() && this.next < this.buffers.length) {
			this.current = this.buffers[this.next++];
		}
	}

	private void need(int count) {
		if (this.remaining < count) {
			throw new MessagePackTokens.Malformed("the input ends inside a value");
		}
		this.remaining -= count;
	}

	/**
	 * Read one byte.
	 * @return the byte, 0 to 255
	 */
	int readUnsignedByte() {
		need(1);
		int value = this.current.get() & 0xff;
		if (!this.current.hasRemaining()) {
			advance();
		}
		return value;
	}

	/**
	 * Read two bytes, big-endian.
	 * @return the value, 0 to 65535
	 */
	int readUnsignedShort() {
		if (this.current.remaining() > 2) {
			need(2);
			return this.current.getShort() & 0xffff;
		}
		return (readUnsignedByte() << 8) | readUnsignedByte();
	}

	/**
	 * Read four bytes, big-endian.
	 * @return the value
	 */
	int readInt() {
		if (this.current.remaining() > 4) {
			need(4);
			return this.current.getInt();
		}
		return (readUnsignedShort() << 16) | readUnsignedShort();
	}

	/**
	 * Read eight bytes, big-endian.
	 * @return the value
	 */
	long readLong() {
		if (this.current.remaining() > 8) {
			need(8);
			return this.current.getLong();
		}
		return ((long) readInt() << 32) | (readInt() & 0xffffffffL);
	}

	/**
	 * Read bytes into a new array: one copy from the input.
	 * @param length how many, already checked against {@link #remaining()}
	 * @return the bytes
	 */
	byte[] readBytes(int length) {
		need(length);
		byte[] bytes = new byte[length];
		int done = 0;
		while (done < length) {
			int chunk = Math.min(length - done, this.current.remaining());
			this.current.get(bytes, done, chunk);
			done += chunk;
			advance();
		}
		return bytes;
	}

	/**
	 * Read a UTF-8 string.
	 * @param length its length in bytes, already checked against {@link #remaining()}
	 * @return the string
	 * @throws MessagePackTokens.Malformed when the bytes are not well-formed UTF-8
	 */
	String readString(int length) {
		ByteBuffer current = this.current;
		if (current.hasArray() && current.remaining() >= length) {
			byte[] array = current.array();
			int offset = current.arrayOffset() + current.position();
			need(length);
			current.position(current.position() + length);
			advance();
			return utf8(array, offset, length);
		}
		return utf8(readBytes(length), 0, length);
	}

	private static String utf8(byte[] bytes, int offset, int length) {
		int end = offset + length;
		for (int i = offset; i < end; i++) {
			if (bytes[i] < 0) {
				return decode(bytes, offset, length);
			}
		}
		// ASCII, as the UTF-8 decoder reads it.
		return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
	}

	private static String decode(byte[] bytes, int offset, int length) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes, offset, length))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new MessagePackTokens.Malformed("a string that is not UTF-8");
		}
	}

}
