package io.ujrpc.protocol;

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

	private static long pow10(int digits) {
		long power = 1;
		for (int i = 0; i < digits; i++) {
			power *= 10;
		}
		return power;
	}

}
