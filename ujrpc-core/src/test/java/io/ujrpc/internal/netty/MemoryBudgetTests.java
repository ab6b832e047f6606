package io.ujrpc.internal.netty;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The budget's own arithmetic, and the two places that count responses: the queue for a
 * response that waits behind a slower one, the outbound handler for one being written.
 */
class MemoryBudgetTests {

	@Test
	void requestBytesAreTakenOnlyWhileTheyFitAndResponseBytesAlways() {
		MemoryBudget budget = new MemoryBudget(100);
		assertThat(budget.tryAcquire(60)).isTrue();
		assertThat(budget.tryAcquire(41)).isFalse();
		assertThat(budget.used()).isEqualTo(60);
		assertThat(budget.tryAcquire(40)).isTrue();
		assertThat(budget.isExhausted()).isTrue();
		budget.acquire(10);
		assertThat(budget.used()).isEqualTo(110);
		budget.release(110);
		assertThat(budget.used()).isZero();
		assertThat(budget.isExhausted()).isFalse();
	}

	@Test
	void limitMustBePositiveAndTheDefaultIsHalfTheDirectMemoryAtMostOneGibibyte() {
		assertThatIllegalArgumentException().isThrownBy(() -> new MemoryBudget(0))
			.withMessage("maxBufferedBytes: 0 (expected: > 0)");
		assertThat(MemoryBudget.defaultLimit()).isPositive().isLessThanOrEqualTo(MemoryBudget.DEFAULT_CAP);
	}

	@Test
	void writeIsCountedUntilItCompletes() {
		MemoryBudget budget = new MemoryBudget(1_000_000);
		EmbeddedChannel channel = new EmbeddedChannel(new OutboundBudgetHandler(budget));
		channel.write(Unpooled.wrappedBuffer(new byte[1000]), channel.voidPromise());
		assertThat(budget.used()).isEqualTo(1000);
		channel.flush();
		assertThat(budget.used()).isZero();
		ByteBuf written = channel.readOutbound();
		written.release();
		channel.write(Unpooled.wrappedBuffer(new byte[500]));
		assertThat(budget.used()).isEqualTo(500);
		// Never flushed: the write fails as the channel closes, and its bytes come back.
		channel.close();
		assertThat(budget.used()).isZero();
	}

	@Test
	void readyResponseIsCountedWhileItWaitsBehindASlowerOneAndGivenBackWhenReleased() {
		MemoryBudget budget = new MemoryBudget(1_000_000);
		AtomicReference<OrderedResponseQueue<String>> queue = new AtomicReference<>();
		EmbeddedChannel channel = new EmbeddedChannel();
		channel.attr(MemoryBudget.KEY).set(budget);
		channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {

			@Override
			public void handlerAdded(ChannelHandlerContext ctx) {
				queue.set(new OrderedResponseQueue<>(ctx, 16,
						(result, context, last) -> ((ByteBuf) result.join()).release()));
			}

		});
		CompletableFuture<Object> slow = new CompletableFuture<>();
		CompletableFuture<Object> ready = new CompletableFuture<>();
		queue.get().add(slow, "slow");
		queue.get().add(ready, "ready");
		ready.complete(Unpooled.wrappedBuffer(new byte[300]));
		assertThat(budget.used()).isEqualTo(300);
		slow.complete(Unpooled.wrappedBuffer(new byte[10]));
		assertThat(budget.used()).isZero();

		CompletableFuture<Object> slowAgain = new CompletableFuture<>();
		queue.get().add(slowAgain, "slow");
		queue.get().add(CompletableFuture.completedFuture(Unpooled.wrappedBuffer(new byte[200])), "ready");
		assertThat(budget.used()).isEqualTo(200);
		channel.close();
		queue.get().closed();
		assertThat(budget.used()).as("released as the connection closes").isZero();
		slowAgain.complete(Unpooled.wrappedBuffer(new byte[10]));
		assertThat(budget.used()).isZero();
	}

}
