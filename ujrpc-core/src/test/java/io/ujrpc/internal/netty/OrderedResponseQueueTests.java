package io.ujrpc.internal.netty;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.local.LocalChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderedResponseQueueTests {

	private final List<Object> written = new ArrayList<>();

	private OrderedResponseQueue<String> queue;

	private EmbeddedChannel channel;

	@BeforeEach
	void setUp() {
		EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter() {

			@Override
			public void handlerAdded(ChannelHandlerContext ctx) {
				OrderedResponseQueueTests.this.queue = new OrderedResponseQueue<>(ctx, 16,
						(result, context, last) -> OrderedResponseQueueTests.this.written.add(context));
			}

		});
		assertThat(channel.isOpen()).isTrue();
		this.channel = channel;
	}

	@AfterEach
	void tearDown() {
		this.channel.finishAndReleaseAll();
	}

	@Test
	void writesInRequestOrderWhateverOrderResultsCompleteIn() {
		CompletableFuture<Object> first = new CompletableFuture<>();
		CompletableFuture<Object> second = new CompletableFuture<>();
		this.queue.add(first, "first");
		this.queue.add(second, "second");
		this.queue.add(CompletableFuture.completedFuture(null), "third");
		second.complete(null);
		assertThat(this.written).isEmpty();
		first.complete(null);
		assertThat(this.written).containsExactly("first", "second", "third");
	}

	@Test
	void resultThatCompletesWhileBeingQueuedIsStillWritten() {
		// Not done when the queue first looks, done by the time it would register a
		// callback: as when another thread completes it in between.
		CompletableFuture<Object> racing = new CompletableFuture<>() {

			private int checks;

			@Override
			public boolean isDone() {
				if (++this.checks == 2) {
					complete(null);
				}
				return super.isDone();
			}

		};
		this.queue.add(racing, "racing");
		this.queue.add(CompletableFuture.completedFuture(null), "next");
		assertThat(this.written).containsExactly("racing", "next");
		assertThat(this.queue.isEmpty()).isTrue();
	}

	@Test
	void stopsReadingAtThePendingLimitAndResumesWhenOneIsWritten() {
		List<CompletableFuture<Object>> pending = new ArrayList<>();
		for (int i = 0; i < 15; i++) {
			CompletableFuture<Object> result = new CompletableFuture<>();
			pending.add(result);
			this.queue.add(result, "call " + i);
		}
		assertThat(this.channel.config().isAutoRead()).isTrue();
		CompletableFuture<Object> last = new CompletableFuture<>();
		this.queue.add(last, "call 15");
		assertThat(this.channel.config().isAutoRead()).isFalse();
		pending.get(0).complete(null);
		assertThat(this.written).containsExactly("call 0");
		assertThat(this.channel.config().isAutoRead()).isTrue();
	}

	@Test
	void stopReadingStopsForGoodEvenWhenNothingIsPending() {
		CompletableFuture<Object> result = new CompletableFuture<>();
		this.queue.add(result, "call");
		this.queue.stopReading();
		assertThat(this.channel.config().isAutoRead()).isFalse();
		result.complete(null);
		assertThat(this.written).containsExactly("call");
		assertThat(this.queue.isEmpty()).isTrue();
		assertThat(this.channel.config().isAutoRead()).isFalse();
	}

	@Test
	void resultsAreReleasedNotWrittenOnceTheConnectionIsClosed() {
		ByteBuf ready = Unpooled.buffer().writeByte(1);
		ByteBuf later = Unpooled.buffer().writeByte(2);
		CompletableFuture<Object> first = new CompletableFuture<>();
		CompletableFuture<Object> second = new CompletableFuture<>();
		this.queue.add(first, "first");
		this.queue.add(second, "second");
		second.complete(ready);
		this.queue.closed();
		// Still behind the first in line: released when its turn comes.
		first.complete(later);
		assertThat(later.refCnt()).isZero();
		assertThat(ready.refCnt()).isZero();
		assertThat(this.written).isEmpty();
		assertThat(this.queue.isEmpty()).isTrue();
	}

	@Test
	void resultThatCompletesAfterTheEventLoopShutDownIsReleased() throws Exception {
		DefaultEventLoopGroup group = new DefaultEventLoopGroup(1);
		List<Object> written = new ArrayList<>();
		CompletableFuture<OrderedResponseQueue<String>> created = new CompletableFuture<>();
		LocalChannel channel = new LocalChannel();
		channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {

			@Override
			public void handlerAdded(ChannelHandlerContext ctx) {
				created.complete(new OrderedResponseQueue<>(ctx, 16, (result, context, last) -> written.add(context)));
			}

		});
		group.register(channel).sync();
		OrderedResponseQueue<String> queue = created.get(5, TimeUnit.SECONDS);
		CompletableFuture<Object> result = new CompletableFuture<>();
		channel.eventLoop().submit(() -> queue.add(result, "late")).sync();
		group.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
		ByteBuf response = Unpooled.buffer().writeByte(1);
		// Completed on this thread, as a blocking call would be, with no event loop to
		// hand the write to.
		result.complete(response);
		assertThat(response.refCnt()).isZero();
		assertThat(written).isEmpty();
	}

}
