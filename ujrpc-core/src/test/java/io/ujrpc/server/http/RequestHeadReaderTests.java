package io.ujrpc.server.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link RequestHeadReader} takes the common request and nothing else, and the
 * {@link StrictHttpRequestDecoder} reads every input the same with it as without it.
 */
class RequestHeadReaderTests {

	static final String COMMON = "POST / HTTP/1.1\r\nHost: 127.0.0.1:8085\r\nContent-Length: 5\r\n"
			+ "Content-Type: application/json\r\n\r\nhello";

	private static final HttpDecoderConfig CONFIG = new HttpDecoderConfig()
		.setMaxInitialLineLength(HttpCorpus.MAX_INITIAL_LINE_LENGTH)
		.setMaxHeaderSize(HttpCorpus.MAX_HEADER_SIZE)
		.setMaxChunkSize(HttpCorpus.MAX_CONTENT_LENGTH);

	private static RequestHeadReader reader() {
		return new RequestHeadReader(CONFIG.getMaxInitialLineLength(), CONFIG.getMaxHeaderSize(),
				CONFIG.getMaxChunkSize(), CONFIG.getHeadersFactory(), CONFIG.getTrailersFactory());
	}

	@Test
	void commonRequestIsReadWithItsBody() {
		List<Object> out = new ArrayList<>();
		ByteBuf buffer = bytes(COMMON + "GET /");
		try {
			assertThat(reader().read(buffer, out)).isTrue();
			assertThat(buffer.readableBytes()).isEqualTo(5);
			HttpRequest request = (HttpRequest) out.get(0);
			assertThat(request.method().name()).isEqualTo("POST");
			assertThat(request.uri()).isEqualTo("/");
			assertThat(request.headers().get("host")).isEqualTo("127.0.0.1:8085");
			assertThat(request.headers().get("content-type")).isEqualTo("application/json");
			LastHttpContent body = (LastHttpContent) out.get(1);
			assertThat(body.content().toString(StandardCharsets.ISO_8859_1)).isEqualTo("hello");
			assertThat(body.trailingHeaders().isEmpty()).isTrue();
		}
		finally {
			out.forEach(ReferenceCountUtil::release);
			buffer.release();
		}
	}

	@Test
	void theSameHeadAgainReusesItsNamesValuesAndTarget() {
		RequestHeadReader reader = reader();
		HttpRequest first = readOne(reader, COMMON);
		HttpRequest second = readOne(reader, COMMON);
		assertThat(second.uri()).isSameAs(first.uri());
		assertThat(second.headers().get("host")).isSameAs(first.headers().get("host"));
		HttpRequest other = readOne(reader, COMMON.replace("127.0.0.1:8085", "localhost"));
		assertThat(other.headers().get("host")).isEqualTo("localhost");
		assertThat(other.headers().get("content-type")).isSameAs(first.headers().get("content-type"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "\r\n" + COMMON, "POST  / HTTP/1.1\r\nHost: x\r\n\r\n",
			"PUT / HTTP/1.1\r\nHost: x\r\n\r\n", "post / HTTP/1.1\r\nHost: x\r\n\r\n",
			"POST / HTTP/1.2\r\nHost: x\r\n\r\n", "POST / http/1.1\r\nHost: x\r\n\r\n",
			"POST / HTTP/1.1\nHost: x\r\n\r\n", "POST / HTTP/1.1\r\nHost: x\n\r\n", "POST / HTTP/1.1\r\nHost: x\r\n\n",
			"POST / HTTP/1.1\r\nHost:\tx\r\n\r\n", "POST / HTTP/1.1\r\nHost: x\r\n y\r\n\r\n",
			"POST / HTTP/1.1\r\nHost : x\r\n\r\n", "POST / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n",
			"POST / HTTP/1.1\r\nHost: x\r\nhOST: x\r\n\r\n", "POST / HTTP/1.1\r\nHost: \u00e9\r\n\r\n",
			"POST / HTTP/1.1\r\nHost: x\ry\r\n\r\n", "POST / HTTP/1.1\r\n\rHost: x\r\n\r\n",
			"POST / HTTP/1.1\r\nHost: x\r\nX-Empty:\r\n\r\n",
			"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
			"GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n\r\n",
			"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello",
			"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +5\r\n\r\nhello",
			"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5, 5\r\n\r\nhello",
			"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\nhello",
			"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2000\r\n\r\nhello", "POST / HTTP/1.1\r\nHost: x\r\n",
			"POST /\u0001 HTTP/1.1\r\nHost: x\r\n\r\n", "POST /\u007f HTTP/1.1\r\nHost: x\r\n\r\n" })
	void anythingUnusualIsLeftToNettysDecoder(String input) {
		List<Object> out = new ArrayList<>();
		ByteBuf buffer = bytes(input);
		try {
			assertThat(reader().read(buffer, out)).isFalse();
			assertThat(out).isEmpty();
			assertThat(buffer.readerIndex()).isZero();
		}
		finally {
			buffer.release();
		}
	}

	@Test
	void headsOverTheLimitsAreLeftToNettysDecoder() {
		String longTarget = "POST /" + "a".repeat(HttpCorpus.MAX_INITIAL_LINE_LENGTH) + " HTTP/1.1\r\nHost: x\r\n\r\n";
		String manyHeaders = "POST / HTTP/1.1\r\nHost: x\r\n" + "X-A: b\r\n".repeat(HttpCorpus.MAX_HEADER_SIZE / 8)
				+ "\r\n";
		for (String input : List.of(longTarget, manyHeaders)) {
			List<Object> out = new ArrayList<>();
			ByteBuf buffer = bytes(input);
			assertThat(reader().read(buffer, out)).isFalse();
			buffer.release();
		}
	}

	@Test
	void everyCorpusRequestDecodesAsWithoutTheReader() {
		for (HttpCorpus.Case testCase : HttpCorpus.cases()) {
			assertSameDecoding(testCase.request(), new Random(testCase.line()));
		}
	}

	@Test
	void mutatedCommonRequestsDecodeAsWithoutTheReader() {
		Random random = new Random(42);
		byte[] common = (COMMON + COMMON).getBytes(StandardCharsets.ISO_8859_1);
		byte[] interesting = " \t\r\n:\u0000\u007f\u0080,+0aZ".getBytes(StandardCharsets.ISO_8859_1);
		for (int run = 0; run < 5_000; run++) {
			byte[] input = common.clone();
			for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
				int at = random.nextInt(input.length);
				input[at] = interesting[random.nextInt(interesting.length)];
			}
			assertSameDecoding(input, random);
		}
	}

	/*
	 * The same input, cut in the same pieces (whole, then at random), into the decoder
	 * with and without the reader: the same messages come out.
	 */
	static void assertSameDecoding(byte[] input, Random random) {
		for (int cut = 0; cut < 2; cut++) {
			List<Integer> pieces = new ArrayList<>();
			int left = input.length;
			while (left > 0) {
				int piece = (cut == 0) ? left : 1 + random.nextInt(left);
				pieces.add(piece);
				left -= piece;
			}
			assertThat(decode(input, pieces, true)).as(() -> new String(input, StandardCharsets.ISO_8859_1))
				.isEqualTo(decode(input, pieces, false));
		}
	}

	private static List<String> decode(byte[] input, List<Integer> pieces, boolean inPlace) {
		EmbeddedChannel channel = new EmbeddedChannel(new StrictHttpRequestDecoder(CONFIG, inPlace));
		List<String> messages = new ArrayList<>();
		int offset = 0;
		for (int piece : pieces) {
			channel.writeInbound(Unpooled.wrappedBuffer(input, offset, piece));
			offset += piece;
			drain(channel, messages);
		}
		channel.finish();
		drain(channel, messages);
		return messages;
	}

	private static void drain(EmbeddedChannel channel, List<String> messages) {
		Object message;
		while ((message = channel.readInbound()) != null) {
			messages.add(describe(message));
			ReferenceCountUtil.release(message);
		}
	}

	private static String describe(Object message) {
		StringBuilder text = new StringBuilder(message.getClass().getSimpleName());
		if (message == LastHttpContent.EMPTY_LAST_CONTENT) {
			text.append(" EMPTY_LAST_CONTENT");
		}
		if (message instanceof HttpRequest request) {
			text.append(' ')
				.append(request.method())
				.append(' ')
				.append(request.uri())
				.append(' ')
				.append(request.protocolVersion());
			for (Map.Entry<String, String> header : request.headers()) {
				text.append(" [").append(header.getKey()).append(": ").append(header.getValue()).append(']');
			}
			text.append(' ').append(request.decoderResult().isSuccess());
			if (request.decoderResult().isFailure()) {
				text.append(' ').append(request.decoderResult().cause());
			}
		}
		if (message instanceof HttpContent content) {
			text.append(" <")
				.append(content.content().toString(StandardCharsets.ISO_8859_1))
				.append("> ")
				.append(content.decoderResult());
		}
		if (message instanceof LastHttpContent last) {
			text.append(" trailers ").append(last.trailingHeaders().entries());
		}
		return text.toString();
	}

	private static HttpRequest readOne(RequestHeadReader reader, String input) {
		List<Object> out = new ArrayList<>();
		ByteBuf buffer = bytes(input);
		assertThat(reader.read(buffer, out)).isTrue();
		out.forEach(ReferenceCountUtil::release);
		buffer.release();
		return (HttpRequest) out.get(0);
	}

	private static ByteBuf bytes(String text) {
		return Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
	}

}
