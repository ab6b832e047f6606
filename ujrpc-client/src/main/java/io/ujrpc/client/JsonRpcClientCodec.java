package io.ujrpc.client;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

import io.ujrpc.protocol.JsonRpcError;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * How the client writes requests and reads responses: the seam where encodings other than
 * JSON plug in.
 * <p>
 * An encoding is a Jackson mapper for its format plus how it travels: its HTTP content
 * type and whether WebSocket messages are binary. Results are read into trees first,
 * because a response's {@code id} (which says what type its result has) may come after
 * its {@code result}; {@link #mapper()} then binds a tree to the expected type.
 * Implementations are thread-safe.
 */
public interface JsonRpcClientCodec {

	/**
	 * Return the JSON codec, which writes {@code application/json} and WebSocket text
	 * messages.
	 * @param mapper the mapper for parameters and results
	 * @return the codec
	 */
	static JsonRpcClientCodec json(ObjectMapper mapper) {
		return new JsonClientCodec(mapper);
	}

	/**
	 * Return the CBOR codec (RFC 8949, {@code application/cbor}): primitive arrays are
	 * written as RFC 8746 typed arrays, and results bind from byte strings too.
	 * @param mapper the mapper for parameters and results; a copy with
	 * {@link io.ujrpc.array.PrimitiveArrayModule} is used
	 * @return the codec
	 */
	static JsonRpcClientCodec cbor(ObjectMapper mapper) {
		return new BinaryClientCodec(mapper, io.ujrpc.protocol.Encoding.CBOR);
	}

	/**
	 * Return the MessagePack codec ({@code application/msgpack}): primitive arrays are
	 * written as bin, and results bind from bin too.
	 * @param mapper the mapper for parameters and results; a copy with
	 * {@link io.ujrpc.array.PrimitiveArrayModule} is used
	 * @return the codec
	 */
	static JsonRpcClientCodec messagePack(ObjectMapper mapper) {
		return new BinaryClientCodec(mapper, io.ujrpc.protocol.Encoding.MESSAGE_PACK);
	}

	/**
	 * Return the WebSocket subprotocol this encoding asks for, which tells the server
	 * what its binary frames hold.
	 * @return the subprotocol, or {@code null} for none (JSON in text frames)
	 */
	default @Nullable String webSocketSubprotocol() {
		return null;
	}

	/**
	 * Return the mapper that writes parameters and binds results.
	 * @return the mapper
	 */
	ObjectMapper mapper();

	/**
	 * Return the media type sent as {@code Content-Type} and {@code Accept} over HTTP.
	 * @return the media type, such as {@code application/json}
	 */
	String contentType();

	/**
	 * Whether messages are binary: WebSocket binary frames instead of text frames, and no
	 * raw TCP framing by JSON values.
	 * @return {@code true} for a binary encoding
	 */
	boolean binary();

	/**
	 * Write requests as one payload.
	 * @param out where to write; not closed
	 * @param requests the requests, at least one
	 * @param batch whether to write an array even for one request
	 */
	void write(OutputStream out, List<Request> requests, boolean batch);

	/**
	 * Read a payload of responses, one or a batch.
	 * @param in the payload; read to its end, not closed
	 * @return the responses in payload order
	 * @throws JsonRpcClientException when the payload is not a response or a batch of
	 * them
	 */
	List<Response> read(InputStream in);

	/**
	 * One request to write.
	 *
	 * @param method the method name
	 * @param params the parameters, which must serialize to an array or an object, or
	 * {@code null} to omit the member
	 * @param id the id, or {@code null} for a notification
	 */
	record Request(String method, @Nullable Object params, @Nullable Long id) {
	}

	/**
	 * One response read.
	 *
	 * @param id the id, or {@code null} when the server could not read the request's id
	 * @param result the result, or {@code null} for an error
	 * @param error the error, whose data is a {@link JsonNode}, or {@code null} for a
	 * success
	 */
	record Response(@Nullable JsonNode id, @Nullable JsonNode result, @Nullable JsonRpcError error) {
	}

}
