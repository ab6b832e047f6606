package io.ujrpc.client;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;

/*
 * Encodes messages into buffers and decodes buffers into responses with a codec.
 */
final class MessageEncoding {

	private MessageEncoding() {
	}

	/*
	 * Encode a message into a new buffer, which the caller owns.
	 *
	 * @throws RuntimeException when a parameter cannot be serialized; the buffer is
	 * released
	 */
	static ByteBuf encode(ByteBufAllocator allocator, JsonRpcClientCodec codec, OutgoingMessage message,
			boolean newline) {
		ByteBuf buffer = allocator.buffer();
		try {
			codec.write(new ByteBufOutputStream(buffer), message.requests(), message.batch());
			if (newline) {
				buffer.writeByte('\n');
			}
			return buffer;
		}
		catch (RuntimeException | Error ex) {
			buffer.release();
			throw ex;
		}
	}

	/*
	 * Decode responses from a buffer, which stays owned by the caller.
	 */
	static List<JsonRpcClientCodec.Response> decode(JsonRpcClientCodec codec, ByteBuf buffer) {
		return codec.read(new ByteBufInputStream(buffer.duplicate()));
	}

}
