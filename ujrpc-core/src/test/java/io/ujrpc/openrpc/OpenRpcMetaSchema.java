package io.ujrpc.openrpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenRPC meta-schema vendored in the test resources, as a validator of documents.
 */
public final class OpenRpcMetaSchema {

	private static final String BASE = "/openrpc/meta-schema/";

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private static final Schema schema = load();

	private OpenRpcMetaSchema() {
	}

	/**
	 * Validate a document.
	 * @param document the OpenRPC document
	 * @return what is wrong with it, empty when it is valid
	 */
	public static List<String> violations(JsonNode document) {
		return schema.validate(document).stream().map(Object::toString).toList();
	}

	private static Schema load() {
		ObjectNode openRpc = read("openrpc-meta-schema.json");
		ObjectNode jsonSchemaTools = read("json-schema-tools-meta-schema.json");
		// Both name a dialect of their own ("https://meta.json-schema.tools/") that is
		// draft 7 in substance; they are checked under draft 7's rules.
		openRpc.remove("$schema");
		jsonSchemaTools.remove("$schema");
		String tools = mapper.writeValueAsString(jsonSchemaTools);
		SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7, (builder) -> builder
			.schemas(Map.of("https://meta.json-schema.tools", tools, "https://meta.json-schema.tools/", tools)));
		return registry.getSchema(openRpc);
	}

	private static ObjectNode read(String name) {
		try (InputStream in = OpenRpcMetaSchema.class.getResourceAsStream(BASE + name)) {
			if (in == null) {
				throw new IllegalStateException("Missing test resource " + BASE + name);
			}
			return (ObjectNode) mapper.readTree(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
