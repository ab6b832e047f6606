package io.ujrpc.server.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.ujrpc.internal.netty.NettyVersionCheck;
import io.ujrpc.server.JsonRpcServer;
import io.ujrpc.server.http.HttpCorpus.Case;
import io.ujrpc.server.http.HttpCorpus.Expected;
import io.ujrpc.server.http.HttpCorpus.Response;
import io.ujrpc.test.TestMethods;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs the raw request corpus ({@code http-corpus.tsv}) against a real server on port 0
 * (WebSocket on, a route registered), each case on a fresh connection, and again on an
 * {@link EmbeddedChannel}; a keep-alive connection opened before the corpus must still be
 * answered after it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HttpCorpusTests {

	private static final int TIMEOUT_MILLIS = 10_000;

	private JsonRpcServer server;

	private Socket bystander;

	@BeforeAll
	void startServer() throws IOException {
		this.server = JsonRpcServer.builder(TestMethods.registry())
			.port(0)
			.webSocketPath("/ws")
			.route("/health", HttpCorpus.health())
			.maxContentLength(HttpCorpus.MAX_CONTENT_LENGTH)
			.maxInitialLineLength(HttpCorpus.MAX_INITIAL_LINE_LENGTH)
			.maxHeaderSize(HttpCorpus.MAX_HEADER_SIZE)
			// The bystander waits through the whole corpus, which takes longer than the
			// default idle timeout on a loaded machine.
			.idleTimeout(Duration.ofMinutes(10))
			.build()
			.start();
		this.bystander = connect();
		assertThat(probe(this.bystander.getInputStream(), this.bystander)).isTrue();
	}

	@AfterAll
	void stopServer() throws IOException {
		if (this.bystander != null) {
			this.bystander.close();
		}
		if (this.server != null) {
			this.server.stop();
		}
	}

	/**
	 * Cases whose outcome only Netty 4.2.18's decoder enforces (a strict chunk-size
	 * line); skipped on an older Netty, which the server warns about at startup.
	 */
	private static final Set<String> NEEDS_NETTY_4_2_18 = Set.of("chunk-size-bare-cr", "chunk-size-cr-cr-lf",
			"chunk-size-junk-after-space", "chunk-size-leading-space", "chunk-size-nul", "chunked-empty-list-elements",
			"pipelined-get-then-bad-chunk");

	private static void assumeNettyChecks(Case c) {
		if (NettyVersionCheck.isOutdated() && NEEDS_NETTY_4_2_18.contains(c.name())) {
			String reason = c.name() + " needs Netty 4.2.18's chunk-size checks; this is an older Netty";
			System.out.println("HttpCorpusTests: skipped " + reason);
			Assumptions.abort(reason);
		}
	}

	static List<Case> cases() {
		return HttpCorpus.cases();
	}

	@Test
	@Order(0)
	void corpusHasAtLeast200Cases() {
		assertThat(cases()).hasSizeGreaterThanOrEqualTo(200);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	@Order(1)
	void overASocket(Case c) throws IOException {
		assumeNettyChecks(c);
		try (Socket socket = connect()) {
			socket.getOutputStream().write(c.request());
			socket.getOutputStream().flush();
			InputStream in = socket.getInputStream();
			StringBuilder transcript = new StringBuilder();
			boolean ended = readResponses(c, in, transcript);
			if (c.closes()) {
				if (!ended) {
					assertEndOfStream(c, in, transcript);
				}
			}
			else {
				assertThat(ended).as("%s: the connection stays open; read %s", c, transcript).isFalse();
				assertThat(probe(in, socket)).as("%s: a request after the case is answered", c).isTrue();
			}
			assertChecks(c, transcript);
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	@Order(2)
	void onAnEmbeddedChannel(Case c) throws IOException {
		assumeNettyChecks(c);
		EmbeddedChannel channel = new EmbeddedChannel(new HttpServerInitializer(HttpCorpus.httpSettings(),
				HttpCorpus.webSocketSettings(), HttpCorpus.exchange()));
		try {
			channel.writeInbound(Unpooled.wrappedBuffer(c.request()));
			channel.runPendingTasks();
			byte[] written = drain(channel);
			StringBuilder transcript = new StringBuilder();
			InputStream in = new ByteArrayInputStream(written);
			boolean ended = readResponses(c, in, transcript);
			if (c.closes()) {
				assertThat(in.read()).as("%s: nothing after the responses; read %s", c, transcript).isEqualTo(-1);
				assertThat(channel.isOpen()).as("%s: closed", c).isFalse();
			}
			else {
				assertThat(ended).as("%s: open", c).isFalse();
				assertThat(in.read()).as("%s: nothing after the responses", c).isEqualTo(-1);
				assertThat(channel.isOpen()).as("%s: open", c).isTrue();
				channel.writeInbound(Unpooled.wrappedBuffer(HttpCorpus.PROBE));
				channel.runPendingTasks();
				Response probe = Response.read(new ByteArrayInputStream(drain(channel)), false, new StringBuilder());
				assertThat(probe.status()).as("%s: a request after the case is answered", c).isEqualTo(200);
			}
			assertChecks(c, transcript);
		}
		finally {
			channel.finishAndReleaseAll();
		}
	}

	@Test
	@Order(3)
	void aKeepAliveConnectionOpenedBeforeTheCorpusIsStillAnswered() throws IOException {
		assertThat(probe(this.bystander.getInputStream(), this.bystander)).isTrue();
	}

	/** Read the expected responses; whether the stream ended where that was allowed. */
	private static boolean readResponses(Case c, InputStream in, StringBuilder transcript) throws IOException {
		int index = 0;
		for (Expected expected : c.responses()) {
			Response response;
			try {
				response = Response.read(in, expected.head(), transcript);
			}
			catch (SocketTimeoutException ex) {
				throw new AssertionError(c + ": no response " + index + " in time; read " + transcript, ex);
			}
			if (response.status() == -1) {
				assertThat(expected.statuses())
					.as("%s: response %d, but the stream ended; read %s", c, index, transcript)
					.contains(-1);
				return true;
			}
			assertThat(expected.statuses()).as("%s: response %d status; read %s", c, index, transcript)
				.contains(response.status());
			if (c.isHttp10()) {
				assertThat(response.version()).as("%s: version", c).isIn("HTTP/1.0", "HTTP/1.1");
			}
			else {
				assertThat(response.version()).as("%s: version", c).isEqualTo("HTTP/1.1");
			}
			index++;
			if (c.closes() && index == c.responses().size()) {
				assertThat(response.headers()).as("%s: the last response says it closes; read %s", c, transcript)
					.containsEntry("connection", "close");
			}
		}
		return false;
	}

	private static void assertEndOfStream(Case c, InputStream in, StringBuilder transcript) throws IOException {
		int next;
		try {
			next = in.read();
		}
		catch (SocketTimeoutException ex) {
			throw new AssertionError(c + ": the server did not close; read " + transcript, ex);
		}
		if (next != -1) {
			fail("%s: bytes after the responses: '%s' after %s", c, (char) next, transcript);
		}
	}

	private static void assertChecks(Case c, StringBuilder transcript) {
		String text = transcript.toString();
		for (String has : c.has()) {
			assertThat(text).as("%s: has", c).contains(has);
		}
		for (String lacks : c.lacks()) {
			assertThat(text).as("%s: lacks", c).doesNotContain(lacks);
		}
	}

	private Socket connect() throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", this.server.port()), TIMEOUT_MILLIS);
		socket.setSoTimeout(TIMEOUT_MILLIS);
		socket.setTcpNoDelay(true);
		return socket;
	}

	private static boolean probe(InputStream in, Socket socket) throws IOException {
		socket.getOutputStream().write(HttpCorpus.PROBE);
		socket.getOutputStream().flush();
		Response response = Response.read(in, false, new StringBuilder());
		return response.status() == 200 && response.body().equals("UP");
	}

	private static byte[] drain(EmbeddedChannel channel) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (Object message; (message = channel.readOutbound()) != null;) {
			ByteBuf buffer = (ByteBuf) message;
			byte[] bytes = new byte[buffer.readableBytes()];
			buffer.readBytes(bytes);
			buffer.release();
			out.writeBytes(bytes);
		}
		return out.toByteArray();
	}

}
