package io.ujrpc.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Proves that the leak guard can fail: a deliberately leaked direct buffer is reported,
 * and reported once.
 */
class LeakDetectionTests {

	private static final String HINT = "deliberate leak from LeakDetectionTests";

	@Test
	void reportsALeakedDirectBufferAndForgetsWhatItReported() {
		leakADirectBuffer();
		List<String> reports = new ArrayList<>();
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			reports.addAll(LeakDetection.collect());
			return reports.stream().anyMatch((report) -> report.contains(HINT));
		});
		assertThat(reports).anySatisfy((report) -> assertThat(report).startsWith("ByteBuf").contains(HINT));
		assertThat(LeakDetection.collect()).isEmpty();
	}

	@Test
	void reportsNothingForAReleasedBuffer() {
		ByteBuf buffer = ByteBufAllocator.DEFAULT.directBuffer(64);
		buffer.touch(HINT).writeLong(1);
		buffer.release();
		assertThat(LeakDetection.collect()).noneSatisfy((report) -> assertThat(report).contains(HINT));
	}

	private static void leakADirectBuffer() {
		ByteBuf buffer = ByteBufAllocator.DEFAULT.directBuffer(64);
		assertThat(buffer.isDirect()).isTrue();
		buffer.touch(HINT).writeLong(42);
		// Dropped without release().
	}

}
