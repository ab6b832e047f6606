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

	/**
	 * The room a JSON-RPC body is encoded behind, enough for the head of any response
	 * without extra header lines: status line, server, type, date, length, connection.
	 */
	static final int HEADROOM = 192;

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
		byte[] date = HttpDate.headerLine();
		ByteBuf out = allocator
			.directBuffer(length(bodyLength, http10, close, encoding, date, extraHeaders) + extraCapacity);
		write(out, bodyLength, http10, close, encoding, date, extraHeaders);
		return out;
	}

	/**
	 * Encode a head into the room in front of a body (200 with the body's length), when
	 * there is enough of it.
	 * @param body the encoded body, whose reader index moves back to the head's start
	 * @param http10 whether the request was HTTP/1.0
	 * @param close whether the connection closes after this response
	 * @param encoding the body's encoding, named by its content type
	 * @param extraHeaders header lines, each ending with CRLF, or {@code null}
	 * @return whether the head was written; when not, the body is unchanged
	 */
	static boolean encodeBefore(ByteBuf body, boolean http10, boolean close, Encoding encoding,
			byte @Nullable [] extraHeaders) {
		byte[] date = HttpDate.headerLine();
		int bodyStart = body.readerIndex();
		int bodyLength = body.readableBytes();
		int start = bodyStart - length(bodyLength, http10, close, encoding, date, extraHeaders);
		if (start < 0) {
			return false;
		}
		int end = body.writerIndex();
		body.readerIndex(start).writerIndex(start);
		write(body, bodyLength, http10, close, encoding, date, extraHeaders);
		body.writerIndex(end);
		return true;
	}

	private static int length(int bodyLength, boolean http10, boolean close, Encoding encoding, byte[] date,
			byte @Nullable [] extraHeaders) {
		int length = status(bodyLength, encoding, http10).length + date.length + 2;
		if (extraHeaders != null) {
			length += extraHeaders.length;
		}
		if (bodyLength >= 0) {
			length += CONTENT_LENGTH.length + digits(bodyLength) + 2;
		}
		if (close) {
			length += CONNECTION_CLOSE.length;
		}
		else if (http10) {
			length += CONNECTION_KEEP_ALIVE.length;
		}
		return length;
	}

	private static void write(ByteBuf out, int bodyLength, boolean http10, boolean close, Encoding encoding,
			byte[] date, byte @Nullable [] extraHeaders) {
		out.writeBytes(status(bodyLength, encoding, http10)).writeBytes(date);
		if (extraHeaders != null) {
			out.writeBytes(extraHeaders);
		}
		if (bodyLength >= 0) {
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
	}

	private static byte[] status(int bodyLength, Encoding encoding, boolean http10) {
		return (bodyLength >= 0) ? ok(encoding, http10) : (http10 ? NO_CONTENT_10 : NO_CONTENT_11);
	}

	private static int digits(int value) {
		int digits = 1;
		for (int rest = value / 10; rest > 0; rest /= 10) {
			digits++;
		}
		return digits;
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
