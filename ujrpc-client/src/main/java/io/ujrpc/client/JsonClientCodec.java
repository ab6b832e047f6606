package io.ujrpc.client;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

import io.ujrpc.protocol.JsonRpcError;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.NullNode;

/**
 * The JSON encoding: requests written with Jackson's streaming generator, responses read
 * as trees.
 */
final class JsonClientCodec implements JsonRpcClientCodec {

	private static final SerializableString JSONRPC = new SerializedString("jsonrpc");

	private static final SerializableString METHOD = new SerializedString("method");

	private static final SerializableString PARAMS = new SerializedString("params");

	private static final SerializableString ID = new SerializedString("id");

	private final ObjectMapper mapper;

	JsonClientCodec(ObjectMapper mapper) {
		if (mapper == null) {
			throw new IllegalArgumentException("mapper: null (expected: an ObjectMapper)");
		}
		this.mapper = mapper;
	}

	@Override
	public ObjectMapper mapper() {
		return this.mapper;
	}

	@Override
	public String contentType() {
		return "application/json";
	}

	@Override
	public boolean binary() {
		return false;
	}

	@Override
	public void write(OutputStream out, List<Request> requests, boolean batch) {
		try (JsonGenerator generator = this.mapper.createGenerator(out)) {
			if (batch) {
				generator.writeStartArray();
			}
			for (Request request : requests) {
				generator.writeStartObject();
				generator.writeName(JSONRPC);
				generator.writeString("2.0");
				generator.writeName(METHOD);
				generator.writeString(request.method());
				if (request.params() != null) {
					generator.writeName(PARAMS);
					generator.writePOJO(request.params());
				}
				if (request.id() != null) {
					generator.writeName(ID);
					generator.writeNumber(request.id());
				}
				generator.writeEndObject();
			}
			if (batch) {
				generator.writeEndArray();
			}
		}
	}

	@Override
	public List<Response> read(InputStream in) {
		JsonNode payload;
		try {
			payload = this.mapper.readTree(in);
		}
		catch (JacksonException ex) {
			throw new JsonRpcClientException("Response is not valid JSON: " + ex.getOriginalMessage(), ex);
		}
		return responses(payload);
	}

	/**
	 * Read the responses of a payload read as a tree, in any encoding.
	 * @param payload the payload, {@code null} or missing when there was none
	 * @return the responses, one for a single response
	 */
	static List<Response> responses(@Nullable JsonNode payload) {
		if (payload == null || payload.isMissingNode()) {
			throw new JsonRpcClientException("Response is empty (expected: a JSON-RPC response)", null);
		}
		if (payload.isArray()) {
			List<Response> responses = new ArrayList<>(payload.size());
			for (JsonNode element : payload) {
				responses.add(response(element));
			}
			return responses;
		}
		return List.of(response(payload));
	}

	private static Response response(JsonNode node) {
		if (!node.isObject()) {
			throw new JsonRpcClientException(
					"Response element is " + node.getNodeType() + " (expected: a JSON-RPC response object)", null);
		}
		JsonNode id = node.get("id");
		JsonNode error = node.get("error");
		if (error != null && !error.isNull()) {
			return new Response(id, null, error(error));
		}
		JsonNode result = node.get("result");
		if (result == null) {
			throw new JsonRpcClientException("Response " + abbreviate(node) + " has neither result nor error", null);
		}
		return new Response(id, result, null);
	}

	private static JsonRpcError error(JsonNode error) {
		JsonNode code = error.get("code");
		JsonNode message = error.get("message");
		if (!error.isObject() || code == null || !code.isIntegralNumber()) {
			throw new JsonRpcClientException("Error " + abbreviate(error) + " has no integer code", null);
		}
		@Nullable JsonNode data = error.get("data");
		String text = (message != null && message.isString()) ? message.stringValue()
				: (message != null) ? message.toString() : "";
		return new JsonRpcError(code.intValue(), text, (data instanceof NullNode) ? null : data);
	}

	private static String abbreviate(JsonNode node) {
		String text = node.toString();
		return (text.length() > 200) ? text.substring(0, 200) + "..." : text;
	}

}
