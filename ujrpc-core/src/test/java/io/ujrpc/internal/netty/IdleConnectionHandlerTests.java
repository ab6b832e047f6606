package io.ujrpc.internal.netty;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link IdleConnectionHandler}, on an embedded channel's own clock.
 */
class IdleConnectionHandlerTests {

	private static final long TIMEOUT_MILLIS = 1000;

	private static final long STEP_MILLIS = 50;

	private final List<Object> events = new ArrayList<>();

	private final EmbeddedChannel channel = new EmbeddedChannel(
			new IdleConnectionHandler(TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS)),
			new ChannelInboundHandlerAdapter() {

				@Override
				public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
					IdleConnectionHandlerTests.this.events.add(evt);
				}

			});

	IdleConnectionHandlerTests() {
		// Only advanceTimeBy moves the clock; the handler was added at time zero.
		this.channel.freezeTime();
	}

	@Test
	void quietConnectionIsIdleAfterTheTimeoutAndNotBefore() {
		advance(TIMEOUT_MILLIS - 1);
		assertThat(this.events).isEmpty();
		advance(1);
		assertThat(this.events).containsExactly(IdleStateEvent.FIRST_ALL_IDLE_STATE_EVENT);
		advance(TIMEOUT_MILLIS);
		assertThat(this.events).containsExactly(IdleStateEvent.FIRST_ALL_IDLE_STATE_EVENT,
				IdleStateEvent.ALL_IDLE_STATE_EVENT);
	}

	@Test
	void readsKeepItBusyAndItIsIdleWithinAQuarterMoreAfterTheLast() {
		for (int i = 0; i < 20; i++) {
			advance(TIMEOUT_MILLIS / 2);
			this.channel.writeInbound("request");
		}
		assertThat(this.events).isEmpty();
		// The checks run a step late, as an event loop runs them a little late.
		advance(TIMEOUT_MILLIS - STEP_MILLIS);
		assertThat(this.events).isEmpty();
		advance(TIMEOUT_MILLIS / 4 + 2 * STEP_MILLIS);
		assertThat(this.events).containsExactly(IdleStateEvent.FIRST_ALL_IDLE_STATE_EVENT);
	}

	@Test
	void writesKeepItBusy() {
		for (int i = 0; i < 20; i++) {
			advance(TIMEOUT_MILLIS / 2);
			this.channel.writeOutbound("response");
		}
		assertThat(this.events).isEmpty();
		advance(TIMEOUT_MILLIS + TIMEOUT_MILLIS / 4 + STEP_MILLIS);
		assertThat(this.events).containsExactly(IdleStateEvent.FIRST_ALL_IDLE_STATE_EVENT);
	}

	@Test
	void activityAfterAnEventMakesTheNextOneAFirstAgain() {
		advance(TIMEOUT_MILLIS);
		this.channel.writeInbound("request");
		advance(TIMEOUT_MILLIS + TIMEOUT_MILLIS / 4 + STEP_MILLIS);
		assertThat(this.events).containsExactly(IdleStateEvent.FIRST_ALL_IDLE_STATE_EVENT,
				IdleStateEvent.FIRST_ALL_IDLE_STATE_EVENT);
	}

	@Test
	void removedOrClosedHandlerChecksNoMore() {
		this.channel.pipeline().removeFirst();
		advance(3 * TIMEOUT_MILLIS);
		assertThat(this.events).isEmpty();
		EmbeddedChannel closed = new EmbeddedChannel(
				new IdleConnectionHandler(TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS)));
		closed.close();
		closed.advanceTimeBy(3 * TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
		assertThat(closed.runScheduledPendingTasks()).isEqualTo(-1);
	}

	@Test
	void timeoutMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> new IdleConnectionHandler(0))
			.withMessage("timeoutNanos: 0 (expected: > 0)");
	}

	private void advance(long millis) {
		// A step at a time, as the event loop would run the checks.
		for (long step = 0; step < millis; step += STEP_MILLIS) {
			this.channel.advanceTimeBy(Math.min(STEP_MILLIS, millis - step), TimeUnit.MILLISECONDS);
			this.channel.runScheduledPendingTasks();
		}
	}

}
