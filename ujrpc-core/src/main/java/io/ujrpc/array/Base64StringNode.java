package io.ujrpc.array;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
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
	 * Decode text in place as {@code Base64.getDecoder().decode(byte[])} decodes a copy
	 * of it: the same text is taken and refused, to the same bytes. Since the basic
	 * decoder takes nothing but its alphabet, text it takes has no quote, backslash,
	 * control character or byte beyond ASCII.
	 * @param bytes the bytes the text is in
	 * @param offset where the text starts
	 * @param length its length
	 * @return the bytes, or {@code null} when the decoder refuses the text
	 */
	public static byte @Nullable [] decode(byte[] bytes, int offset, int length) {
		try {
			ByteBuffer decoded = Base64.getDecoder().decode(ByteBuffer.wrap(bytes, offset, length));
			byte[] array = decoded.array();
			return (decoded.remaining() != array.length) ? Arrays.copyOf(array, decoded.remaining()) : array;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * Return a node for base64 text.
	 * @param text the text
	 * @param decoded what {@link #decode} returns for it, kept (not copied)
	 * @return the node
	 */
	public static StringNode of(String text, byte[] decoded) {
		return new Base64StringNode(text, decoded);
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
