package io.ujrpc.protocol;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import tools.jackson.core.io.NumberOutput;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JsonNumbers}: every double the fast paths answer for is the one the
 * exact paths give.
 */
class JsonNumbersTests {

	private static final double[] EDGES = { 1e-3, Math.nextDown(1e-3), Math.nextUp(1e-3), 1e7, Math.nextDown(1e7), 0.01,
			Math.nextDown(0.01), Math.nextUp(0.01), 0.1, Math.nextDown(0.1), Math.nextUp(0.1), 1.0, Math.nextDown(1.0),
			Math.nextUp(1.0), 10.0, Math.nextDown(10.0), 100.0, 1000.0, 1e4, 1e5, 1e6, Math.nextDown(1e6), 9999999.0,
			9999999.999999998, 0.30000000000000004, 0.3, 4.35, 2.675, 8191.508191, 0.25, 1.25, 8191.25,
			123456.789012345, 1234567.89012345, 0.00123456789012345, 999999.999999999, 9.99999999999999, 0.0, -0.0,
			Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, 5e-324, 1e-320, 1.7976931348623157e308, 1e23, 1e22,
			2e-3, 9.5367431640625e-7, 0.1 + 0.2, 1.0 / 3, 2.0 / 3, 100.0 / 7 };

	@Test
	void writesDoublesAsDoubleToStringOnRandomBits() {
		SplittableRandom random = new SplittableRandom(10);
		byte[] out = new byte[JsonNumbers.MAX_LENGTH];
		int fast = 0;
		for (int i = 0; i < 4_000_000; i++) {
			double value = Double.longBitsToDouble(random.nextLong());
			fast += checkWrite(value, out) ? 1 : 0;
		}
		for (int i = 0; i < 3_000_000; i++) {
			// Within the plain range, any bits.
			double value = (random.nextBoolean() ? 1 : -1) * Math.pow(10, random.nextDouble(-3, 7));
			fast += checkWrite(value, out) ? 1 : 0;
		}
		assertThat(fast).isGreaterThan(0);
	}

	@Test
	void writesShortDecimalsAsDoubleToString() {
		SplittableRandom random = new SplittableRandom(11);
		byte[] out = new byte[JsonNumbers.MAX_LENGTH];
		int fast = 0;
		for (int i = 0; i < 4_000_000; i++) {
			int digits = random.nextInt(1, 18);
			long significand = random.nextLong(1, pow10(digits));
			int exponent = random.nextInt(-digits - 4, 9);
			double value = Double.parseDouble(significand + "E" + exponent);
			fast += checkWrite(value, out) ? 1 : 0;
			fast += checkWrite(-value, out) ? 1 : 0;
		}
		for (double edge : EDGES) {
			checkWrite(edge, out);
			checkWrite(-edge, out);
		}
		assertThat(fast).isGreaterThan(2_000_000);
	}

	@Test
	void readsDecimalsAsDoubleParseDouble() {
		SplittableRandom random = new SplittableRandom(12);
		int fast = 0;
		for (int i = 0; i < 3_000_000; i++) {
			int digits = random.nextInt(1, 19);
			long significand = random.nextLong(0, pow10(digits));
			String integer = Long.toString(significand);
			int point = random.nextInt(0, integer.length());
			String text = ((point == 0) ? "0" : integer.substring(0, point)) + "."
					+ ((point == integer.length()) ? "0" : integer.substring(point));
			if (random.nextInt(3) == 0) {
				String e = random.nextBoolean() ? "e" : "E";
				String sign = switch (random.nextInt(3)) {
					case 0 -> "-";
					case 1 -> "+";
					default -> "";
				};
				text = (random.nextBoolean() ? text : integer) + e + sign + random.nextInt(0, 40);
			}
			fast += checkRead(text) ? 1 : 0;
			fast += checkRead("-" + text) ? 1 : 0;
		}
		for (double edge : EDGES) {
			checkRead(Double.toString(edge));
			checkRead(String.format(Locale.ROOT, "%.17g", edge).replace("e", "E"));
		}
		for (String text : new String[] { "0.0", "-0.0", "0e5", "1e22", "1e23", "9007199254740993.0",
				"900719925474099.3", "123456789012345.6", "0.000000000000000000000001", "1e-22", "1e-23", "4.9e-324",
				"1.7976931348623157e308", "1e309", "0.1e-000", "1.5e0001" }) {
			checkRead(text);
		}
		assertThat(fast).isGreaterThan(1_000_000);
	}

	@Test
	void writesEveryPlainDoubleAsDoubleToString() {
		SplittableRandom random = new SplittableRandom(13);
		byte[] out = new byte[JsonNumbers.MAX_LENGTH];
		long low = Double.doubleToRawLongBits(1e-3);
		long high = Double.doubleToRawLongBits(1e7);
		for (int i = 0; i < 1_500_000; i++) {
			// Any bits from 10^-3 below 10^7, of either sign.
			double value = Double.longBitsToDouble(random.nextLong(low, high));
			assertThat(checkWrite(random.nextBoolean() ? value : -value, out)).as("%s", value).isTrue();
		}
		for (int i = 0; i < 500_000; i++) {
			// As numpy's random() makes them: 53 random bits below 1.
			double value = random.nextDouble();
			assertThat(checkWrite(value, out) || value < 1e-3).as("%s", value).isTrue();
		}
		for (int exponent = Math.getExponent(1e-3); exponent <= Math.getExponent(1e7); exponent++) {
			// Powers of two, whose rounding interval reaches half as far below, and their
			// neighbours.
			double power = Math.scalb(1.0, exponent);
			for (double value : new double[] { power, Math.nextUp(power), Math.nextDown(power) }) {
				assertThat(checkWrite(value, out) || value < 1e-3).as("%s", value).isTrue();
			}
		}
		for (int exponent = -3; exponent < 7; exponent++) {
			// Around powers of ten, where the number of integer digits changes.
			double power = Double.parseDouble("1e" + exponent);
			double value = power;
			for (int j = 0; j < 1000; j++) {
				assertThat(checkWrite(value, out)).as("%s", value).isTrue();
				value = Math.nextUp(value);
			}
			value = Math.nextDown(power);
			for (int j = 0; j < 1000 && value >= 1e-3; j++) {
				assertThat(checkWrite(value, out)).as("%s", value).isTrue();
				value = Math.nextDown(value);
			}
		}
		for (double edge : EDGES) {
			double magnitude = Math.abs(edge);
			boolean plain = magnitude >= 1e-3 && magnitude < 1e7;
			assertThat(checkWrite(edge, out)).as("%s", edge).isEqualTo(plain);
		}
		for (double value : new double[] { Math.nextDown(1e-3), 1e7, Double.NaN, Double.POSITIVE_INFINITY,
				Double.NEGATIVE_INFINITY, 0.0, -0.0 }) {
			assertThat(JsonNumbers.write(value, out, 0)).as("%s", value).isEqualTo(-1);
		}
	}

	@Test
	void writesLongestTextsWithinMaxLength() {
		// The longest texts: a sign, "0.00" and 17 digits, and the scratch bytes after
		// them, written at the end of the room given.
		byte[] out = new byte[JsonNumbers.MAX_LENGTH + 3];
		for (double value : new double[] { -0.0012345678901234567, -0.0019999999999999996, -1234567.8901234567,
				-9999999.999999998, -0.43887843958762955 }) {
			int end = JsonNumbers.write(value, out, 3);
			assertThat(new String(out, 3, end - 3, StandardCharsets.ISO_8859_1)).as("%s", value)
				.isEqualTo(NumberOutput.toString(value, true));
		}
	}

	@Test
	void readsDecimalsOfUpTo19DigitsAsDoubleParseDouble() {
		SplittableRandom random = new SplittableRandom(14);
		int inRange = 0;
		int fast = 0;
		for (int i = 0; i < 1_000_000; i++) {
			int digits = random.nextInt(16, 20);
			// Nineteen digits up to 10^19, beyond Long.MAX_VALUE: an unsigned long.
			long significand = (digits < 19) ? random.nextLong(pow10(digits - 1), pow10(digits))
					: pow10(18) + random.nextLong(9 * pow10(18));
			// Decimal exponents of the significand beyond the table's on either side.
			int exponent = random.nextInt(JsonNumbers.MIN_EXPONENT - 5, JsonNumbers.MAX_EXPONENT + 6);
			String text = decimal(Long.toUnsignedString(significand), exponent, random);
			if (exponent >= JsonNumbers.MIN_EXPONENT && exponent <= JsonNumbers.MAX_EXPONENT) {
				inRange++;
				fast += checkReadAnswered(text) ? 1 : 0;
				checkReadAnswered("-" + text);
			}
			else {
				checkRead(text);
			}
		}
		// Those left undecided, about one in a thousand here: integers from 2^53 with
		// small exponents, often halfway between two doubles or one of them.
		assertThat(fast).isGreaterThan(inRange - inRange / 100);
	}

	@Test
	void readsNumpyRandomDoublesWithTheFastPath() {
		SplittableRandom random = new SplittableRandom(15);
		int fast = 0;
		int count = 500_000;
		for (int i = 0; i < count; i++) {
			// 53 random bits below 1, as Python's repr prints them: 16 or 17 digits.
			double value = random.nextDouble();
			String text = Double.toString(value);
			fast += checkReadAnswered(text) ? 1 : 0;
			checkReadAnswered(String.format(Locale.ROOT, "%.16e", value));
		}
		assertThat(fast).isGreaterThan(count - count / 1000);
		for (int i = 0; i < 500_000; i++) {
			// Any double, as written by Double.toString and with 17 digits.
			double value = Double.longBitsToDouble(random.nextLong());
			if (Double.isFinite(value)) {
				checkRead(Double.toString(value));
				if (Math.abs(value) > 1e-40 && Math.abs(value) < 1e40) {
					checkReadAnswered(String.format(Locale.ROOT, "%.16e", value));
				}
			}
		}
	}

	@Test
	void readsDecimalsNearHalfwayAndPowersOfTen() {
		SplittableRandom random = new SplittableRandom(16);
		int halfway = 0;
		int halfwayFast = 0;
		int near = 0;
		int nearFast = 0;
		for (int i = 0; i < 200_000; i++) {
			// Halfway between two doubles from 2^50 to 2^63: at most 19 digits. Exact
			// halves decline but for integers rounding up (the product with 10^q exact,
			// q >= 0, and no tie to break); the decimals a last digit above and below
			// them do not.
			long bits = ((long) (Double.MAX_EXPONENT + random.nextInt(50, 63)) << 52) | random.nextLong(1L << 52);
			double value = Double.longBitsToDouble(bits);
			BigDecimal middle = new BigDecimal(value).add(new BigDecimal(Math.nextUp(value)))
				.divide(BigDecimal.valueOf(2));
			halfway++;
			halfwayFast += checkRead(middle.toPlainString() + "e0") ? 1 : 0;
			BigDecimal unit = BigDecimal.ONE.movePointLeft(middle.scale() + 1);
			for (BigDecimal beside : new BigDecimal[] { middle.add(unit), middle.subtract(unit) }) {
				String text = beside.toPlainString();
				if (text.replace(".", "").length() <= 19) {
					near++;
					nearFast += checkReadAnswered(text) ? 1 : 0;
				}
			}
		}
		assertThat(halfwayFast).isGreaterThan(halfway / 4);
		assertThat(nearFast).isGreaterThan(near - near / 1000);
		for (int n = 1; n <= 27; n++) {
			// 2^-n exactly, 5^n digits, and its multiples that keep at most 19 digits: a
			// double exactly, which with a fraction Eisel-Lemire may leave undecided.
			BigDecimal power = BigDecimal.ONE.divide(BigDecimal.valueOf(2).pow(n));
			for (int k = 1; k < 1000; k += 2) {
				BigDecimal multiple = power.multiply(BigDecimal.valueOf(k));
				if (multiple.unscaledValue().bitLength() < 64) {
					checkRead(multiple.toPlainString() + "E0");
					checkRead(multiple.toPlainString() + "000");
				}
			}
		}
		for (int exponent = JsonNumbers.MIN_EXPONENT; exponent <= JsonNumbers.MAX_EXPONENT; exponent++) {
			// Just below and above each power of ten (10^23, halfway between two doubles,
			// declines), with 16 to 19 digits.
			for (int digits = 16; digits <= 19; digits++) {
				long power = pow10(digits - 1);
				for (long significand : new long[] { power, power + 1, power * 10 - 1, power * 10 - 2,
						power + power / 2, power + power / 3, power * 9 + 1 }) {
					checkReadAnswered(decimal(Long.toUnsignedString(significand), exponent, random));
				}
			}
		}
		for (String text : new String[] { "9007199254740993.0", "9007199254740995.0", "9007199254740993e0",
				"900719925474099.25", "18446744073709551615.0", "18446744073709551616.0", "18446744073709551617e-1",
				"1844674407370955161.6", "0.18446744073709551616", "9999999999999999999.0", "9223372036854775808e0",
				"0.50000000000000000000", "2.2250738585072014e-308", "1.0000000000000000001e64",
				"9.999999999999999999e64", "1.000000000000000001e-64", "1e-65", "1e65", "0.43887843958762955" }) {
			checkRead(text);
		}
	}

	/*
	 * The decimal significand * 10^exponent, in one of the forms JSON allows: a point
	 * somewhere, with or without an exponent, or an exponent alone.
	 */
	private static String decimal(String significand, int exponent, SplittableRandom random) {
		int digits = significand.length();
		switch (random.nextInt(3)) {
			case 0:
				// d.ddd with an exponent.
				return significand.charAt(0) + "." + significand.substring(1) + (random.nextBoolean() ? "e" : "E")
						+ (exponent + digits - 1);
			case 1:
				// The integer with an exponent.
				return significand + "e" + ((exponent >= 0 && random.nextBoolean()) ? "+" : "") + exponent;
			default:
				// Plain when short enough, the point among or after the digits.
				int point = digits + exponent;
				if (point >= 1 && point <= digits - 1) {
					return significand.substring(0, point) + "." + significand.substring(point);
				}
				if (point <= 0 && point > -30) {
					return "0." + "0".repeat(-point) + significand;
				}
				return significand.substring(0, digits - 1) + "." + significand.charAt(digits - 1) + "e"
						+ (exponent + 1);
		}
	}

	/*
	 * Whether the fast path wrote the value; when it did, its text is the one of
	 * Double.toString on JDK 19 and later and of Jackson's fast writer.
	 */
	private static boolean checkWrite(double value, byte[] out) {
		int end = JsonNumbers.write(value, out, 0);
		if (end < 0) {
			return false;
		}
		String written = new String(out, 0, end, StandardCharsets.ISO_8859_1);
		assertThat(written).as("%s", value).isEqualTo(NumberOutput.toString(value, true));
		if (Runtime.version().feature() >= 19) {
			assertThat(written).as("%s", value).isEqualTo(Double.toString(value));
		}
		return true;
	}

	private static boolean checkRead(String text) {
		byte[] bytes = ("[" + text + "]").getBytes(StandardCharsets.ISO_8859_1);
		double value = JsonNumbers.read(bytes, 1, bytes.length - 1);
		if (Double.isNaN(value)) {
			return false;
		}
		assertThat(Double.doubleToRawLongBits(value)).as(text)
			.isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
		return true;
	}

	/*
	 * Check a decimal of at most 19 digits, its decimal exponent within the table's:
	 * whether the fast path answered, which it must unless the decimal is a double or
	 * halfway between two, exactly, which Eisel-Lemire may leave undecided.
	 */
	private static boolean checkReadAnswered(String text) {
		if (checkRead(text)) {
			return true;
		}
		BigDecimal exact = new BigDecimal(text).abs();
		double nearest = Math.abs(Double.parseDouble(text));
		BigDecimal value = new BigDecimal(nearest);
		boolean undecided = exact.compareTo(value) == 0;
		for (double neighbour : new double[] { Math.nextUp(nearest), Math.nextDown(nearest) }) {
			BigDecimal middle = value.add(new BigDecimal(neighbour)).divide(BigDecimal.valueOf(2));
			undecided |= exact.compareTo(middle) == 0;
		}
		assertThat(undecided).as("%s declined", text).isTrue();
		return false;
	}

	private static long pow10(int digits) {
		long power = 1;
		for (int i = 0; i < digits; i++) {
			power *= 10;
		}
		return power;
	}

}
