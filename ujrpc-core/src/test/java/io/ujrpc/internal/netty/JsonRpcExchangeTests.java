package io.ujrpc.internal.netty;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.ujrpc.dispatch.JsonRpcDispatcher;
import io.ujrpc.observation.ServerMetricsListener;
import io.ujrpc.protocol.JsonRpcCodec;
import io.ujrpc.protocol.Protocol;
import io.ujrpc.test.TestMethods;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class JsonRpcExchangeTests {

	private final JsonRpcExchange exchange = new JsonRpcExchange(
			new JsonRpcDispatcher(TestMethods.registry(), Runnable::run, false),
			new JsonRpcCodec(JsonMapper.builder().build(), 10), ServerMetricsListener.NONE);

	@Test
	void directPayloadsOfChangingSizesAreEachReadWhole() {
		// A long payload, then a short one: the short one must not see the long one's
		// tail.
		String text = "x".repeat(3000);
		assertThat(answer(direct("{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[\"" + text + "\"],\"id\":1}")))
			.isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"" + text + "\",\"id\":1}");
		assertThat(answer(direct("{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":2}")))
			.isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":2}");
	}

	@Test
	void directPayloadOverTheScratchLimitIsRead() {
		String text = "y".repeat(40_000);
		assertThat(answer(direct("{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[\"" + text + "\"],\"id\":1}")))
			.isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"" + text + "\",\"id\":1}");
	}

	@Test
	void directPayloadThatIsNotUtf8IsAParseError() {
		ByteBuf payload = direct("{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[\"..\"],\"id\":1}");
		payload.setByte(payload.readerIndex() + 44, 0xC3);
		payload.setByte(payload.readerIndex() + 45, 0x28);
		assertThat(answer(payload)).contains("\"code\":-32700");
	}

	@Test
	void payloadIsReadFromItsReaderIndex() {
		ByteBuf payload = PooledByteBufAllocator.DEFAULT.directBuffer();
		payload.writeBytes("garbage".getBytes(StandardCharsets.UTF_8))
			.writeBytes("{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[2,3],\"id\":7}"
				.getBytes(StandardCharsets.UTF_8))
			.readerIndex(7);
		assertThat(answer(payload)).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":5,\"id\":7}");
		assertThat(answer(Unpooled.copiedBuffer("{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[2,3],\"id\":8}",
				StandardCharsets.UTF_8)))
			.isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":5,\"id\":8}");
	}

	private String answer(ByteBuf payload) {
		try {
			ByteBuf reply = this.exchange.answer(payload, PooledByteBufAllocator.DEFAULT, Protocol.HTTP).join();
			try {
				return reply.toString(StandardCharsets.UTF_8);
			}
			finally {
				reply.release();
			}
		}
		finally {
			payload.release();
		}
	}

	private static ByteBuf direct(String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		return PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
	}

}
