package io.ujrpc.protocol;

import org.jspecify.annotations.Nullable;

/**
 * The encodings a JSON-RPC exchange can be carried in: JSON, CBOR (RFC 8949) or
 * MessagePack. The same request and response objects, member for member, in each.
 */
public enum Encoding {

	/** JSON, {@code application/json}. */
	JSON("application/json"),

	/** CBOR, {@code application/cbor} (RFC 8949). */
	CBOR("application/cbor"),

	/** MessagePack, {@code application/msgpack} (also {@code application/x-msgpack}). */
	MESSAGE_PACK("application/msgpack");

	private final String mediaType;

	Encoding(String mediaType) {
		this.mediaType = mediaType;
	}

	/**
	 * Return the media type responses in this encoding carry.
	 * @return the media type, such as {@code application/cbor}
	 */
	public String mediaType() {
		return this.mediaType;
	}

	/**
	 * Find the binary encoding a media type names; parameters are ignored.
	 * @param mediaType a media type such as {@code application/cbor}, or {@code null}
	 * @return {@link #CBOR} for {@code application/cbor} (and {@code +cbor} types),
	 * {@link #MESSAGE_PACK} for {@code application/msgpack},
	 * {@code application/x-msgpack} and {@code application/vnd.msgpack}, otherwise
	 * {@code null}
	 */
	public static @Nullable Encoding binary(@Nullable CharSequence mediaType) {
		if (mediaType == null) {
			return null;
		}
		String type = mediaType.toString();
		int end = type.indexOf(';');
		type = ((end >= 0) ? type.substring(0, end) : type).trim();
		if (type.equalsIgnoreCase("application/cbor") || (type.regionMatches(true, 0, "application/", 0, 12)
				&& type.length() > 17 && type.regionMatches(true, type.length() - 5, "+cbor", 0, 5))) {
			return CBOR;
		}
		if (type.equalsIgnoreCase("application/msgpack") || type.equalsIgnoreCase("application/x-msgpack")
				|| type.equalsIgnoreCase("application/vnd.msgpack")) {
			return MESSAGE_PACK;
		}
		return null;
	}

}
