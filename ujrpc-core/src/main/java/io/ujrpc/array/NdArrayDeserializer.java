package io.ujrpc.array;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.deser.std.StdDeserializer;

/**
 * Reads an {@link NdArray} from any of its {@link NdArray.Format formats}.
 */
final class NdArrayDeserializer extends StdDeserializer<NdArray> {

	NdArrayDeserializer() {
		super(NdArray.class);
	}

	@Override
	public NdArray deserialize(JsonParser p, DeserializationContext ctxt) {
		if (p.currentToken() == JsonToken.VALUE_EMBEDDED_OBJECT && p.getEmbeddedObject() instanceof NdArray array) {
			return array;
		}
		JsonNode tree = ctxt.readTree(p);
		try {
			return NdArrayReader.read(tree);
		}
		catch (IllegalArgumentException ex) {
			throw tools.jackson.databind.exc.MismatchedInputException.from(p, NdArray.class, ex.getMessage());
		}
	}

}
