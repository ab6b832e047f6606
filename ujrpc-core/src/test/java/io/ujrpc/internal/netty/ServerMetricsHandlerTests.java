package io.ujrpc.internal.netty;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.ujrpc.observation.ServerMetricsListener;
import io.ujrpc.protocol.Protocol;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServerMetricsHandlerTests {

	private final CountingListener listener = new CountingListener();

	@Test
	void reportsConnectionLifeAndBytesBothWays() {
		EmbeddedChannel channel = new EmbeddedChannel(new ServerMetricsHandler(Protocol.HTTP, this.listener));
		assertThat(this.listener.opened).hasValue(1);
		channel.writeInbound(Unpooled.copiedBuffer("hello", StandardCharsets.US_ASCII));
		channel.writeOutbound(Unpooled.copiedBuffer("hi!", StandardCharsets.US_ASCII));
		((ByteBuf) channel.readInbound()).release();
		((ByteBuf) channel.readOutbound()).release();
		assertThat(this.listener.received).hasValue(5);
		assertThat(this.listener.sent).hasValue(3);
		channel.close();
		assertThat(this.listener.closed).hasValue(1);
	}

	@Test
	void passesOtherMessagesOnUncounted() {
		EmbeddedChannel channel = new EmbeddedChannel(new ServerMetricsHandler(Protocol.HTTP, this.listener));
		channel.writeInbound("not bytes");
		assertThat((Object) channel.readInbound()).isEqualTo("not bytes");
		assertThat(this.listener.received).hasValue(0);
		channel.finishAndReleaseAll();
	}

	static class CountingListener implements ServerMetricsListener {

		final AtomicInteger opened = new AtomicInteger();

		final AtomicInteger closed = new AtomicInteger();

		final AtomicLong received = new AtomicLong();

		final AtomicLong sent = new AtomicLong();

		@Override
		public void connectionOpened(Protocol protocol) {
			this.opened.incrementAndGet();
		}

		@Override
		public void connectionClosed(Protocol protocol) {
			this.closed.incrementAndGet();
		}

		@Override
		public void bytesReceived(Protocol protocol, int bytes) {
			this.received.addAndGet(bytes);
		}

		@Override
		public void bytesSent(Protocol protocol, int bytes) {
			this.sent.addAndGet(bytes);
		}

	}

}
