package io.ujrpc.server.http;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import io.netty.util.AsciiString;

/**
 * The value of the {@code Date} header, formatted at most once a second.
 */
final class HttpDate {

	private static volatile Cached cached = new Cached(-1, AsciiString.EMPTY_STRING);

	private HttpDate() {
	}

	static AsciiString now() {
		long second = System.currentTimeMillis() / 1000;
		Cached current = cached;
		if (current.second != second) {
			String formatted = DateTimeFormatter.RFC_1123_DATE_TIME
				.format(ZonedDateTime.ofInstant(java.time.Instant.ofEpochSecond(second), ZoneOffset.UTC));
			current = new Cached(second, AsciiString.cached(formatted));
			cached = current;
		}
		return current.value;
	}

	/*
	 * Return the header line {@code date: <now>\r\n} as bytes, for responses written
	 * without Netty's encoder.
	 */
	static byte[] headerLine() {
		now();
		return cached.line;
	}

	private record Cached(long second, AsciiString value, byte[] line) {

		Cached(long second, AsciiString value) {
			this(second, value, ("date: " + value + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
		}

	}

}
