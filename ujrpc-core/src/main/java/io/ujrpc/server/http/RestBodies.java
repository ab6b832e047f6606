package io.ujrpc.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.util.AsciiString;
import io.ujrpc.protocol.Encoding;
import io.ujrpc.protocol.JsonRpcCodec;
import io.ujrpc.protocol.JsonRpcException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;

/**
 * Reads and writes the bodies of REST requests and responses: the one place that knows
 * their encodings. JSON is read as strictly as JSON-RPC payloads are (one value, no
 * trailing data, duplicate members refused when the codec refuses them) and written by
 * the mapper; CBOR and MessagePack are read and written by the codec, as JSON-RPC
 * payloads in them are. Thread-safe.
 */
final class RestBodies {

	static final AsciiString JSON = AsciiString.cached("application/json");

	static final AsciiString PROBLEM_JSON = AsciiString.cached("application/problem+json");

	private static final AsciiString CBOR = AsciiString.cached(Encoding.CBOR.mediaType());

	private static final AsciiString MESSAGE_PACK = AsciiString.cached(Encoding.MESSAGE_PACK.mediaType());

	private final JsonRpcCodec codec;

	private final ObjectMapper mapper;

	private final ObjectReader reader;

	private final ObjectWriter writer;

	RestBodies(JsonRpcCodec codec) {
		this.codec = codec;
		this.mapper = codec.mapper();
		ObjectReader reader = this.mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
		this.reader = codec.rejectsDuplicateMembers() ? reader.with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
				: reader;
		this.writer = this.mapper.writer();
	}

	ObjectMapper mapper() {
		return this.mapper;
	}

	/**
	 * Whether a request body of this type can be read.
	 * @param contentType the request's {@code Content-Type}, or {@code null}
	 * @return whether {@link #decode} reads it: JSON, CBOR or MessagePack
	 */
	boolean decodes(@Nullable String contentType) {
		return HttpResponses.isJson(contentType) || Encoding.binary(contentType) != null;
	}

	/**
	 * The encoding of a body of this type.
	 * @param contentType the {@code Content-Type}, or {@code null}
	 * @return {@code CBOR} or {@code MESSAGE_PACK} for their types, {@code JSON} for any
	 * other
	 */
	static Encoding encoding(@Nullable String contentType) {
		Encoding binary = Encoding.binary(contentType);
		return (binary != null) ? binary : Encoding.JSON;
	}

	/**
	 * Read a request body.
	 * @param body the body, read but not released
	 * @param contentType its type, one that {@link #decodes} accepts
	 * @return the value
	 * @throws RestProblem -32700 when the body is not one well-formed value, -32602 when
	 * a CBOR or MessagePack body holds a number no number type holds (JSON's reach the
	 * binding, which refuses them by parameter)
	 */
	JsonNode decode(ByteBuf body, @Nullable String contentType) {
		Encoding binary = Encoding.binary(contentType);
		if (binary != null) {
			JsonNode value;
			try {
				value = this.codec.decodeValue(binary, body.nioBuffers());
			}
			catch (JsonRpcException ex) {
				throw RestProblem.invalidParams(ex.getMessage());
			}
			if (value == null) {
				throw RestProblem.parseError((binary == Encoding.CBOR) ? "CBOR" : "MessagePack");
			}
			return value;
		}
		try {
			if (body.hasArray()) {
				return this.reader.readTree(body.array(), body.arrayOffset() + body.readerIndex(),
						body.readableBytes());
			}
			return this.reader.readTree((java.io.InputStream) new ByteBufInputStream(body));
		}
		catch (JacksonException | NumberFormatException ex) {
			throw RestProblem.parseError("JSON");
		}
	}

	/**
	 * Write a response body.
	 * @param value the value
	 * @param encoding the encoding to write it in
	 * @param allocator allocates the buffer
	 * @return the encoded value, owned by the caller
	 * @throws RuntimeException when the value cannot be written; nothing is left
	 * allocated then
	 */
	ByteBuf encode(@Nullable Object value, Encoding encoding, ByteBufAllocator allocator) {
		ByteBuf buffer = allocator.buffer(256);
		boolean written = false;
		try {
			ByteBufOutputStream out = new ByteBufOutputStream(buffer);
			if (encoding == Encoding.JSON) {
				this.writer.writeValue((java.io.OutputStream) out, value);
			}
			else {
				this.codec.encodeValue(encoding, out, value);
			}
			written = true;
			return buffer;
		}
		finally {
			if (!written) {
				buffer.release();
			}
		}
	}

	/**
	 * The media type of a body {@link #encode} writes.
	 * @param encoding its encoding
	 * @param problem whether it is a problem's (RFC 9457)
	 * @return the type: {@code application/json} or {@code application/problem+json},
	 * {@code application/cbor} or {@code application/msgpack} for either
	 */
	static CharSequence contentType(Encoding encoding, boolean problem) {
		return switch (encoding) {
			case JSON -> problem ? PROBLEM_JSON : JSON;
			case CBOR -> CBOR;
			case MESSAGE_PACK -> MESSAGE_PACK;
		};
	}

}
