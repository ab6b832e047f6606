package io.ujrpc.array;

/**
 * The element types an {@link NdArray} holds, named as NumPy's {@code dtype.str} names
 * them for little-endian data.
 */
enum DType {

	FLOAT64("<f8", 8, true, true), FLOAT32("<f4", 4, true, true), INT64("<i8", 8, false, true),
	INT32("<i4", 4, false, true), INT16("<i2", 2, false, true), INT8("|i1", 1, false, true),
	UINT64("<u8", 8, false, false), UINT32("<u4", 4, false, false), UINT16("<u2", 2, false, false),
	UINT8("|u1", 1, false, false), BOOL("|b1", 1, false, false);

	private final String name;

	private final int size;

	private final boolean floating;

	private final boolean signed;

	DType(String name, int size, boolean floating, boolean signed) {
		this.name = name;
		this.size = size;
		this.floating = floating;
		this.signed = signed;
	}

	String dtypeName() {
		return this.name;
	}

	int size() {
		return this.size;
	}

	boolean floating() {
		return this.floating;
	}

	boolean signed() {
		return this.signed;
	}

	/**
	 * Find a type by its NumPy name; {@code =} and {@code >} prefixes are accepted too.
	 * @param name the name, such as <code>&lt;f8</code>
	 * @return the type
	 * @throws IllegalArgumentException when the type is not supported
	 */
	static DType of(String name) {
		String normalized = normalize(name);
		for (DType type : values()) {
			if (type.name.equals(normalized)) {
				return type;
			}
		}
		throw new IllegalArgumentException("dtype '" + name
				+ "' is not supported (expected: one of <f8, <f4, <i8, <i4, <i2, |i1, <u8, <u4, <u2, |u1, |b1)");
	}

	/**
	 * Whether data of this type name is big-endian and must be swapped.
	 * @param name the name
	 * @return {@code true} for a {@code >} prefix on a multi-byte type
	 */
	static boolean bigEndian(String name) {
		return name.startsWith(">") && of(name).size > 1;
	}

	private static String normalize(String name) {
		if (name.length() == 3) {
			char order = name.charAt(0);
			String rest = name.substring(1);
			if (rest.endsWith("1")) {
				return "|" + rest;
			}
			if (order == '=' || order == '>' || order == '<') {
				return "<" + rest;
			}
		}
		if (name.length() == 2) {
			// "f8", "i4" without a byte order: native, which is little-endian here.
			return normalize("<" + name);
		}
		return name;
	}

}
