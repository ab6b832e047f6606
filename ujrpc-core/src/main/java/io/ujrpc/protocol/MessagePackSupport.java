package io.ujrpc.protocol;

import java.io.IOException;

import org.jspecify.annotations.Nullable;
import org.msgpack.core.MessagePacker;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectWriter;

/**
 * MessagePack for Jackson 3 users such as ujrpc's client: values written through a mapper
 * as MessagePack (primitive arrays as bin, {@link io.ujrpc.array.NdArray}s as
 * msgpack-numpy maps), and MessagePack read as a Jackson token stream. The bridge the
 * server's codec uses, over msgpack-core.
 */
public final class MessagePackSupport {

	private MessagePackSupport() {
	}

	/**
	 * Write a value as MessagePack.
	 * @param packer where to write
	 * @param value the value
	 * @param writer the writer that serializes it, best made from a mapper with
	 * {@link io.ujrpc.array.PrimitiveArrayModule}
	 * @throws IOException when the packer cannot write
	 */
	public static void writeValue(MessagePacker packer, @Nullable Object value, ObjectWriter writer)
			throws IOException {
		MessagePackTokens.writeValue(packer, value, writer);
	}

	/**
	 * Read one MessagePack value as a token stream.
	 * @param bytes the bytes
	 * @param offset where the value starts
	 * @param length its length: nothing may follow it
	 * @param mapper reads maps that may be msgpack-numpy arrays as trees
	 * @return a parser before the value's first token; bin values are embedded
	 * {@code byte[]}s, msgpack-numpy maps embedded {@link io.ujrpc.array.NdArray}s
	 * @throws IllegalArgumentException when the bytes are not one well-formed MessagePack
	 * value
	 */
	public static JsonParser parser(byte[] bytes, int offset, int length, ObjectMapper mapper) {
		try {
			return MessagePackTokens.read(bytes, offset, length, (tokens) -> (JsonNode) mapper.readTree(tokens));
		}
		catch (MessagePackTokens.Malformed ex) {
			throw new IllegalArgumentException("not one MessagePack value: " + ex.getMessage());
		}
	}

}
