package io.ujrpc.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.dispatch.JsonRpcDispatcher;
import io.ujrpc.dispatch.MethodRegistry;
import io.ujrpc.internal.netty.JsonRpcExchange;
import io.ujrpc.observation.ServerMetricsListener;
import io.ujrpc.protocol.JsonRpcCodec;
import io.ujrpc.server.config.HttpSettings;
import io.ujrpc.server.config.RestSettings;
import io.ujrpc.server.route.HttpRoute;
import io.ujrpc.server.route.HttpRouteRequest;
import io.ujrpc.server.route.HttpRouteResponse;
import io.ujrpc.test.RawHttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP pipeline as {@link HttpServerInitializer} assembles it, fed raw request bytes
 * on an {@link EmbeddedChannel} and judged by the raw bytes it writes.
 */
class HttpServerInitializerTests {

	private static final int MAX_CONTENT_LENGTH = 200;

	private static final String ECHO = "{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[\"hi\"],\"id\":1}";

	private final ObjectMapper mapper = JsonMapper.builder().build();

	private final Methods methods = new Methods();

	private final AtomicReference<HttpRouteRequest> routed = new AtomicReference<>();

	private final AtomicInteger flushes = new AtomicInteger();

	private EmbeddedChannel channel;

	@BeforeEach
	void createChannel() {
		this.channel = channel(null);
	}

	private EmbeddedChannel channel(RestSettings rest) {
		MethodRegistry registry = MethodRegistry.builder(this.mapper).addAnnotated(this.methods).build();
		JsonRpcExchange exchange = new JsonRpcExchange(new JsonRpcDispatcher(registry, Runnable::run, false),
				new JsonRpcCodec(this.mapper, 10), ServerMetricsListener.NONE);
		Map<String, HttpRoute> routes = Map.of("/health", (request) -> {
			this.routed.set(request);
			return CompletableFuture.completedFuture(HttpRouteResponse.text(200, "UP"));
		}, "/broken", (request) -> {
			throw new IllegalStateException("route failed");
		});
		HttpSettings settings = new HttpSettings(0, "/", routes, MAX_CONTENT_LENGTH, 64, 256, Duration.ZERO,
				Duration.ZERO, Duration.ZERO, 16);
		return new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {

			@Override
			public void flush(ChannelHandlerContext ctx) {
				HttpServerInitializerTests.this.flushes.incrementAndGet();
				ctx.flush();
			}

		}, new HttpServerInitializer(settings, null, exchange, rest));
	}

	@AfterEach
	void releaseChannel() {
		this.channel.finishAndReleaseAll();
	}

	@Test
	void postIsAnsweredWithJsonAndKeepsTheConnectionOpen() throws IOException {
		RawHttpResponse response = single(post(ECHO));
		assertThat(response.version()).isEqualTo("HTTP/1.1");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Content-Type")).isEqualTo("application/json");
		assertThat(response.header("Content-Length")).isEqualTo(String.valueOf(response.body().length()));
		assertThat(response.header("Server")).isEqualTo("ujrpc");
		assertThat(response.header("Date")).isNotBlank();
		assertThat(response.header("Connection")).isNull();
		assertThat(response.body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"hi\",\"id\":1}");
		assertThat(this.channel.isOpen()).isTrue();
	}

	@Test
	void keepAliveIsTheDefaultInHttp11() throws IOException {
		assertThat(single(post(ECHO)).status()).isEqualTo(200);
		assertThat(single(post(ECHO)).status()).isEqualTo(200);
		assertThat(this.channel.isOpen()).isTrue();
	}

	@Test
	void getOnTheJsonRpcPathIs405WithAllowPost() throws IOException {
		RawHttpResponse response = single("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
		assertThat(response.status()).isEqualTo(405);
		assertThat(response.header("Allow")).isEqualTo("POST");
		assertThat(this.channel.isOpen()).isTrue();
	}

	@Test
	void postWithoutJsonContentTypeIs415() throws IOException {
		assertThat(single("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\n{}")
			.status()).isEqualTo(415);
		assertThat(single("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}").status()).isEqualTo(415);
		assertThat(this.channel.isOpen()).isTrue();
	}

	@Test
	void jsonContentTypeWithParametersAndVariantsIsAccepted() throws IOException {
		for (String type : List.of("application/json; charset=utf-8", "APPLICATION/JSON", "application/json-rpc",
				"application/vnd.api+json")) {
			assertThat(single(post(ECHO, type)).status()).as(type).isEqualTo(200);
		}
	}

	@Test
	void unknownPathIs404() throws IOException {
		RawHttpResponse response = single("POST /nowhere HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
				+ "Content-Length: 2\r\n\r\n{}");
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.body()).isEqualTo("No such path: /nowhere\n");
	}

	@Test
	void bodyOverTheLimitByContentLengthIs413AndCloses() throws IOException {
		RawHttpResponse response = single(
				"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
						+ (MAX_CONTENT_LENGTH + 1) + "\r\n\r\n{\"jsonrpc\":");
		assertThat(response.status()).isEqualTo(413);
		assertThat(response.header("Connection")).isEqualTo("close");
		assertThat(this.channel.isOpen()).isFalse();
	}

	@Test
	void chunkedBodyOverTheLimitIs413AndCloses() throws IOException {
		String chunk = "x".repeat(150);
		RawHttpResponse response = single("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
				+ "Transfer-Encoding: chunked\r\n\r\n96\r\n" + chunk + "\r\n96\r\n" + chunk + "\r\n0\r\n\r\n");
		assertThat(response.status()).isEqualTo(413);
		assertThat(response.header("Connection")).isEqualTo("close");
		assertThat(this.channel.isOpen()).isFalse();
	}

	@Test
	void chunkedBodyIsAggregated() throws IOException {
		String first = ECHO.substring(0, 20);
		String second = ECHO.substring(20);
		RawHttpResponse response = single("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
				+ "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(first.length()) + "\r\n" + first + "\r\n"
				+ Integer.toHexString(second.length()) + "\r\n" + second + "\r\n0\r\n\r\n");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"hi\",\"id\":1}");
	}

	@Test
	void chunkedBodyArrivingInPiecesIsAggregated() throws IOException {
		write("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
		write(Integer.toHexString(ECHO.length()) + "\r\n" + ECHO.substring(0, 10));
		assertThat(responses()).isEmpty();
		write(ECHO.substring(10) + "\r\n");
		write("0\r\n\r\n");
		assertThat(responses()).singleElement().satisfies((response) -> assertThat(response.status()).isEqualTo(200));
	}

	@Test
	void chunkedBodyWithTrailersIsAggregated() throws IOException {
		RawHttpResponse response = single("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
				+ "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(ECHO.length()) + "\r\n" + ECHO
				+ "\r\n0\r\nX-Checksum: 1\r\n\r\n");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"hi\",\"id\":1}");
	}

	@Test
	void bodyArrivingAfterItsHeadIsAggregated() throws IOException {
		String request = post(ECHO);
		int body = request.indexOf("\r\n\r\n") + 4;
		write(request.substring(0, body));
		assertThat(responses()).isEmpty();
		write(request.substring(body, body + 5));
		assertThat(responses()).isEmpty();
		write(request.substring(body + 5) + request);
		List<RawHttpResponse> responses = responses();
		assertThat(responses).hasSize(2);
		assertThat(responses).allSatisfy((response) -> assertThat(response.body())
			.isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"hi\",\"id\":1}"));
	}

	@Test
	void malformedRequestLineIs400AndCloses() throws IOException {
		RawHttpResponse response = single("GET / HTTP/x.y\r\n\r\n");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.header("Connection")).isEqualTo("close");
		assertThat(response.body()).startsWith("Malformed HTTP request");
		assertThat(this.channel.isOpen()).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET /\r\n\r\n", "HELLO\r\n\r\n", "G(T / HTTP/1.1\r\n\r\n", "GET / HTTP/1.1\n\n" })
	void otherMalformedRequestsAre400AndClose(String request) throws IOException {
		assertThat(single(request).status()).isEqualTo(400);
		assertThat(this.channel.isOpen()).isFalse();
	}

	@Test
	void headersOverTheLimitAre431() throws IOException {
		RawHttpResponse response = single(
				"POST / HTTP/1.1\r\nX-Big: " + "a".repeat(300) + "\r\nContent-Length: 0\r\n\r\n");
		assertThat(response.status()).isEqualTo(431);
		assertThat(response.header("Connection")).isEqualTo("close");
		assertThat(this.channel.isOpen()).isFalse();
	}

	@Test
	void requestLineOverTheLimitIs414() throws IOException {
		RawHttpResponse response = single("GET /" + "a".repeat(100) + " HTTP/1.1\r\n\r\n");
		assertThat(response.status()).isEqualTo(414);
		assertThat(this.channel.isOpen()).isFalse();
	}

	@Test
	void http10WithoutKeepAliveClosesAfterTheResponse() throws IOException {
		RawHttpResponse response = single(post(ECHO).replace("HTTP/1.1", "HTTP/1.0"));
		assertThat(response.version()).isEqualTo("HTTP/1.0");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Connection")).isEqualTo("close");
		assertThat(this.channel.isOpen()).isFalse();
	}

	@Test
	void http10WithKeepAliveStaysOpen() throws IOException {
		String request = post(ECHO).replace("HTTP/1.1", "HTTP/1.0")
			.replace("\r\n\r\n", "\r\nConnection: keep-alive\r\n\r\n");
		RawHttpResponse response = single(request);
		assertThat(response.version()).isEqualTo("HTTP/1.0");
		assertThat(response.header("Connection")).isEqualToIgnoringCase("keep-alive");
		assertThat(this.channel.isOpen()).isTrue();
		assertThat(single(request).status()).isEqualTo(200);
	}

	@Test
	void connectionCloseClosesAfterTheResponseAndDropsLaterRequests() throws IOException {
		String closing = post(ECHO).replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n");
		List<RawHttpResponse> responses = exchange(closing + post(ECHO));
		assertThat(responses).singleElement().satisfies((response) -> {
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.header("Connection")).isEqualTo("close");
		});
		assertThat(this.channel.isOpen()).isFalse();
	}

	@Test
	void notificationOnlyIs204WithoutBody() throws IOException {
		RawHttpResponse response = single(post("[{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[\"a\"]},"
				+ "{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[\"b\"]}]"));
		assertThat(response.status()).isEqualTo(204);
		assertThat(response.header("Content-Length")).isNull();
		assertThat(response.header("Transfer-Encoding")).isNull();
		assertThat(response.body()).isEmpty();
		assertThat(single(post(ECHO)).status()).isEqualTo(200);
	}

	@Test
	void pipelinedRequestsAreAnsweredInOrderWhenTheFirstCompletesLater() throws IOException {
		write(post("{\"jsonrpc\":\"2.0\",\"method\":\"later\",\"id\":1}") + post(ECHO));
		assertThat(responses()).isEmpty();
		this.methods.later.complete("first");
		List<RawHttpResponse> responses = responses();
		assertThat(responses).extracting(RawHttpResponse::body)
			.containsExactly("{\"jsonrpc\":\"2.0\",\"result\":\"first\",\"id\":1}",
					"{\"jsonrpc\":\"2.0\",\"result\":\"hi\",\"id\":1}");
		assertThat(this.channel.isOpen()).isTrue();
	}

	@Test
	void responsesAreFlushedOncePerReadBatch() throws IOException {
		int before = this.flushes.get();
		List<RawHttpResponse> responses = exchange(post(ECHO) + post(ECHO) + post(ECHO));
		assertThat(responses).hasSize(3);
		assertThat(this.flushes.get() - before).isEqualTo(1);
	}

	@Test
	void smallRestAnswerIsOneBufferInOneFlush() {
		// Head and body in one write: no small second segment for Nagle and delayed ACKs.
		this.channel.finishAndReleaseAll();
		this.channel = channel(new RestSettings("/rest", 1024 * 1024, Duration.ofSeconds(10)));
		int before = this.flushes.get();
		write("GET /rest/echo?value=hi HTTP/1.1\r\nHost: x\r\n\r\n");
		assertThat(this.flushes.get() - before).isEqualTo(1);
		ByteBuf buffer = this.channel.readOutbound();
		try {
			assertThat(buffer.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200 OK")
				.endsWith("\r\n\r\n\"hi\"");
		}
		finally {
			buffer.release();
		}
		assertThat((Object) this.channel.readOutbound()).isNull();
	}

	@Test
	void responseCompletedLaterIsFlushedOnce() throws IOException {
		write(post("{\"jsonrpc\":\"2.0\",\"method\":\"later\",\"id\":1}") + post(ECHO) + post(ECHO));
		int before = this.flushes.get();
		this.methods.later.complete("first");
		assertThat(responses()).hasSize(3);
		assertThat(this.flushes.get() - before).isEqualTo(1);
	}

	@Test
	void routesAreServedBesideJsonRpc() throws IOException {
		List<RawHttpResponse> responses = exchange(
				"GET /health/liveness?verbose=1 HTTP/1.1\r\nHost: x\r\nX-Trace: abc\r\n\r\n" + post(ECHO));
		assertThat(responses).hasSize(2);
		assertThat(responses.get(0).status()).isEqualTo(200);
		assertThat(responses.get(0).header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
		assertThat(responses.get(0).body()).isEqualTo("UP");
		assertThat(responses.get(1).body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"hi\",\"id\":1}");
		HttpRouteRequest request = this.routed.get();
		assertThat(request.method()).isEqualTo("GET");
		assertThat(request.path()).isEqualTo("/health/liveness");
		assertThat(request.query()).isEqualTo("verbose=1");
		assertThat(request.header("x-trace")).isEqualTo("abc");
		assertThat(request.body()).isEmpty();
	}

	@Test
	void headRequestToARouteGetsHeadersWithoutBody() {
		write("HEAD /health HTTP/1.1\r\nHost: x\r\n\r\n" + post(ECHO));
		StringBuilder out = new StringBuilder();
		ByteBuf buffer;
		while ((buffer = this.channel.readOutbound()) != null) {
			out.append(buffer.toString(StandardCharsets.US_ASCII));
			buffer.release();
		}
		String text = out.toString();
		String head = text.substring(0, text.indexOf("\r\n\r\n") + 4);
		assertThat(head).startsWith("HTTP/1.1 200 OK").containsIgnoringCase("content-length: 2\r\n");
		// The next response follows the head at once: no body was sent.
		assertThat(text.substring(head.length())).startsWith("HTTP/1.1 200 OK")
			.endsWith("{\"jsonrpc\":\"2.0\",\"result\":\"hi\",\"id\":1}");
	}

	@Test
	void routeThatThrowsIs500() throws IOException {
		assertThat(single("GET /broken HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(500);
		assertThat(this.channel.isOpen()).isTrue();
	}

	@Test
	void responseCompletedAfterTheConnectionClosedIsReleased() throws IOException {
		write(post("{\"jsonrpc\":\"2.0\",\"method\":\"later\",\"id\":1}"));
		this.channel.close();
		this.methods.later.complete("too late");
		assertThat(responses()).isEmpty();
	}

	private static String post(String body) {
		return post(body, "application/json");
	}

	private static String post(String body, String contentType) {
		return "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType + "\r\nContent-Length: "
				+ body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
	}

	private void write(String request) {
		this.channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.UTF_8));
	}

	private RawHttpResponse single(String request) throws IOException {
		List<RawHttpResponse> responses = exchange(request);
		assertThat(responses).hasSize(1);
		return responses.get(0);
	}

	private List<RawHttpResponse> exchange(String request) throws IOException {
		write(request);
		return responses();
	}

	private List<RawHttpResponse> responses() throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteBuf buffer;
		while ((buffer = this.channel.readOutbound()) != null) {
			try {
				buffer.readBytes(out, buffer.readableBytes());
			}
			finally {
				buffer.release();
			}
		}
		return RawHttpResponse.readAll(out.toByteArray());
	}

	static class Methods {

		final CompletableFuture<String> later = new CompletableFuture<>();

		@JsonRpcMethod(nonBlocking = true)
		String echo(String value) {
			return value;
		}

		@JsonRpcMethod
		CompletionStage<String> later() {
			return this.later;
		}

	}

}
