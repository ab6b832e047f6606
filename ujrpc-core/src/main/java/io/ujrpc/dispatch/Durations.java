package io.ujrpc.dispatch;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the durations written in annotations, in Spring Boot's simple style
 * ({@code 500ms}, {@code 5s}, {@code 2m}; a bare number is milliseconds) or ISO-8601
 * ({@code PT5S}).
 */
final class Durations {

	private static final Pattern SIMPLE = Pattern.compile("^([+]?\\d+)(ns|us|ms|s|m|h|d)?$");

	private Durations() {
	}

	static Duration parse(String text) {
		String value = text.trim();
		Matcher matcher = SIMPLE.matcher(value.toLowerCase(Locale.ROOT));
		if (matcher.matches()) {
			long amount = Long.parseLong(matcher.group(1));
			String unit = (matcher.group(2) != null) ? matcher.group(2) : "ms";
			return switch (unit) {
				case "ns" -> Duration.ofNanos(amount);
				case "us" -> Duration.ofNanos(amount * 1000);
				case "ms" -> Duration.ofMillis(amount);
				case "s" -> Duration.ofSeconds(amount);
				case "m" -> Duration.ofMinutes(amount);
				case "h" -> Duration.ofHours(amount);
				default -> Duration.ofDays(amount);
			};
		}
		try {
			return Duration.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException("'" + text + "' is not a duration", ex);
		}
	}

}
