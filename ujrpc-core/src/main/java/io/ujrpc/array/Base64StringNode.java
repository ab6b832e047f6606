package io.ujrpc.array;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.StringNode;

/**
 * A long string as ujrpc's JSON reader finds it when its text is base64: a
 * {@link StringNode} in every respect (its value, equality, hash and serialization are
 * its text's), which also keeps the bytes the JDK's basic decoder decodes the text to,
 * decoded straight from the request's bytes. Binding it to an {@link NdArray} or a
 * primitive array takes those bytes (see {@link #decoded}) instead of decoding the string
 * again, through copies of its characters.
 */
public final class Base64StringNode extends StringNode {

	private static final long serialVersionUID = 1L;

	/**
	 * The shortest text decoded as it is read: below this, decoding it later is cheap.
	 */
	public static final int MIN_LENGTH = 4096;

	private final transient byte[] decoded;

	private Base64StringNode(String text, byte[] decoded) {
		super(text);
		this.decoded = decoded;
	}

	/**
	 * Return a string node for ASCII text without escapes: this node when the text is
	 * long and the basic decoder takes it, else the factory's own.
	 * @param nodes the factory whose nodes the tree has
	 * @param ascii the bytes the text is in, each below 0x80
	 * @param offset where the text starts
	 * @param length its length, at most the string length limit
	 * @return the node
	 */
	public static JsonNode of(JsonNodeFactory nodes, byte[] ascii, int offset, int length) {
		String text = new String(ascii, offset, length, StandardCharsets.ISO_8859_1);
		if (length < MIN_LENGTH || nodes.getClass() != JsonNodeFactory.class) {
			// A factory of its own may build nodes of its own.
			return nodes.stringNode(text);
		}
		return of(nodes, text, decode(ascii, offset, length));
	}

	/* The node for text that decodes to the given bytes, or that does not decode. */
	static JsonNode of(JsonNodeFactory nodes, String text, byte @Nullable [] decoded) {
		return (decoded != null) ? new Base64StringNode(text, decoded) : nodes.stringNode(text);
	}

	/*
	 * Decode ASCII text in place, as Base64.Decoder.decode(byte[]) decodes a copy of it:
	 * it takes and refuses the same text, to the same bytes. Null when it refuses it.
	 */
	static byte @Nullable [] decode(byte[] ascii, int offset, int length) {
		try {
			ByteBuffer bytes = Base64.getDecoder().decode(ByteBuffer.wrap(ascii, offset, length));
			byte[] decoded = bytes.array();
			return (bytes.remaining() != decoded.length) ? Arrays.copyOf(decoded, bytes.remaining()) : decoded;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * The bytes a node's text decodes to, when it is this node.
	 * @param node any node
	 * @return what {@code Base64.getDecoder().decode(node.stringValue())} returns, this
	 * node's own array (not to be modified); {@code null} for any other node
	 */
	static byte @Nullable [] decoded(JsonNode node) {
		return (node instanceof Base64StringNode base64) ? base64.decoded : null;
	}

}
