package io.ujrpc.server.http;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.ujrpc.protocol.Encoding;
import org.jspecify.annotations.Nullable;

/**
 * Encodes the head of a JSON-RPC HTTP response straight into a buffer, without Netty's
 * response object or header map: the status lines and fixed headers are pre-encoded, so a
 * head costs one buffer and a few copies. Used by {@link JsonRpcHttpHandler}, which
 * writes it from the encoder's context, past the encoder.
 */
final class JsonRpcResponseHead {

	private static final String HEAD_START = "server: ujrpc\r\n";

	private static final byte[] OK_11 = ascii(
			"HTTP/1.1 200 OK\r\n" + HEAD_START + "content-type: application/json\r\n");

	private static final byte[] OK_10 = ascii(
			"HTTP/1.0 200 OK\r\n" + HEAD_START + "content-type: application/json\r\n");

	private static final byte[] CBOR_OK_11 = ascii(
			"HTTP/1.1 200 OK\r\n" + HEAD_START + "content-type: application/cbor\r\n");

	private static final byte[] CBOR_OK_10 = ascii(
			"HTTP/1.0 200 OK\r\n" + HEAD_START + "content-type: application/cbor\r\n");

	private static final byte[] MESSAGE_PACK_OK_11 = ascii(
			"HTTP/1.1 200 OK\r\n" + HEAD_START + "content-type: application/msgpack\r\n");

	private static final byte[] MESSAGE_PACK_OK_10 = ascii(
			"HTTP/1.0 200 OK\r\n" + HEAD_START + "content-type: application/msgpack\r\n");

	private static final byte[] NO_CONTENT_11 = ascii("HTTP/1.1 204 No Content\r\n" + HEAD_START);

	private static final byte[] NO_CONTENT_10 = ascii("HTTP/1.0 204 No Content\r\n" + HEAD_START);

	private static final byte[] CONTENT_LENGTH = ascii("content-length: ");

	private static final byte[] CONNECTION_CLOSE = ascii("connection: close\r\n");

	private static final byte[] CONNECTION_KEEP_ALIVE = ascii("connection: keep-alive\r\n");

	private static final short CRLF = ('\r' << 8) | '\n';

	/** Room for content-length, connection and the blank line. */
	private static final int HEAD_RESERVE = 64;

	private JsonRpcResponseHead() {
	}

	/**
	 * Encode a head: 200 with the body's length, or 204 when there is no body.
	 * @param allocator allocates the buffer
	 * @param bodyLength the body's length, or -1 for none (204)
	 * @param http10 whether the request was HTTP/1.0
	 * @param close whether the connection closes after this response
	 * @param extraCapacity room to leave after the head, for a body copied behind it
	 * @return the head, ending with the blank line
	 */
	static ByteBuf encode(ByteBufAllocator allocator, int bodyLength, boolean http10, boolean close,
			int extraCapacity) {
		return encode(allocator, bodyLength, http10, close, extraCapacity, Encoding.JSON, null);
	}

	/**
	 * Encode a head for a body in the given encoding, with more header lines: 200 with
	 * the body's length, or 204 when there is no body.
	 * @param allocator allocates the buffer
	 * @param bodyLength the body's length, or -1 for none (204)
	 * @param http10 whether the request was HTTP/1.0
	 * @param close whether the connection closes after this response
	 * @param extraCapacity room to leave after the head, for a body copied behind it
	 * @param encoding the body's encoding, named by its content type
	 * @param extraHeaders header lines, each ending with CRLF, or {@code null}
	 * @return the head, ending with the blank line
	 */
	static ByteBuf encode(ByteBufAllocator allocator, int bodyLength, boolean http10, boolean close, int extraCapacity,
			Encoding encoding, byte @Nullable [] extraHeaders) {
		boolean body = bodyLength >= 0;
		byte[] status = body ? ok(encoding, http10) : (http10 ? NO_CONTENT_10 : NO_CONTENT_11);
		byte[] date = HttpDate.headerLine();
		int extra = (extraHeaders != null) ? extraHeaders.length : 0;
		ByteBuf out = allocator.directBuffer(status.length + date.length + extra + HEAD_RESERVE + extraCapacity);
		out.writeBytes(status).writeBytes(date);
		if (extraHeaders != null) {
			out.writeBytes(extraHeaders);
		}
		if (body) {
			out.writeBytes(CONTENT_LENGTH);
			writeDecimal(out, bodyLength);
			out.writeShort(CRLF);
		}
		if (close) {
			out.writeBytes(CONNECTION_CLOSE);
		}
		else if (http10) {
			out.writeBytes(CONNECTION_KEEP_ALIVE);
		}
		out.writeShort(CRLF);
		return out;
	}

	private static byte[] ok(Encoding encoding, boolean http10) {
		return switch (encoding) {
			case JSON -> http10 ? OK_10 : OK_11;
			case CBOR -> http10 ? CBOR_OK_10 : CBOR_OK_11;
			case MESSAGE_PACK -> http10 ? MESSAGE_PACK_OK_10 : MESSAGE_PACK_OK_11;
		};
	}

	private static void writeDecimal(ByteBuf out, int value) {
		int divisor = 1;
		while (value / divisor >= 10) {
			divisor *= 10;
		}
		for (; divisor > 0; divisor /= 10) {
			out.writeByte('0' + (value / divisor) % 10);
		}
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

}
