package io.ujrpc.server.tcp;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.ujrpc.dispatch.JsonRpcDispatcher;
import io.ujrpc.internal.netty.JsonRpcExchange;
import io.ujrpc.observation.ServerMetricsListener;
import io.ujrpc.protocol.JsonRpcCodec;
import io.ujrpc.server.config.TcpSettings;
import io.ujrpc.test.TestMethods;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One read of many small requests with large responses: the connection dispatches no more
 * requests while its send buffer is over the high-water mark, so the responses it holds
 * stay bounded, and every request is still answered, in order.
 */
class ResponseBackpressureTests {

	private static final int REQUESTS = 200;

	private static final int RESPONSE_SIZE = 10_000;

	@Test
	void pipelinedRequestsWaitForRoomInsteadOfPilingUpResponses() {
		AtomicLong mostPending = new AtomicLong();
		JsonRpcExchange exchange = new JsonRpcExchange(
				new JsonRpcDispatcher(TestMethods.registry(), Runnable::run, false),
				new JsonRpcCodec(JsonMapper.builder().build(), 10), ServerMetricsListener.NONE);
		EmbeddedChannel channel = new EmbeddedChannel();
		channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(4 * 1024, 16 * 1024));
		channel.pipeline().addLast(new ChannelOutboundHandlerAdapter() {

			@Override
			public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
				ctx.write(msg, promise);
				mostPending.accumulateAndGet(ctx.channel().unsafe().outboundBuffer().totalPendingWriteBytes(),
						Math::max);
			}

		});
		channel.pipeline()
			.addLast(new TcpServerInitializer(new TcpSettings(0, 1024 * 1024, Duration.ZERO, Duration.ZERO, 1024),
					exchange));
		String text = "x".repeat(RESPONSE_SIZE);
		StringBuilder requests = new StringBuilder();
		for (int id = 0; id < REQUESTS; id++) {
			requests.append("{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[\"")
				.append(text)
				.append("\"],\"id\":")
				.append(id)
				.append("}\n");
		}
		// One read holding every request, as a pipelining client's burst arrives.
		channel.writeInbound(Unpooled.copiedBuffer(requests, StandardCharsets.UTF_8));
		StringBuilder answers = new StringBuilder();
		for (int polls = 0; polls < 10_000 && count(answers) < REQUESTS; polls++) {
			ByteBuf out = channel.readOutbound();
			if (out == null) {
				// The client reads: the send buffer empties and the rest is dispatched.
				channel.runPendingTasks();
				channel.pipeline().fireChannelWritabilityChanged();
				continue;
			}
			answers.append(out.toString(StandardCharsets.UTF_8));
			out.release();
		}
		assertThat(count(answers)).isEqualTo(REQUESTS);
		String[] lines = answers.toString().split("\n");
		for (int id = 0; id < REQUESTS; id++) {
			assertThat(lines[id]).endsWith("\"id\":" + id + "}");
		}
		// Without holding back, one read's 200 responses (2 MB) would be pending at once.
		assertThat(mostPending.get()).isLessThan(16 * 1024 + 2L * RESPONSE_SIZE);
		channel.finishAndReleaseAll();
	}

	private static int count(CharSequence answers) {
		int lines = 0;
		for (int i = 0; i < answers.length(); i++) {
			if (answers.charAt(i) == '\n') {
				lines++;
			}
		}
		return lines;
	}

}
