package io.ujrpc.server.tcp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Arbitrary bytes in arbitrary chunks through the raw-TCP framer: the frames are those a
 * reference split of the whole input gives, every buffer is released, and nothing but the
 * framing error comes out. Seeds are under {@code src/test/resources}; see
 * docs/reliability.md for longer runs.
 */
class JsonValueDecoderFuzzTests {

	private static final int LIMIT = 64;

	@FuzzTest(maxDuration = "10s")
	void framesArbitraryChunksAsAReferenceSplitDoes(FuzzedDataProvider data) {
		int chunks = data.consumeInt(1, 16);
		int[] sizes = new int[chunks];
		for (int i = 0; i < chunks; i++) {
			sizes[i] = data.consumeInt(0, 96);
		}
		byte[] input = data.consumeRemainingAsBytes();
		Reference expected = Reference.split(input, LIMIT);

		EmbeddedChannel channel = new EmbeddedChannel(new JsonValueDecoder(LIMIT));
		List<ByteBuf> written = new ArrayList<>();
		List<Object> received = new ArrayList<>();
		int offset = 0;
		for (int i = 0; offset < input.length; i++) {
			int size = Math.min(input.length - offset, (i < chunks) ? sizes[i] : input.length);
			ByteBuf chunk = Unpooled.buffer(size).writeBytes(input, offset, size);
			written.add(chunk);
			channel.writeInbound(chunk);
			offset += size;
			drain(channel, received);
		}
		channel.finish();
		drain(channel, received);

		List<String> frames = new ArrayList<>();
		List<ByteBuf> frameBuffers = new ArrayList<>();
		String error = null;
		for (Object message : received) {
			if (message instanceof ByteBuf frame) {
				assertThat(error).as("frame after the framing error").isNull();
				frames.add(frame.toString(StandardCharsets.ISO_8859_1));
				frameBuffers.add(frame);
				// A frame shares its count with the buffer it was sliced from.
				frame.release();
			}
			else {
				assertThat(message).isInstanceOf(JsonFramingError.class);
				assertThat(error).as("second framing error").isNull();
				error = Integer.toString(((JsonFramingError) message).error().code());
			}
		}
		assertThat(frames).isEqualTo(expected.frames);
		assertThat(error).isEqualTo(expected.error);
		for (ByteBuf chunk : written) {
			assertThat(chunk.refCnt()).as("input buffer not released").isZero();
		}
		for (ByteBuf frame : frameBuffers) {
			assertThat(frame.refCnt()).as("buffer under a frame not released").isZero();
		}
	}

	private static void drain(EmbeddedChannel channel, List<Object> received) {
		Object message;
		while ((message = channel.readInbound()) != null) {
			received.add(message);
		}
	}

	/**
	 * The framing rules, written plainly over the whole input: whitespace between values,
	 * a value starts with a bracket, strings with escapes, at most {@code limit} bytes.
	 */
	record Reference(List<String> frames, String error) {

		static Reference split(byte[] input, int limit) {
			List<String> frames = new ArrayList<>();
			int i = 0;
			while (true) {
				while (i < input.length && isWhitespace(input[i])) {
					i++;
				}
				if (i == input.length) {
					return new Reference(frames, null);
				}
				byte first = input[i];
				if (first != '{' && first != '[') {
					boolean scalar = first == '"' || first == '-' || (first >= '0' && first <= '9') || first == 't'
							|| first == 'f' || first == 'n';
					return new Reference(frames, scalar ? "-32600" : "-32700");
				}
				int end = closing(input, i);
				if (end < 0 || end - i + 1 > limit) {
					// Unfinished: an error only once more than the limit is there.
					return new Reference(frames, (input.length - i > limit) ? "-32600" : null);
				}
				frames.add(new String(Arrays.copyOfRange(input, i, end + 1), StandardCharsets.ISO_8859_1));
				i = end + 1;
			}
		}

		private static int closing(byte[] input, int start) {
			int depth = 0;
			boolean inString = false;
			boolean escaped = false;
			for (int i = start; i < input.length; i++) {
				byte b = input[i];
				if (inString) {
					if (escaped) {
						escaped = false;
					}
					else if (b == '\\') {
						escaped = true;
					}
					else if (b == '"') {
						inString = false;
					}
				}
				else if (b == '"') {
					inString = true;
				}
				else if (b == '{' || b == '[') {
					depth++;
				}
				else if ((b == '}' || b == ']') && --depth == 0) {
					return i;
				}
			}
			return -1;
		}

		private static boolean isWhitespace(byte b) {
			return b == ' ' || b == '\n' || b == '\r' || b == '\t';
		}

	}

}
