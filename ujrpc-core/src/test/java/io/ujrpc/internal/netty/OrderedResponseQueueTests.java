package io.ujrpc.internal.netty;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderedResponseQueueTests {

	private final List<Object> written = new ArrayList<>();

	private OrderedResponseQueue<String> queue;

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

}
