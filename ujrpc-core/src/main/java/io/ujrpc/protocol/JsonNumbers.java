package io.ujrpc.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;

/**
 * Fast paths for reading and writing doubles in JSON text, each exact where it answers
 * and declining otherwise, so that the caller's exact path keeps the last word.
 * <p>
 * Reading takes decimals of at most 19 significant digits, whose significand an unsigned
 * long holds. Clinger's observation comes first: a significand below 2<sup>53</sup> is an
 * integer a double holds exactly, as it holds every power of ten up to 10<sup>22</sup>;
 * one correctly rounded multiplication or division of the two is then the correctly
 * rounded value of the decimal. Other decimals with a decimal exponent (the significand
 * an integer) from {@value #MIN_EXPONENT} to {@value #MAX_EXPONENT} are read by the
 * Eisel&ndash;Lemire algorithm (Lemire, "Number Parsing at a Gigabyte per Second", 2021):
 * the significand times a 128-bit truncation of the power of five, which declines where
 * the truncation leaves the rounding undecided: for decimals exactly halfway between two
 * doubles, and for decimals with a fraction a double holds exactly (such as
 * 1.500000000000000000), their significand from 2<sup>53</sup>.
 * <p>
 * Writing answers for every finite double that {@link Double#toString(double)} (JDK 19
 * and later, the same text as Jackson's fast double writer on every JDK) writes without
 * an exponent, from 10<sup>-3</sup> up to 10<sup>7</sup>, with the same digits: the
 * shortest decimal that rounds to the double, the one closest to it among those. Doubles
 * whose shortest decimal has at most 15 digits are found with one multiplication, one
 * rounding and one division that checks the decimal rounds back to the double; the others
 * by Giulietti's Schubfach algorithm ("The Schubfach way to render doubles", 2020, the
 * one in the JDK since 19) with 126-bit powers of ten.
 */
final class JsonNumbers {

	/** Powers of ten a double holds exactly. */
	private static final double[] POWERS = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
			1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };

	/** The most significant digits written by the short path. */
	private static final int DIGITS = 15;

	/** The most significant digits read: an unsigned long holds any such significand. */
	private static final int READ_DIGITS = 19;

	private static final long TEN_TO_THE_DIGITS = 1_000_000_000_000_000L;

	private static final long TEN_TO_THE_16 = 10_000_000_000_000_000L;

	/** The least decimal exponent read by Eisel&ndash;Lemire. */
	static final int MIN_EXPONENT = -64;

	/** The greatest decimal exponent read by Eisel&ndash;Lemire. */
	static final int MAX_EXPONENT = 64;

	/*
	 * For each decimal exponent q from MIN_EXPONENT, the power of five 5^q scaled by a
	 * power of two into [2^127, 2^128) and truncated: high and low halves, side by side.
	 */
	private static final long[] FIVES = new long[2 * (MAX_EXPONENT - MIN_EXPONENT + 1)];

	/*
	 * For each decimal exponent q, floor(log2(10^q)) plus the double's exponent bias and
	 * the 63 a significand normalized to 64 bits adds.
	 */
	private static final int[] BINARY_EXPONENTS = new int[MAX_EXPONENT - MIN_EXPONENT + 1];

	/** The least biased binary exponent of a double from 10^-3 up. */
	private static final int MIN_BIASED = Math.getExponent(1e-3) + Double.MAX_EXPONENT;

	/** The greatest biased binary exponent of a double below 10^7. */
	private static final int MAX_BIASED = Math.getExponent(1e7) + Double.MAX_EXPONENT;

	/*
	 * Schubfach's parameters for each biased exponent from MIN_BIASED, twice: for a
	 * double with its rounding interval centred on it, then for a power of two, whose
	 * interval reaches half as far below: the decimal exponent k of the interval's scale,
	 * the shift h that aligns the significand with the power of ten, and the power 10^-k
	 * scaled into [2^125, 2^126), plus one, in two 63-bit halves.
	 */
	private static final int[] SCALES = new int[2 * (MAX_BIASED - MIN_BIASED + 1)];

	private static final int[] SHIFTS = new int[SCALES.length];

	private static final long[] TENS = new long[2 * SCALES.length];

	private static final long MASK_63 = Long.MAX_VALUE;

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private static final long ASCII_ZEROS = 0x3030303030303030L;

	/**
	 * The longest text {@link #write} writes, with the scratch bytes it may overwrite
	 * after it: sign, "0.00" and 17 digits; the longest text of Jackson's double writer
	 * too.
	 */
	static final int MAX_LENGTH = 24;

	static {
		BigInteger five = BigInteger.valueOf(5);
		for (int q = MIN_EXPONENT; q <= MAX_EXPONENT; q++) {
			BigInteger power = five.pow(Math.abs(q));
			int bits = power.bitLength();
			BigInteger scaled;
			int log2;
			if (q >= 0) {
				scaled = (bits <= 128) ? power.shiftLeft(128 - bits) : power.shiftRight(bits - 128);
				log2 = bits - 1;
			}
			else {
				// 2^(bits-1) < 5^-q < 2^bits: the quotient lies in (2^127, 2^128).
				scaled = BigInteger.ONE.shiftLeft(127 + bits).divide(power);
				log2 = -bits;
			}
			int i = q - MIN_EXPONENT;
			FIVES[2 * i] = scaled.shiftRight(64).longValue();
			FIVES[2 * i + 1] = scaled.longValue();
			BINARY_EXPONENTS[i] = q + log2 + Double.MAX_EXPONENT + 63;
		}
		for (int biased = MIN_BIASED; biased <= MAX_BIASED; biased++) {
			int q = biased - Double.MAX_EXPONENT - 52;
			// The interval's width 2^q, or 3/4 of it for a power of two, and the
			// greatest power of ten not above it: 10^-j <= a / 2^n, with n > 0.
			for (int power2 = 0; power2 < 2; power2++) {
				BigInteger width = BigInteger.valueOf((power2 == 0) ? 1 : 3);
				BigInteger two = BigInteger.ONE.shiftLeft((power2 == 0) ? -q : 2 - q);
				int j = 0;
				while (width.multiply(BigInteger.TEN.pow(j)).compareTo(two) < 0) {
					j++;
				}
				BigInteger ten = BigInteger.TEN.pow(j);
				int log2 = ten.bitLength() - 1;
				BigInteger g = ten.shiftLeft(125 - log2).add(BigInteger.ONE);
				int e = 2 * (biased - MIN_BIASED) + power2;
				SCALES[e] = -j;
				SHIFTS[e] = q + log2 + 2;
				TENS[2 * e] = g.shiftRight(63).longValue();
				TENS[2 * e + 1] = g.longValue() & MASK_63;
			}
		}
	}

	private JsonNumbers() {
	}

	/**
	 * Read a well-formed JSON number with a fraction or an exponent.
	 * @param bytes the text
	 * @param from where the number starts
	 * @param to where it ends
	 * @return its correctly rounded value, or {@code NaN} when the fast path does not
	 * apply (more than 19 significant digits, an exponent of more than three digits, a
	 * decimal exponent beyond {@value #MIN_EXPONENT} to {@value #MAX_EXPONENT} where
	 * Clinger's path does not apply, or a rounding the Eisel&ndash;Lemire algorithm
	 * leaves undecided)
	 */
	static double read(byte[] bytes, int from, int to) {
		int p = from;
		boolean negative = bytes[p] == '-';
		if (negative) {
			p++;
		}
		long significand = 0;
		int start = p;
		int c = 0;
		while (p < to && (c = bytes[p] - '0') >= 0 && c <= 9) {
			significand = significand * 10 + c;
			p++;
		}
		// JSON's integer part is a single zero or starts with another digit.
		int digits = (bytes[start] == '0') ? 0 : p - start;
		int scale = 0;
		if (p < to && bytes[p] == '.') {
			p++;
			int fraction = p;
			if (digits == 0) {
				while (p < to && bytes[p] == '0') {
					p++;
				}
			}
			int first = p;
			while (to - p >= 8) {
				long eight = (long) LONGS.get(bytes, p);
				if (!isEightDigits(eight)) {
					break;
				}
				significand = significand * 100_000_000L + eightDigitsValue(eight);
				p += 8;
			}
			while (p < to && (c = bytes[p] - '0') >= 0 && c <= 9) {
				significand = significand * 10 + c;
				p++;
			}
			scale = p - fraction;
			digits += p - first;
		}
		if (digits > READ_DIGITS) {
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
		if ((significand >>> 53) != 0 || exponent < -22 || exponent > 22) {
			return eiselLemire(significand, exponent, negative);
		}
		double value = (exponent >= 0) ? significand * POWERS[exponent] : significand / POWERS[-exponent];
		return negative ? -value : value;
	}

	/*
	 * The double nearest significand * 10^exponent (an unsigned significand, not zero),
	 * or NaN when the 128-bit power of five leaves its rounding undecided.
	 */
	private static double eiselLemire(long significand, int exponent, boolean negative) {
		if (exponent < MIN_EXPONENT || exponent > MAX_EXPONENT) {
			return Double.NaN;
		}
		int i = exponent - MIN_EXPONENT;
		int zeros = Long.numberOfLeadingZeros(significand);
		long normalized = significand << zeros;
		// The truncated power is below 5^q by less than one unit of its last bit, so the
		// exact product lies below the one computed plus normalized, in units of the
		// product's last word: a carry into the bits kept, 54 from the leading one (53
		// and a rounding bit), can come only through the bits below them all ones.
		long high = FIVES[2 * i];
		long upper = unsignedMultiplyHigh(normalized, high);
		long lower = normalized * high;
		int top = (int) (upper >>> 63);
		long below = (1L << (top + 9)) - 1;
		if ((upper & below) == below && Long.compareUnsigned(lower + normalized, normalized) < 0) {
			// What the low half of the power adds may carry into the bits kept.
			long low = FIVES[2 * i + 1];
			long carried = unsignedMultiplyHigh(normalized, low);
			long rest = normalized * low;
			lower += carried;
			upper += (Long.compareUnsigned(lower, carried) < 0) ? 1 : 0;
			top = (int) (upper >>> 63);
			below = (1L << (top + 9)) - 1;
			if ((upper & below) == below && lower == -1 && Long.compareUnsigned(rest + normalized, normalized) < 0) {
				return Double.NaN;
			}
		}
		long bits = upper >>> (top + 9);
		if (lower == 0 && (upper & below) == 0 && (bits & 3) == 1) {
			// Halfway between two doubles as far as the product shows, ties going down:
			// what it does not show may be above.
			return Double.NaN;
		}
		int biased = BINARY_EXPONENTS[i] + top - zeros;
		bits = (bits + (bits & 1)) >>> 1;
		if ((bits >>> 53) != 0) {
			bits >>>= 1;
			biased++;
		}
		if (biased <= 0 || biased >= 0x7FF) {
			// Subnormal or beyond a double's range (not for the exponents in the table).
			return Double.NaN;
		}
		bits = ((long) biased << 52) | (bits & ((1L << 52) - 1));
		return Double.longBitsToDouble(negative ? bits | Long.MIN_VALUE : bits);
	}

	private static long unsignedMultiplyHigh(long x, long y) {
		return Math.multiplyHigh(x, y) + ((x >> 63) & y) + ((y >> 63) & x);
	}

	/* Whether eight bytes, in a little-endian long, are all ASCII digits. */
	private static boolean isEightDigits(long eight) {
		// The high nibble of each byte 3, and still 3 with 6 added: '0' to '9'.
		return (((eight & 0xF0F0F0F0F0F0F0F0L) ^ ASCII_ZEROS)
				| (((eight + 0x0606060606060606L) & 0xF0F0F0F0F0F0F0F0L) ^ ASCII_ZEROS)) == 0;
	}

	/*
	 * The value of eight ASCII digits, the first in the lowest byte: pairs of digits in
	 * 16-bit lanes, then fours in 32-bit lanes, then the two fours.
	 */
	private static long eightDigitsValue(long eight) {
		long digits = eight - ASCII_ZEROS;
		long pairs = (digits * 10 + (digits >>> 8)) & 0x00FF00FF00FF00FFL;
		long fours = (pairs * 100 + (pairs >>> 16)) & 0x0000FFFF0000FFFFL;
		return (fours & 0xFFFFFFFFL) * 10_000 + (fours >>> 32);
	}

	/**
	 * Write a double as {@link Double#toString(double)} writes it on JDK 19 and later,
	 * when the fast path applies.
	 * @param value the double
	 * @param out where to write, with room for {@link #MAX_LENGTH} bytes from
	 * {@code position}, all of which may be overwritten
	 * @param position where to write
	 * @return the position after the text, or -1 when nothing was written (a double
	 * outside [10<sup>-3</sup>, 10<sup>7</sup>), in magnitude, or not finite)
	 */
	static int write(double value, byte[] out, int position) {
		double magnitude = Math.abs(value);
		if (!(magnitude >= 1e-3 && magnitude < 1e7)) {
			return -1;
		}
		int end = writeShort(value, magnitude, out, position);
		return (end >= 0) ? end : writeShortest(value, magnitude, out, position);
	}

	/*
	 * The short path: the double's shortest decimal when it has at most 15 digits, or -1
	 * when it has more.
	 */
	private static int writeShort(double value, double magnitude, byte[] out, int position) {
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
	 * Schubfach: with k the greatest decimal exponent such that 10^k is at most the width
	 * of the double's rounding interval, the interval holds one decimal or two of the
	 * form d * 10^k and at most one of the form d * 10^(k+1). The one of the coarser
	 * form, when there is one, is the shortest; else the one of the finer form, or of two
	 * the closer to the double (the even one on a tie). The double and the interval's
	 * ends, in quarters of 10^k, are rounded to odd from 126-bit products, which keeps
	 * every comparison with those decimals exact.
	 */
	private static int writeShortest(double value, double magnitude, byte[] out, int position) {
		long bits = Double.doubleToRawLongBits(magnitude);
		long fraction = bits & ((1L << 52) - 1);
		long significand = fraction | (1L << 52);
		int e = 2 * ((int) (bits >>> 52) - MIN_BIASED) + ((fraction == 0) ? 1 : 0);
		int shift = SHIFTS[e];
		long g1 = TENS[2 * e];
		long g0 = TENS[2 * e + 1];
		// An odd significand's interval leaves out its ends: ties round to even.
		int open = (int) significand & 1;
		long centre = significand << 2;
		long scaled = roundToOdd(g1, g0, centre << shift);
		long below = roundToOdd(g1, g0, (centre - ((fraction == 0) ? 1 : 2)) << shift);
		long above = roundToOdd(g1, g0, (centre + 2) << shift);
		long s = scaled >> 2;
		long coarse = s / 10 * 10;
		boolean coarseIn = below + open <= coarse << 2;
		boolean nextCoarseIn = ((coarse + 10) << 2) + open <= above;
		long decimal;
		if (coarseIn != nextCoarseIn) {
			decimal = coarseIn ? coarse : coarse + 10;
		}
		else {
			boolean sIn = below + open <= s << 2;
			boolean nextIn = ((s + 1) << 2) + open <= above;
			if (sIn != nextIn) {
				decimal = sIn ? s : s + 1;
			}
			else {
				long distance = scaled - ((2 * s + 1) << 1);
				decimal = (distance < 0 || (distance == 0 && (s & 1) == 0)) ? s : s + 1;
			}
		}
		return writeDigits(value < 0, decimal, SCALES[e], out, position);
	}

	/*
	 * scaled * (g1 * 2^63 + g0) / 2^127, rounded to odd: its integer part, the last bit
	 * set when a fraction was dropped.
	 */
	private static long roundToOdd(long g1, long g0, long scaled) {
		long low = Math.multiplyHigh(g0, scaled);
		long middle = g1 * scaled;
		long high = Math.multiplyHigh(g1, scaled);
		// The fraction in units of 2^-63, its carry going to the integer part.
		long sum = (middle >>> 1) + low;
		return (high + (sum >>> 63)) | (((sum & MASK_63) + MASK_63) >>> 63);
	}

	/*
	 * Write decimal * 10^exponent, a decimal of 16 or 17 digits from 10^-3 below 10^7,
	 * without its trailing zeros but with a digit after the point.
	 */
	private static int writeDigits(boolean negative, long decimal, int exponent, byte[] out, int position) {
		// Seventeen digits: the first, then eight and eight in byte lanes (first lowest).
		long digits = decimal;
		int point = exponent + 17;
		if (digits < TEN_TO_THE_16) {
			digits *= 10;
			point--;
		}
		int first = (int) (digits / TEN_TO_THE_16);
		long rest = digits - first * TEN_TO_THE_16;
		int high = (int) (rest / 100_000_000L);
		long highDigits = eightDigits(high);
		long lowDigits = eightDigits((int) (rest - high * 100_000_000L));
		int zeros = Long.numberOfLeadingZeros(lowDigits) >>> 3;
		if (zeros == 8) {
			zeros += Long.numberOfLeadingZeros(highDigits) >>> 3;
		}
		int length = 17 - zeros;
		int p = position;
		if (negative) {
			out[p++] = '-';
		}
		long highText = highDigits | ASCII_ZEROS;
		long lowText = lowDigits | ASCII_ZEROS;
		if (point <= 0) {
			// "0.", up to two zeros, then the digits.
			out[p] = '0';
			out[p + 1] = '.';
			out[p + 2] = '0';
			out[p + 3] = '0';
			int d = p + 2 - point;
			out[d] = (byte) ('0' + first);
			LONGS.set(out, d + 1, highText);
			LONGS.set(out, d + 9, lowText);
			return d + length;
		}
		// The digits one byte on, then the first eight stored again with the point after
		// the integer digits (at most seven), the bytes after it one further on.
		out[p + 1] = (byte) ('0' + first);
		LONGS.set(out, p + 2, highText);
		LONGS.set(out, p + 10, lowText);
		long firstEight = ('0' + first) | (highText << 8);
		int bitsBefore = point << 3;
		long integer = (1L << bitsBefore) - 1;
		LONGS.set(out, p, (firstEight & integer) | ((long) '.' << bitsBefore) | ((firstEight & ~integer) << 8));
		return (length <= point) ? p + point + 2 : p + length + 1;
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
