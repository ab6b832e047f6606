package io.ujrpc.autoconfigure.tracing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.MeterRegistry;
import io.ujrpc.dispatch.JsonRpcDispatcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What each micrometer-tracing bridge must show of the server's spans: kind SERVER, the
 * caller's trace continued from {@code traceparent} over HTTP and the WebSocket
 * handshake, batch elements in the caller's trace, the semantic convention attributes,
 * baggage, and log correlation of a failing method.
 */
abstract class TracePropagationTestSupport {

	static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	static final String PARENT_ID = "00f067aa0ba902b7";

	static final String TRACEPARENT = "00-" + TRACE_ID + "-" + PARENT_ID + "-01";

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry meters;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

	/**
	 * Return the spans finished so far.
	 * @return the spans
	 */
	abstract List<RecordedSpan> finishedSpans();

	/**
	 * Forget the spans finished so far.
	 */
	abstract void clearSpans();

	@BeforeEach
	void captureLogs() {
		clearSpans();
		this.logs.start();
		((Logger) LoggerFactory.getLogger(JsonRpcDispatcher.class)).addAppender(this.logs);
	}

	@AfterEach
	void releaseLogs() {
		((Logger) LoggerFactory.getLogger(JsonRpcDispatcher.class)).detachAppender(this.logs);
	}

	@Test
	void httpCallIsAServerSpanThatContinuesTheCallersTrace() throws Exception {
		String body = post("{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":7}", TRACEPARENT, null);
		assertThat(body).contains("\"result\":3");
		RecordedSpan span = awaitSpans(1).get(0);
		assertThat(span.kind()).isEqualTo("SERVER");
		assertThat(span.name()).isEqualToIgnoringCase("sum");
		assertThat(span.traceId()).isEqualTo(TRACE_ID);
		assertThat(span.parentId()).isEqualTo(PARENT_ID);
		assertThat(span.attributes()).containsEntry("rpc.system.name", "jsonrpc")
			.containsEntry("rpc.method", "sum")
			.containsEntry("jsonrpc.protocol.version", "2.0")
			.containsEntry("jsonrpc.request.id", "7")
			.containsEntry("server.port", Integer.toString(this.port))
			.containsEntry("network.peer.address", "127.0.0.1")
			.containsKey("network.peer.port")
			.containsEntry("network.transport", "tcp")
			.containsEntry("rpc.system", "jsonrpc")
			.containsEntry("transport", "http")
			.doesNotContainKey("error.type");
	}

	@Test
	void callWithoutTraceparentStartsANewTrace() throws Exception {
		post("{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1}", null, null);
		RecordedSpan span = awaitSpans(1).get(0);
		assertThat(span.kind()).isEqualTo("SERVER");
		assertThat(span.traceId()).isNotEqualTo(TRACE_ID);
		assertThat(span.parentId()).isNull();
	}

	@Test
	void batchElementsAreChildrenOfTheCallersSpan() throws Exception {
		post("[{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1},"
				+ "{\"jsonrpc\":\"2.0\",\"method\":\"traceId\",\"id\":2},"
				+ "{\"jsonrpc\":\"2.0\",\"method\":\"nope\",\"id\":3}]", TRACEPARENT, null);
		List<RecordedSpan> spans = awaitSpans(3);
		assertThat(spans).allSatisfy((span) -> {
			assertThat(span.kind()).isEqualTo("SERVER");
			assertThat(span.traceId()).isEqualTo(TRACE_ID);
			assertThat(span.parentId()).isEqualTo(PARENT_ID);
		});
		assertThat(spans).extracting(RecordedSpan::spanId).doesNotHaveDuplicates();
		RecordedSpan unknown = spans.stream()
			.filter((span) -> "_OTHER".equals(span.attributes().get("rpc.method")))
			.findFirst()
			.orElseThrow();
		assertThat(unknown.attributes()).containsEntry("rpc.method_original", "nope")
			.containsEntry("rpc.response.status_code", "-32601")
			.containsEntry("error.type", "-32601");
	}

	/*
	 * With metrics on as well (the meter handlers would record calls without an
	 * observation if they were alone), the tracing handler gets every call: each element
	 * of a batch and each notification is a span, and each is timed.
	 */
	@Test
	void everyCallIsASpanAndTimedBesideTheMeterHandlers() throws Exception {
		long timed = timedSums();
		String sum = "{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2]";
		post("[" + sum + ",\"id\":1}," + sum + ",\"id\":2}," + sum + "}," + sum + ",\"id\":3}]", TRACEPARENT, null);
		List<RecordedSpan> spans = awaitSpans(4);
		assertThat(spans).allSatisfy((span) -> {
			assertThat(span.name()).isEqualToIgnoringCase("sum");
			assertThat(span.traceId()).isEqualTo(TRACE_ID);
		});
		assertThat(spans).extracting(RecordedSpan::spanId).doesNotHaveDuplicates();
		assertThat(timedSums()).isEqualTo(timed + 4);
	}

	private long timedSums() {
		return this.meters.find("jsonrpc.server.requests")
			.tags("rpc.method", "sum", "outcome", "SUCCESS")
			.timers()
			.stream()
			.mapToLong((timer) -> timer.count())
			.sum();
	}

	@Test
	void methodOnTheBlockingExecutorSeesTheCallsSpanAsCurrent() throws Exception {
		assertThat(post("{\"jsonrpc\":\"2.0\",\"method\":\"traceId\",\"id\":1}", TRACEPARENT, null))
			.contains("\"result\":\"" + TRACE_ID + "\"");
	}

	@Test
	void baggageOfTheCallerReachesTheMethod() throws Exception {
		assertThat(post("{\"jsonrpc\":\"2.0\",\"method\":\"tenant\",\"id\":1}", TRACEPARENT, "tenant=acme"))
			.contains("\"result\":\"acme\"");
	}

	@Test
	void webSocketCallsContinueTheTraceOfTheHandshake() throws Exception {
		CompletableFuture<String> message = new CompletableFuture<>();
		WebSocket webSocket = this.client.newWebSocketBuilder()
			.header("traceparent", TRACEPARENT)
			.buildAsync(URI.create("ws://127.0.0.1:" + this.port + "/ws"), new WebSocket.Listener() {

				@Override
				public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
					message.complete(data.toString());
					return null;
				}

			})
			.get(10, TimeUnit.SECONDS);
		try {
			webSocket.sendText("{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[2,3],\"id\":1}", true);
			assertThat(message.get(10, TimeUnit.SECONDS)).contains("\"result\":5");
		}
		finally {
			webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
		}
		RecordedSpan span = awaitSpans(1).get(0);
		assertThat(span.kind()).isEqualTo("SERVER");
		assertThat(span.traceId()).isEqualTo(TRACE_ID);
		assertThat(span.parentId()).isEqualTo(PARENT_ID);
		assertThat(span.attributes()).containsEntry("transport", "websocket");
	}

	@Test
	void failedMethodIsLoggedWithTheTraceIdOfItsSpan() throws Exception {
		assertThat(post("{\"jsonrpc\":\"2.0\",\"method\":\"crash\",\"id\":1}", TRACEPARENT, null))
			.contains("\"code\":-32603");
		RecordedSpan span = awaitSpans(1).get(0);
		assertThat(span.attributes()).containsEntry("error.type", "-32603");
		ILoggingEvent failure = this.logs.list.stream()
			.filter((event) -> event.getFormattedMessage().equals("JSON-RPC method 'crash' failed"))
			.findFirst()
			.orElseThrow();
		assertThat(failure.getMDCPropertyMap()).containsEntry("traceId", TRACE_ID)
			.containsEntry("spanId", span.spanId());
	}

	private List<RecordedSpan> awaitSpans(int count) {
		return await().atMost(Duration.ofSeconds(10)).until(this::finishedSpans, (spans) -> spans.size() >= count);
	}

	private String post(String body, String traceparent, String baggage) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (traceparent != null) {
			request.header("traceparent", traceparent);
		}
		if (baggage != null) {
			request.header("baggage", baggage);
		}
		HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

}
