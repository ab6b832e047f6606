package io.ujrpc.protocol;

import java.io.CharConversionException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Checks that bytes are well-formed UTF-8 (Unicode 15, table 3-7) before Jackson reads
 * them: Jackson's UTF-8 decoder accepts overlong forms ({@code C0 AF} for {@code /}) and
 * code points above U+10FFFF, so that {@code "pin\xC1\xA7"} would be read as
 * {@code "ping"}. A NUL byte is refused too: it cannot occur in UTF-8 JSON text (outside
 * a string it is not JSON, inside one it is an unescaped control character), and refusing
 * it keeps Jackson from detecting UTF-16 or UTF-32 input, which RFC 8259 section 8.1 does
 * not allow between systems.
 */
final class Utf8 {

	/** What {@link #scan} returns for a malformed sequence. */
	static final int MALFORMED = -1;

	private Utf8() {
	}

	/**
	 * Whether a whole text is well-formed.
	 * @param bytes the array
	 * @param offset where the text starts
	 * @param length the text's length
	 * @return {@code true} when it is well-formed UTF-8 without NUL bytes
	 */
	static boolean isWellFormed(byte[] bytes, int offset, int length) {
		return scan(bytes, offset, offset + length, 0) == 0;
	}

	/**
	 * Scan a chunk of a text, carrying the state of a sequence split between chunks.
	 * @param bytes the array
	 * @param from the first byte to scan
	 * @param to the end of the chunk
	 * @param state {@code 0} at the start of a text, else what the previous chunk
	 * returned
	 * @return {@code 0} when the chunk ends between sequences, {@link #MALFORMED}, or the
	 * state of the sequence left open
	 */
	static int scan(byte[] bytes, int from, int to, int state) {
		int i = from;
		while (i < to) {
			if (state == 0) {
				// ASCII, the common case, in a tight loop.
				while (i < to && bytes[i] > 0) {
					i++;
				}
				if (i == to) {
					return 0;
				}
			}
			state = step(state, bytes[i++] & 0xff);
			if (state == MALFORMED) {
				return MALFORMED;
			}
		}
		return state;
	}

	/**
	 * Take one byte.
	 * @param state the state before the byte, not {@link #MALFORMED}
	 * @param value the byte, 0 to 255
	 * @return the state after it
	 */
	static int step(int state, int value) {
		if (state != 0) {
			if (value < ((state >>> 8) & 0xff) || value > (state >>> 16)) {
				return MALFORMED;
			}
			int remaining = (state & 0x3) - 1;
			return (remaining == 0) ? 0 : pending(remaining, 0x80, 0xbf);
		}
		if (value > 0 && value < 0x80) {
			return 0;
		}
		if (value < 0xc2 || value > 0xf4) {
			// NUL, a stray continuation byte, an overlong two-byte lead, or a lead above
			// U+10FFFF.
			return MALFORMED;
		}
		if (value < 0xe0) {
			return pending(1, 0x80, 0xbf);
		}
		if (value < 0xf0) {
			// E0 would be overlong below A0; ED A0..BF would be a surrogate.
			return pending(2, (value == 0xe0) ? 0xa0 : 0x80, (value == 0xed) ? 0x9f : 0xbf);
		}
		// F0 would be overlong below 90; F4 above 8F is over U+10FFFF.
		return pending(3, (value == 0xf0) ? 0x90 : 0x80, (value == 0xf4) ? 0x8f : 0xbf);
	}

	private static int pending(int remaining, int low, int high) {
		return remaining | (low << 8) | (high << 16);
	}

	/**
	 * Wraps a stream so that reading a malformed sequence, or a stream that ends inside
	 * one, fails with an {@link IOException}. Closing it leaves the wrapped stream open;
	 * marking and resetting it mark and reset the wrapped stream and the check's state.
	 */
	static final class CheckedInputStream extends FilterInputStream {

		private int state;

		private int markedState;

		CheckedInputStream(InputStream in) {
			super(in);
		}

		@Override
		public int read() throws IOException {
			int value = this.in.read();
			if (value < 0) {
				checkEnd();
			}
			else {
				this.state = check(step(this.state, value));
			}
			return value;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int count = this.in.read(buffer, offset, length);
			if (count < 0) {
				checkEnd();
			}
			else {
				this.state = check(scan(buffer, offset, offset + count, this.state));
			}
			return count;
		}

		@Override
		public long skip(long count) throws IOException {
			// Skipped bytes are checked too: read them.
			byte[] buffer = new byte[(int) Math.min(count, 512)];
			long skipped = 0;
			while (skipped < count) {
				int read = read(buffer, 0, (int) Math.min(buffer.length, count - skipped));
				if (read < 0) {
					break;
				}
				skipped += read;
			}
			return skipped;
		}

		@Override
		public synchronized void mark(int readLimit) {
			this.in.mark(readLimit);
			this.markedState = this.state;
		}

		@Override
		public synchronized void reset() throws IOException {
			this.in.reset();
			this.state = this.markedState;
		}

		@Override
		public void close() {
			// The caller owns the wrapped stream.
		}

		private void checkEnd() throws IOException {
			if (this.state != 0) {
				throw new MalformedInputException("UTF-8 sequence cut short by the end of input");
			}
		}

		private static int check(int state) throws IOException {
			if (state == MALFORMED) {
				throw new MalformedInputException("malformed UTF-8");
			}
			return state;
		}

	}

	/**
	 * Malformed UTF-8 in a stream; without a stack trace, since it is the client's fault.
	 */
	static final class MalformedInputException extends CharConversionException {

		MalformedInputException(String message) {
			super(message);
		}

		@Override
		public synchronized Throwable fillInStackTrace() {
			return this;
		}

	}

}
