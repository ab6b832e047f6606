package io.ujrpc.protocol;

import java.nio.charset.StandardCharsets;

import tools.jackson.core.JsonParser;

/**
 * The method names most recently decoded, so that a request naming a method seen before
 * reuses its string instead of allocating one. A fixed table of short names, indexed by
 * hash, written without locks: a lookup that misses, or races with a write, just builds
 * the string; strings are immutable, so a racy read sees a whole one or none.
 */
final class MethodNames {

	private static final int SLOTS = 256;

	/** Longer names are not kept. */
	static final int MAX_LENGTH = 48;

	private final String[] names = new String[SLOTS];

	/**
	 * Return the string value at the parser's current token.
	 * @param parser a parser at a string token
	 * @return the string, shared with earlier calls for the same name when possible
	 */
	String read(JsonParser parser) {
		int length = parser.getStringLength();
		if (length > MAX_LENGTH) {
			return parser.getString();
		}
		char[] chars = parser.getStringCharacters();
		int offset = parser.getStringOffset();
		int hash = 0;
		for (int i = 0; i < length; i++) {
			hash = 31 * hash + chars[offset + i];
		}
		int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
		String cached = this.names[slot];
		if (cached != null && matches(cached, chars, offset, length)) {
			return cached;
		}
		String name = new String(chars, offset, length);
		this.names[slot] = name;
		return name;
	}

	/**
	 * Return the string of the given ASCII bytes.
	 * @param bytes the array, holding only ASCII characters in the given range
	 * @param offset where the name starts
	 * @param length the name's length
	 * @return the string, shared with earlier calls for the same name when possible
	 */
	String read(byte[] bytes, int offset, int length) {
		if (length > MAX_LENGTH) {
			return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
		}
		int hash = 0;
		for (int i = 0; i < length; i++) {
			hash = 31 * hash + bytes[offset + i];
		}
		int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
		String cached = this.names[slot];
		if (cached != null && matches(cached, bytes, offset, length)) {
			return cached;
		}
		String name = new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
		this.names[slot] = name;
		return name;
	}

	private static boolean matches(String name, byte[] bytes, int offset, int length) {
		if (name.length() != length) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			if (name.charAt(i) != bytes[offset + i]) {
				return false;
			}
		}
		return true;
	}

	private static boolean matches(String name, char[] chars, int offset, int length) {
		if (name.length() != length) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			if (name.charAt(i) != chars[offset + i]) {
				return false;
			}
		}
		return true;
	}

}
