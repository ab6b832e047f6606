package io.ujrpc.internal;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Argument checks for settings, each failing with a message that names the setting, the
 * value and what was expected, such as {@code maxBatchSize: 0 (expected: > 0)}. The one
 * place settings are validated.
 */
public final class Checks {

	private Checks() {
	}

	/**
	 * Require a value.
	 * @param name the setting
	 * @param value the value
	 * @param <T> the value's type
	 * @return the value
	 */
	public static <T> T notNull(String name, @Nullable T value) {
		if (value == null) {
			throw new IllegalArgumentException(name + ": null");
		}
		return value;
	}

	/**
	 * Require a count or size above zero.
	 * @param name the setting
	 * @param value the value
	 * @return the value
	 */
	public static int positive(String name, int value) {
		return (int) positive(name, (long) value);
	}

	/**
	 * Require a count, size or time above zero.
	 * @param name the setting
	 * @param value the value
	 * @return the value
	 */
	public static long positive(String name, long value) {
		if (value <= 0) {
			throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
		}
		return value;
	}

	/**
	 * Require a count of zero or more.
	 * @param name the setting
	 * @param value the value
	 * @return the value
	 */
	public static int notNegative(String name, int value) {
		if (value < 0) {
			throw new IllegalArgumentException(name + ": " + value + " (expected: >= 0)");
		}
		return value;
	}

	/**
	 * Require a TCP port, 0 meaning any free one.
	 * @param name the setting
	 * @param port the port
	 * @return the port
	 */
	public static int port(String name, int port) {
		if (port < 0 || port > 65535) {
			throw new IllegalArgumentException(name + ": " + port + " (expected: 0-65535)");
		}
		return port;
	}

	/**
	 * Require a duration of zero or more.
	 * @param name the setting
	 * @param value the value
	 * @return the value
	 */
	public static Duration notNegative(String name, @Nullable Duration value) {
		if (value == null || value.isNegative()) {
			throw new IllegalArgumentException(name + ": " + value + " (expected: >= 0)");
		}
		return value;
	}

	/**
	 * Require an absolute URL path.
	 * @param name the setting
	 * @param path the path
	 * @return the path
	 */
	public static String path(String name, @Nullable String path) {
		if (path == null || !path.startsWith("/")) {
			throw new IllegalArgumentException(name + ": " + ((path != null) ? "'" + path + "'" : "null")
					+ " (expected: a path starting with '/')");
		}
		return path;
	}

	/**
	 * Require a condition that relates two settings.
	 * @param condition whether the settings agree
	 * @param message what is wrong, in the form {@code name: value (expected: ...)}
	 */
	public static void state(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException(message);
		}
	}

}
