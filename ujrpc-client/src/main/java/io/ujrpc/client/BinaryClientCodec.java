package io.ujrpc.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

import io.ujrpc.array.PrimitiveArrayModule;
import io.ujrpc.protocol.Encoding;
import io.ujrpc.protocol.MessagePackSupport;
import org.jspecify.annotations.Nullable;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.dataformat.cbor.CBORFactory;

/**
 * The CBOR and MessagePack encodings: requests written with the mapper's serializers (and
 * primitive arrays compact), responses read as trees, as the server's codec does.
 */
final class BinaryClientCodec implements JsonRpcClientCodec {

	private final ObjectMapper mapper;

	private final ObjectWriter writer;

	private final Encoding encoding;

	private final CBORFactory cbor = CBORFactory.builder().build();

	BinaryClientCodec(ObjectMapper mapper, Encoding encoding) {
		if (mapper == null) {
			throw new IllegalArgumentException("mapper: null (expected: an ObjectMapper)");
		}
		this.mapper = PrimitiveArrayModule.withArrays(mapper);
		this.writer = this.mapper.writer();
		this.encoding = encoding;
	}

	@Override
	public ObjectMapper mapper() {
		return this.mapper;
	}

	@Override
	public String contentType() {
		return this.encoding.mediaType();
	}

	@Override
	public boolean binary() {
		return true;
	}

	@Override
	public @Nullable String webSocketSubprotocol() {
		return (this.encoding == Encoding.CBOR) ? "jsonrpc-cbor" : "jsonrpc-msgpack";
	}

	@Override
	public void write(OutputStream out, List<Request> requests, boolean batch) {
		if (this.encoding == Encoding.CBOR) {
			try (JsonGenerator generator = this.cbor.createGenerator(ObjectWriteContext.empty(), out)) {
				if (batch) {
					generator.writeStartArray(requests, requests.size());
				}
				for (Request request : requests) {
					generator.writeStartObject(request, members(request));
					generator.writeStringProperty("jsonrpc", "2.0");
					generator.writeStringProperty("method", request.method());
					if (request.params() != null) {
						generator.writeName("params");
						this.writer.writeValue(generator, request.params());
					}
					if (request.id() != null) {
						generator.writeNumberProperty("id", request.id());
					}
					generator.writeEndObject();
				}
				if (batch) {
					generator.writeEndArray();
				}
			}
			return;
		}
		try {
			MessagePacker packer = MessagePack.newDefaultPacker(out);
			if (batch) {
				packer.packArrayHeader(requests.size());
			}
			for (Request request : requests) {
				packer.packMapHeader(members(request));
				packer.packString("jsonrpc").packString("2.0");
				packer.packString("method").packString(request.method());
				if (request.params() != null) {
					packer.packString("params");
					MessagePackSupport.writeValue(packer, request.params(), this.writer);
				}
				if (request.id() != null) {
					packer.packString("id").packLong(request.id());
				}
			}
			packer.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int members(Request request) {
		return 2 + ((request.params() != null) ? 1 : 0) + ((request.id() != null) ? 1 : 0);
	}

	@Override
	public List<Response> read(InputStream in) {
		JsonNode payload;
		try {
			byte[] bytes = in.readAllBytes();
			try (JsonParser parser = (this.encoding == Encoding.CBOR)
					? this.cbor.createParser(ObjectReadContext.empty(), bytes, 0, bytes.length)
					: MessagePackSupport.parser(bytes, 0, bytes.length, this.mapper)) {
				payload = this.mapper.readTree(parser);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (JacksonException | IllegalArgumentException ex) {
			throw new JsonRpcClientException("Response is not valid " + this.encoding + ": " + ex.getMessage(), ex);
		}
		return JsonClientCodec.responses(payload);
	}

}
