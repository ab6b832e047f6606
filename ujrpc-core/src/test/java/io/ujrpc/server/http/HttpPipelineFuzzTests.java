package io.ujrpc.server.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.annotation.JsonRpcParam;
import io.ujrpc.dispatch.JsonRpcDispatcher;
import io.ujrpc.dispatch.MethodRegistry;
import io.ujrpc.internal.netty.JsonRpcExchange;
import io.ujrpc.observation.ServerMetricsListener;
import io.ujrpc.protocol.JsonRpcCodec;
import io.ujrpc.test.LeakDetection;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Arbitrary bytes, in arbitrary pieces, into the whole HTTP pipeline (WebSocket on) on an
 * {@link EmbeddedChannel}: no exception escapes it, it writes nothing but encoded bytes,
 * and what it writes is a sequence of well-formed HTTP/1.x responses (up to a switch to
 * WebSocket). Runs its seeds in every build; {@code JAZZER_FUZZ=1} fuzzes for real.
 */
class HttpPipelineFuzzTests {

	private static final JsonRpcExchange EXCHANGE = exchange();

	private static final Pattern STATUS_LINE_START = Pattern.compile("HTTP/1\\.[01] [1-5][0-9][0-9] ");

	/**
	 * Leaks are looked for every so many runs, as that takes several collections; the
	 * leak detection extension looks once more when the fuzzing is over.
	 */
	private static final int LEAK_CHECK_INTERVAL = 2_000;

	private static int runs;

	@FuzzTest(maxDuration = "6m")
	void anyBytesInAnyPiecesGetWellFormedResponses(FuzzedDataProvider data) {
		EmbeddedChannel channel = new EmbeddedChannel(
				new HttpServerInitializer(HttpCorpus.httpSettings(), HttpCorpus.webSocketSettings(), EXCHANGE));
		ByteArrayOutputStream written = new ByteArrayOutputStream();
		boolean closed;
		try {
			for (int writes = 0; writes < 64 && data.remainingBytes() > 0 && channel.isOpen(); writes++) {
				byte[] piece = data.consumeBytes(data.consumeInt(1, 512));
				channel.writeInbound(Unpooled.wrappedBuffer(piece));
				channel.runPendingTasks();
				drain(channel, written);
			}
			closed = !channel.isOpen();
		}
		finally {
			channel.finishAndReleaseAll();
		}

		assertWellFormed(written.toByteArray(), closed);
		if (++runs % LEAK_CHECK_INTERVAL == 0) {
			assertThat(LeakDetection.collect()).as("leaks").isEmpty();
		}
	}

	private static void drain(EmbeddedChannel channel, ByteArrayOutputStream written) {
		for (Object message; (message = channel.readOutbound()) != null;) {
			assertThat(message).as("only encoded bytes are written").isInstanceOf(ByteBuf.class);
			ByteBuf buffer = (ByteBuf) message;
			byte[] bytes = new byte[buffer.readableBytes()];
			buffer.readBytes(bytes);
			buffer.release();
			written.writeBytes(bytes);
		}
	}

	/**
	 * Responses back to back: a status line, header lines, and a body of Content-Length
	 * bytes, or none for a response to HEAD (recognised by the next status line following
	 * at once).
	 */
	static void assertWellFormed(byte[] bytes, boolean closed) {
		String text = new String(bytes, StandardCharsets.ISO_8859_1);
		int at = 0;
		while (at < text.length()) {
			int end = text.indexOf("\r\n\r\n", at);
			assertThat(end).as("a complete head at %d in %s", at, text).isPositive();
			String[] lines = text.substring(at, end).split("\r\n", -1);
			assertThat(lines[0]).as("status line").matches("HTTP/1\\.[01] [1-5][0-9][0-9] [A-Za-z -]+");
			int status = Integer.parseInt(lines[0].substring(9, 12));
			long length = -1;
			for (int i = 1; i < lines.length; i++) {
				assertThat(lines[i]).as("header line").matches("[A-Za-z0-9-]+: [\\x20-\\x7e]*");
				if (lines[i].toLowerCase(Locale.ROOT).startsWith("content-length: ")) {
					length = Long.parseLong(lines[i].substring(16));
				}
			}
			at = end + 4;
			if (status == 101) {
				// WebSocket frames from here on.
				return;
			}
			if (status < 200 || status == 204 || status == 304) {
				continue;
			}
			if (length < 0) {
				// Close-delimited (RFC 9112 6.3): only Netty's own refusal of a WebSocket
				// handshake (a 400 it writes itself, without Content-Length, then closes)
				// does this; it must be the last thing written.
				assertThat(closed).as("a response without Content-Length closes: %s", lines[0]).isTrue();
				return;
			}
			// A body is followed by the end or by another status line; where it is
			// not, the response answered a HEAD, and what follows is the next one.
			long next = at + length;
			boolean bodyFits = next <= text.length() && (next == text.length() || startsResponse(text, (int) next));
			if (bodyFits) {
				at = (int) next;
			}
			else {
				assertThat(at == text.length() || startsResponse(text, at))
					.as("a body of %d bytes, or a HEAD response, at %d in %s", length, at, text)
					.isTrue();
			}
		}
	}

	private static boolean startsResponse(String text, int at) {
		return STATUS_LINE_START.matcher(text).region(at, text.length()).lookingAt();
	}

	private static JsonRpcExchange exchange() {
		JsonMapper mapper = JsonMapper.builder().build();
		MethodRegistry registry = MethodRegistry.builder(mapper).addAnnotated(new Methods()).build();
		return new JsonRpcExchange(new JsonRpcDispatcher(registry, Runnable::run, false), new JsonRpcCodec(mapper, 10),
				ServerMetricsListener.NONE);
	}

	/**
	 * Names given outright: Jazzer's instrumentation drops the compiled parameter names.
	 */
	static class Methods {

		@JsonRpcMethod(nonBlocking = true)
		String echo(@JsonRpcParam("text") String text) {
			return text;
		}

		@JsonRpcMethod(nonBlocking = true)
		long sum(@JsonRpcParam("a") long a, @JsonRpcParam("b") long b) {
			return a + b;
		}

	}

}
