package io.ujrpc.test;

import io.ujrpc.protocol.Encoding;
import io.ujrpc.protocol.MessagePackSupport;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.cbor.CBORMapper;

/**
 * Reads what the server wrote, in any encoding, as a tree, for tests that check a
 * response's values.
 */
public final class EncodedTrees {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final CBORMapper CBOR = CBORMapper.builder().build();

	private EncodedTrees() {
	}

	/**
	 * Read one value as a tree.
	 * @param encoding the value's encoding
	 * @param bytes the value
	 * @return the tree; MessagePack's bin values are embedded {@code byte[]}s
	 */
	public static JsonNode read(Encoding encoding, byte[] bytes) {
		return switch (encoding) {
			case JSON -> JSON.readTree(bytes);
			case CBOR -> CBOR.readTree(bytes);
			case MESSAGE_PACK -> {
				try (JsonParser parser = MessagePackSupport.parser(bytes, 0, bytes.length, JSON)) {
					yield JSON.readTree(parser);
				}
			}
		};
	}

}
