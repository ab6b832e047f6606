package io.ujrpc.server.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import io.ujrpc.test.RecordingAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What a request whose body arrives in pieces holds while it is aggregated: the decoder
 * hands each piece on as a slice of the buffer it was read into.
 */
class HttpRequestAggregatorTests {

	private static final int READ_BUFFER = 16 * 1024;

	private final RecordingAllocator allocator = new RecordingAllocator();

	private final EmbeddedChannel channel = new EmbeddedChannel();

	private final List<ByteBuf> reads = new ArrayList<>();

	HttpRequestAggregatorTests() {
		this.channel.config().setAllocator(this.allocator);
		this.channel.pipeline()
			.addLast(new StrictHttpRequestDecoder(new HttpDecoderConfig()))
			.addLast(new HttpRequestAggregator(1024 * 1024));
	}

	@AfterEach
	void release() {
		this.channel.finishAndReleaseAll();
		this.reads.forEach(ByteBuf::release);
	}

	@Test
	void requestHandedOnWholeByTheDecoderIsTheRequestTheAggregatorMakes() {
		String sum = "{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1}";
		String reads = "POST /rpc?x=1 HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: "
				+ sum.length() + "\r\n\r\n" + sum + "GET /rest/sum?a=1&b=2 HTTP/1.1\r\nHost: a\r\n\r\n"
				+ "POST /rest/upload HTTP/1.1\r\nHost: a\r\nContent-Type: application/octet-stream\r\n"
				+ "Content-Length: 3\r\n\r\nabc" + "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 40\r\n\r\n"
				+ "x".repeat(40) + "POST / HTTP/1.0\r\nHost: a\r\nContent-Length: 2\r\n\r\n[]";
		int limit = 32;
		List<String> whole = decode(new StrictHttpRequestDecoder(new HttpDecoderConfig(), limit), limit, reads);
		List<String> apart = decode(new StrictHttpRequestDecoder(new HttpDecoderConfig()), limit, reads);
		assertThat(whole).hasSize(5).isEqualTo(apart);
	}

	@Test
	void decoderHandsOnWholeOnlyWhatIsNotAStreamAndWithinItsLimit() {
		EmbeddedChannel decoder = new EmbeddedChannel(new StrictHttpRequestDecoder(new HttpDecoderConfig(), 8));
		try {
			decoder.writeInbound(Unpooled.copiedBuffer("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n[]"
					+ "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 9\r\n\r\n[1,2,3,4]"
					+ "POST / HTTP/1.1\r\nHost: a\r\nContent-Type: Application/Octet-Stream; x=y\r\n"
					+ "Content-Length: 2\r\n\r\nab", StandardCharsets.US_ASCII));
			List<String> kinds = new ArrayList<>();
			for (Object message; (message = decoder.readInbound()) != null;) {
				kinds.add((message instanceof FullHttpRequest) ? "whole"
						: (message instanceof HttpRequest) ? "head" : "body");
				ReferenceCountUtil.release(message);
			}
			assertThat(kinds).containsExactly("whole", "head", "body", "head", "body");
		}
		finally {
			decoder.finishAndReleaseAll();
		}
	}

	/* Each request the aggregator hands on, as text: method, target, headers, body. */
	private static List<String> decode(StrictHttpRequestDecoder decoder, int limit, String reads) {
		EmbeddedChannel channel = new EmbeddedChannel(decoder, new HttpRequestValidator(limit),
				new HttpRequestAggregator(limit));
		try {
			channel.writeInbound(Unpooled.copiedBuffer(reads, StandardCharsets.US_ASCII));
			List<String> requests = new ArrayList<>();
			for (Object message; (message = channel.readInbound()) != null;) {
				FullHttpRequest request = (FullHttpRequest) message;
				try {
					requests.add(request.method() + " " + request.uri() + " " + request.protocolVersion() + " "
							+ request.headers().entries() + " " + request.trailingHeaders().entries() + " "
							+ request.decoderResult() + " " + request.content().toString(StandardCharsets.UTF_8));
				}
				finally {
					request.release();
				}
			}
			return requests;
		}
		finally {
			channel.finishAndReleaseAll();
		}
	}

	@Test
	void smallPiecesOfASlowBodyDoNotKeepTheBuffersTheyWereReadInto() {
		String body = "{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1}";
		read("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length() + "\r\n\r\n", READ_BUFFER);
		for (int i = 0; i < body.length() - 1; i += 3) {
			ByteBuf read = read(body.substring(i, Math.min(i + 3, body.length() - 1)), READ_BUFFER);
			// Only this test's own reference is left: the aggregator copied the piece.
			assertThat(read.refCnt()).isEqualTo(1);
		}
		read(body.substring(body.length() - 1), READ_BUFFER);
		FullHttpRequest request = this.channel.readInbound();
		try {
			assertThat(request.content().toString(StandardCharsets.UTF_8)).isEqualTo(body);
		}
		finally {
			request.release();
		}
		assertThat(this.allocator.buffers()).isNotEmpty().allSatisfy((buffer) -> assertThat(buffer.refCnt()).isZero());
	}

	@Test
	void slowBodyHoldsAboutWhatItHasSentInBuffersThatDoubleInSize() {
		int pieces = 500;
		read("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + (pieces * 2 + 1) + "\r\n\r\n", READ_BUFFER);
		for (int i = 0; i < pieces; i++) {
			read("[]", READ_BUFFER);
		}
		assertThat((Object) this.channel.readInbound()).isNull();
		int held = this.allocator.buffers().stream().mapToInt(ByteBuf::capacity).sum();
		assertThat(held).isLessThanOrEqualTo(2 * pieces * 2 + HttpRequestAggregator.FIRST_PIECES_CAPACITY);
		assertThat(this.allocator.buffers()).extracting(ByteBuf::capacity)
			.containsExactly(128, 256, 512, 1024)
			.allSatisfy(
					(capacity) -> assertThat(capacity).isLessThanOrEqualTo(HttpRequestAggregator.MAX_PIECES_CAPACITY));
		assertThat(this.reads).allSatisfy((read) -> assertThat(read.refCnt()).isEqualTo(1));
		read("]", READ_BUFFER);
		FullHttpRequest request = this.channel.readInbound();
		try {
			assertThat(request.content().toString(StandardCharsets.UTF_8)).isEqualTo("[]".repeat(pieces) + "]");
		}
		finally {
			request.release();
		}
		assertThat(this.allocator.buffers()).allSatisfy((buffer) -> assertThat(buffer.refCnt()).isZero());
	}

	@Test
	void piecesThatFillTheBuffersTheyWereReadIntoAreKeptAsTheyAre() {
		read("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\n\r\n", READ_BUFFER);
		ByteBuf first = read("[1,2", 4);
		assertThat(first.refCnt()).isEqualTo(2);
		read(",3]", 3);
		FullHttpRequest request = this.channel.readInbound();
		try {
			assertThat(request.content().toString(StandardCharsets.UTF_8)).isEqualTo("[1,2,3]");
		}
		finally {
			request.release();
		}
		assertThat(this.allocator.buffers()).isEmpty();
		assertThat(first.refCnt()).isEqualTo(1);
	}

	@Test
	void chunkedBodyInSmallReadsIsCopiedToo() {
		read("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n", READ_BUFFER);
		ByteBuf size = read("4\r\n", READ_BUFFER);
		ByteBuf data = read("[1,2", READ_BUFFER);
		read("\r\n3\r\n,3]\r\n0\r\n\r\n", READ_BUFFER);
		assertThat(size.refCnt()).isEqualTo(1);
		assertThat(data.refCnt()).isEqualTo(1);
		FullHttpRequest request = this.channel.readInbound();
		try {
			assertThat(request.content().toString(StandardCharsets.UTF_8)).isEqualTo("[1,2,3]");
		}
		finally {
			request.release();
		}
		assertThat(this.allocator.buffers()).isNotEmpty().allSatisfy((buffer) -> assertThat(buffer.refCnt()).isZero());
	}

	@Test
	void connectionClosedMidBodyReleasesTheCopies() {
		read("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n", READ_BUFFER);
		read("[1,", READ_BUFFER);
		read("2,", READ_BUFFER);
		assertThat(this.allocator.buffers()).hasSize(1)
			.allSatisfy((buffer) -> assertThat(buffer.refCnt()).isPositive());
		this.channel.close();
		// What Netty's aggregation says of a request cut short.
		assertThatExceptionOfType(PrematureChannelClosureException.class).isThrownBy(this.channel::checkException);
		assertThat(this.allocator.buffers()).allSatisfy((buffer) -> assertThat(buffer.refCnt()).isZero());
		assertThat(this.reads).allSatisfy((read) -> assertThat(read.refCnt()).isEqualTo(1));
	}

	@Test
	void nextRequestStartsWithANewPiecesBuffer() {
		for (int i = 0; i < 2; i++) {
			read("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\n", READ_BUFFER);
			read("[1,", READ_BUFFER);
			read("2", READ_BUFFER);
			FullHttpRequest request = this.channel.readInbound();
			try {
				assertThat(request.content().toString(StandardCharsets.UTF_8)).isEqualTo("[1,2");
			}
			finally {
				request.release();
			}
		}
		assertThat(this.allocator.buffers()).hasSize(2).allSatisfy((buffer) -> assertThat(buffer.refCnt()).isZero());
	}

	/**
	 * One read of the given bytes, in a buffer of the given capacity; the test keeps a
	 * reference to it, so that what else still holds it shows in its count.
	 */
	private ByteBuf read(String bytes, int capacity) {
		ByteBuf read = Unpooled.buffer(capacity, capacity).writeBytes(bytes.getBytes(StandardCharsets.US_ASCII));
		this.reads.add(read.retain());
		this.channel.writeInbound(read);
		return read;
	}

}
