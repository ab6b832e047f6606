package io.ujrpc.server.tcp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.ujrpc.test.RecordingAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one connection's unfinished value holds: about the limit, never the next power of
 * two above it.
 */
class JsonValueDecoderMemoryTests {

	private static final int LIMIT = 5_000_000;

	private static final int CHUNK = 64 * 1024;

	private final RecordingAllocator allocator = new RecordingAllocator();

	private final EmbeddedChannel channel = new EmbeddedChannel();

	JsonValueDecoderMemoryTests() {
		this.channel.config().setAllocator(this.allocator);
		this.channel.pipeline().addLast(new JsonValueDecoder(LIMIT));
	}

	@AfterEach
	void close() {
		this.channel.finishAndReleaseAll();
	}

	@Test
	void unfinishedValueJustUnderTheLimitHoldsAboutTheLimit() {
		writeUnfinishedValue(LIMIT - 100);
		assertThat((Object) this.channel.readInbound()).isNull();
		assertThat(this.allocator.largestCapacity()).isLessThanOrEqualTo(LIMIT + 1 + CHUNK).isLessThan(8 * 1024 * 1024);
	}

	@Test
	void valueJustUnderTheLimitIsStillFramedWhole() {
		int written = writeUnfinishedValue(LIMIT - 100);
		write("\"}");
		ByteBuf value = this.channel.readInbound();
		try {
			assertThat(value.readableBytes()).isEqualTo(written + 2);
			assertThat(value.getByte(0)).isEqualTo((byte) '{');
			assertThat(value.getByte(written + 1)).isEqualTo((byte) '}');
		}
		finally {
			value.release();
		}
		assertThat(this.allocator.largestCapacity()).isLessThanOrEqualTo(LIMIT + 1 + CHUNK);
	}

	@Test
	void unfinishedValueOverTheLimitFailsHoldingNoMoreThanTheLimitAndOneRead() {
		writeUnfinishedValue(LIMIT + 3 * CHUNK);
		assertThat((Object) this.channel.readInbound()).isInstanceOf(JsonFramingError.class);
		assertThat(this.allocator.largestCapacity()).isLessThanOrEqualTo(LIMIT + 1 + CHUNK);
	}

	@Test
	void smallValuesGrowTheBufferOnlyAsFarAsTheyNeed() {
		for (int i = 0; i < 100; i++) {
			write("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":[" + i + "],\"id\":" + i + "}");
			ByteBuf value = this.channel.readInbound();
			value.release();
		}
		assertThat(this.allocator.largestCapacity()).isLessThan(1024);
	}

	/** Write an object whose string member stays open, in reads of {@link #CHUNK}. */
	private int writeUnfinishedValue(int size) {
		write("{\"a\":\"");
		int written = 6;
		byte[] filler = new byte[CHUNK];
		Arrays.fill(filler, (byte) 'x');
		while (written < size) {
			int length = Math.min(CHUNK, size - written);
			ByteBuf chunk = this.allocator.heapBuffer(length);
			chunk.writeBytes(filler, 0, length);
			this.channel.writeInbound(chunk);
			written += length;
		}
		return written;
	}

	private void write(String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		ByteBuf buffer = this.allocator.heapBuffer(bytes.length);
		this.channel.writeInbound(buffer.writeBytes(bytes));
	}

}
