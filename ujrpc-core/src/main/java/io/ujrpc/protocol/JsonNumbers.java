package io.ujrpc.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Fast paths for reading and writing doubles in JSON text, each exact where it answers
 * and declining otherwise, so that the caller's exact path keeps the last word.
 * <p>
 * Reading uses Clinger's observation: a decimal with at most 15 significant digits is an
 * integer below 2<sup>53</sup>, which a double holds exactly, as it holds every power of
 * ten up to 10<sup>22</sup>; one correctly rounded multiplication or division of the two
 * is then the correctly rounded value of the decimal, the value any correct parser
 * returns.
 * <p>
 * Writing answers for doubles whose shortest decimal has at most 15 significant digits
 * and that {@link Double#toString(double)} (JDK 19 and later, the same text as Jackson's
 * fast double writer on every JDK) writes without an exponent, from 10<sup>-3</sup> up to
 * 10<sup>7</sup>: their digits are found with one multiplication, one rounding and one
 * division that checks the decimal found rounds back to the double.
 */
final class JsonNumbers {

	/** Powers of ten a double holds exactly. */
	private static final double[] POWERS = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
			1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };

	/** The most significant digits read or written by the fast paths. */
	private static final int DIGITS = 15;

	private static final long TEN_TO_THE_DIGITS = 1_000_000_000_000_000L;

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private static final long ASCII_ZEROS = 0x3030303030303030L;

	/** The longest text {@link #write} writes: sign, "0.00" and 15 digits. */
	static final int MAX_LENGTH = 24;

	private JsonNumbers() {
	}

	/**
	 * Read a well-formed JSON number with a fraction or an exponent.
	 * @param bytes the text
	 * @param from where the number starts
	 * @param to where it ends
	 * @return its correctly rounded value, or {@code NaN} when the fast path does not
	 * apply (more than 15 significant digits, an exponent of more than three digits, or a
	 * power of ten beyond 10<sup>22</sup>)
	 */
	static double read(byte[] bytes, int from, int to) {
		int p = from;
		boolean negative = bytes[p] == '-';
		if (negative) {
			p++;
		}
		long significand = 0;
		int digits = 0;
		int scale = 0;
		int c = 0;
		while (p < to && (c = bytes[p] - '0') >= 0 && c <= 9) {
			significand = significand * 10 + c;
			digits += (significand != 0) ? 1 : 0;
			p++;
		}
		if (p < to && bytes[p] == '.') {
			p++;
			while (p < to && (c = bytes[p] - '0') >= 0 && c <= 9) {
				significand = significand * 10 + c;
				digits += (significand != 0) ? 1 : 0;
				scale++;
				p++;
			}
		}
		if (digits > DIGITS) {
			return Double.NaN;
		}
		int exponent = 0;
		if (p < to) {
			// An exponent, the number being well-formed.
			p++;
			boolean negativeExponent = bytes[p] == '-';
			if (negativeExponent || bytes[p] == '+') {
				p++;
			}
			if (to - p > 3) {
				return Double.NaN;
			}
			while (p < to) {
				exponent = exponent * 10 + (bytes[p++] - '0');
			}
			if (negativeExponent) {
				exponent = -exponent;
			}
		}
		if (significand == 0) {
			// Every digit zero: a zero of the number's sign, whatever the exponent.
			return negative ? -0.0 : 0.0;
		}
		exponent -= scale;
		double value;
		if (exponent >= 0) {
			if (exponent >= POWERS.length) {
				return Double.NaN;
			}
			value = significand * POWERS[exponent];
		}
		else {
			if (-exponent >= POWERS.length) {
				return Double.NaN;
			}
			value = significand / POWERS[-exponent];
		}
		return negative ? -value : value;
	}

	/**
	 * Write a double as {@link Double#toString(double)} writes it on JDK 19 and later,
	 * when the fast path applies.
	 * @param value the double
	 * @param out where to write, with room for {@link #MAX_LENGTH} bytes from
	 * {@code position}, all of which may be overwritten
	 * @param position where to write
	 * @return the position after the text, or -1 when nothing was written
	 */
	static int write(double value, byte[] out, int position) {
		double magnitude = Math.abs(value);
		if (!(magnitude >= 1e-3 && magnitude < 1e7)) {
			return -1;
		}
		// Integer digits: 10^(n-1) <= magnitude < 10^n, n from -2 to 7. The doubles
		// nearest 10^-3, 10^-2 and 10^-1 lie above them, so comparing with them is exact.
		int integerDigits;
		if (magnitude >= 1) {
			integerDigits = 1 + ((magnitude >= 1e1) ? 1 : 0) + ((magnitude >= 1e2) ? 1 : 0)
					+ ((magnitude >= 1e3) ? 1 : 0) + ((magnitude >= 1e4) ? 1 : 0) + ((magnitude >= 1e5) ? 1 : 0)
					+ ((magnitude >= 1e6) ? 1 : 0);
		}
		else if (magnitude >= 0.1) {
			integerDigits = 0;
		}
		else if (magnitude >= 0.01) {
			integerDigits = -1;
		}
		else {
			integerDigits = -2;
		}
		// The 15-digit decimal nearest the double: the only one that can round to it, as
		// 15-digit decimals lie further apart than two doubles; the shortest decimal
		// that rounds to the double, when it has at most 15 digits, is this one without
		// its trailing zeros.
		int scale = DIGITS - integerDigits;
		double power = POWERS[scale];
		long significand = (long) Math.rint(magnitude * power);
		if (significand >= TEN_TO_THE_DIGITS || significand / power != magnitude) {
			return -1;
		}
		// Seven digits and eight, in byte lanes, the first digit lowest (little-endian).
		int high = (int) (significand / 100_000_000L);
		long highDigits = eightDigits(high) >>> 8;
		long lowDigits = eightDigits((int) (significand - high * 100_000_000L));
		int zeros = Long.numberOfLeadingZeros(lowDigits) >>> 3;
		if (zeros == 8) {
			// The first digit is not zero.
			zeros += Long.numberOfLeadingZeros(highDigits << 8) >>> 3;
		}
		int p = position;
		if (value < 0) {
			out[p++] = '-';
		}
		if (integerDigits <= 0) {
			out[p++] = '0';
			out[p++] = '.';
			for (int i = integerDigits; i < 0; i++) {
				out[p++] = '0';
			}
			// The eighth byte of the first store is overwritten by the second.
			LONGS.set(out, p, highDigits | ASCII_ZEROS);
			LONGS.set(out, p + 7, lowDigits | ASCII_ZEROS);
			return p + DIGITS - zeros;
		}
		// The point after the integer digits, all among the first seven; at least one
		// digit after it.
		long highText = highDigits | ASCII_ZEROS;
		int shift = integerDigits << 3;
		long integer = (1L << shift) - 1;
		LONGS.set(out, p, (highText & integer) | ((long) '.' << shift) | ((highText & ~integer) << 8));
		LONGS.set(out, p + 8, lowDigits | ASCII_ZEROS);
		return p + DIGITS + 1 - Math.min(zeros, DIGITS - integerDigits - 1);
	}

	/*
	 * The eight decimal digits of a value below 10^8, one byte each, the most significant
	 * in the lowest byte: two four-digit halves in 32-bit lanes, split in 16-bit lanes by
	 * a multiplication that divides each by 100, then in bytes by one that divides each
	 * by 10 (exact below 10,000 and below 100).
	 */
	private static long eightDigits(int value) {
		int upper = value / 10_000;
		long halves = upper | ((long) (value - upper * 10_000) << 32);
		long hundreds = ((halves * 10_486) >>> 20) & 0x0000_007F_0000_007FL;
		long pairs = hundreds | ((halves - hundreds * 100) << 16);
		long tens = ((pairs * 103) >>> 10) & 0x000F_000F_000F_000FL;
		return tens | ((pairs - tens * 10) << 8);
	}

}
