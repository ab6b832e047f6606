package io.ujrpc.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.util.AsciiString;
import io.ujrpc.protocol.JsonRpcCodec;
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
 * their encoding. JSON today, read as strictly as JSON-RPC payloads are (one value, no
 * trailing data, duplicate members refused when the codec refuses them); another encoding
 * plugs in by its media type in {@link #decodes}, {@link #decode} and {@link #encode}.
 * Thread-safe.
 */
final class RestBodies {

	static final AsciiString JSON = AsciiString.cached("application/json");

	private final ObjectMapper mapper;

	private final ObjectReader reader;

	private final ObjectWriter writer;

	RestBodies(JsonRpcCodec codec) {
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
	 * @return whether {@link #decode} reads it
	 */
	boolean decodes(@Nullable String contentType) {
		return HttpResponses.isJson(contentType);
	}

	/**
	 * Read a request body.
	 * @param body the body, read but not released
	 * @param contentType its type, one that {@link #decodes} accepts
	 * @return the value
	 * @throws RestProblem -32700 when the body is not one well-formed value
	 */
	JsonNode decode(ByteBuf body, @Nullable String contentType) {
		try {
			if (body.hasArray()) {
				return this.reader.readTree(body.array(), body.arrayOffset() + body.readerIndex(),
						body.readableBytes());
			}
			return this.reader.readTree((java.io.InputStream) new ByteBufInputStream(body));
		}
		catch (JacksonException | NumberFormatException ex) {
			throw RestProblem.parseError();
		}
	}

	/**
	 * Write a response body.
	 * @param value the value
	 * @param accept the request's {@code Accept}, or {@code null}
	 * @param allocator allocates the buffer
	 * @return the encoded value, owned by the caller
	 * @throws RuntimeException when the value cannot be written; nothing is left
	 * allocated then
	 */
	ByteBuf encode(@Nullable Object value, @Nullable String accept, ByteBufAllocator allocator) {
		ByteBuf buffer = allocator.buffer(256);
		boolean written = false;
		try {
			this.writer.writeValue((java.io.OutputStream) new ByteBufOutputStream(buffer), value);
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
	 * The media type {@link #encode} writes for a request.
	 * @param accept the request's {@code Accept}, or {@code null}
	 * @return the type
	 */
	CharSequence contentType(@Nullable String accept) {
		return JSON;
	}

}
