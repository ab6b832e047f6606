package io.ujrpc;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.dispatch.JsonRpcDispatcher;
import io.ujrpc.dispatch.MethodRegistry;
import io.ujrpc.internal.netty.JsonRpcExchange;
import io.ujrpc.observation.ServerMetricsListener;
import io.ujrpc.protocol.JsonRpcCodec;
import io.ujrpc.protocol.Protocol;
import io.ujrpc.server.BlockingExecutors;
import io.ujrpc.server.JsonRpcServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every example of section 7 of the JSON-RPC 2.0 specification, read byte for byte from a
 * transcript of the specification, answered through the dispatcher and over HTTP.
 *
 * @see <a href="https://www.jsonrpc.org/specification#examples">JSON-RPC 2.0, 7
 * Examples</a>
 */
class JsonRpcSpecificationExamplesTests {

	private static final String TRANSCRIPT = "jsonrpc-specification-examples.txt";

	private static final ObjectMapper mapper = JsonMapper.builder().build();

	private static final SpecificationMethods methods = new SpecificationMethods();

	private static ExecutorService executor;

	private static JsonRpcExchange dispatcher;

	private static JsonRpcServer server;

	private static HttpClient client;

	@BeforeAll
	static void start() {
		MethodRegistry registry = MethodRegistry.builder(mapper).addAnnotated(methods).build();
		executor = BlockingExecutors.boundedPool(4, 100);
		dispatcher = new JsonRpcExchange(new JsonRpcDispatcher(registry, executor, false),
				new JsonRpcCodec(mapper, 100), ServerMetricsListener.NONE);
		server = JsonRpcServer.builder(registry).port(0).build().start();
		client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
	}

	@AfterAll
	static void stop() {
		server.stop();
		executor.shutdownNow();
	}

	@BeforeEach
	void forgetNotifications() {
		methods.notifications.clear();
	}

	static List<Example> examples() throws IOException {
		try (InputStream in = JsonRpcSpecificationExamplesTests.class.getResourceAsStream(TRANSCRIPT)) {
			return Example.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
	}

	@Test
	void transcriptHoldsEverySpecificationExample() throws IOException {
		List<Example> examples = examples();
		assertThat(examples).hasSize(15);
		assertThat(examples).filteredOn((example) -> example.response() == null)
			.extracting(Example::name)
			.containsExactly("a Notification #1", "a Notification #2", "rpc call Batch (all notifications)");
		assertThat(examples).filteredOn((example) -> example.name().equals("rpc call Batch"))
			.singleElement()
			.satisfies((example) -> assertThat(example.request()).contains("\"id\": \"9\"} \n    ]"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("examples")
	void dispatcherAnswersAsTheSpecificationShows(Example example) throws Exception {
		ByteBuf payload = Unpooled.copiedBuffer(example.request(), StandardCharsets.UTF_8);
		ByteBuf answer;
		try {
			answer = dispatcher.answer(payload, ByteBufAllocator.DEFAULT, Protocol.HTTP).get(5, TimeUnit.SECONDS);
		}
		finally {
			payload.release();
		}
		if (example.response() == null) {
			assertThat(answer).isNull();
		}
		else {
			try {
				assertThat(mapper.readTree(answer.toString(StandardCharsets.UTF_8)))
					.isEqualTo(mapper.readTree(example.response()));
			}
			finally {
				answer.release();
			}
		}
		assertNotificationsRan(example);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("examples")
	void serverAnswersAsTheSpecificationShowsOverHttp(Example example) throws Exception {
		HttpResponse<String> response = client
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
				.header("Content-Type", "application/json")
				.timeout(Duration.ofSeconds(10))
				.POST(HttpRequest.BodyPublishers.ofString(example.request()))
				.build(), HttpResponse.BodyHandlers.ofString());
		if (example.response() == null) {
			assertThat(response.statusCode()).isEqualTo(204);
			assertThat(response.body()).isEmpty();
		}
		else {
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
			assertThat(mapper.readTree(response.body())).isEqualTo(mapper.readTree(example.response()));
		}
		assertNotificationsRan(example);
	}

	private static void assertNotificationsRan(Example example) {
		List<String> expected = switch (example.name()) {
			case "a Notification #1" -> List.of("update[1, 2, 3, 4, 5]");
			case "rpc call Batch" -> List.of("notify_hello(7)");
			case "rpc call Batch (all notifications)" -> List.of("notify_sum[1, 2, 4]", "notify_hello(7)");
			default -> List.of();
		};
		assertThat(methods.notifications).containsExactlyInAnyOrderElementsOf(expected);
	}

	/**
	 * One exchange of the transcript.
	 *
	 * @param name the heading it stands under, numbered when the heading has several
	 * @param request the text sent to the server ("-->"), exactly as the specification
	 * gives it
	 * @param response the text sent to the client ("<--"), or {@code null} when nothing
	 * is returned
	 */
	record Example(String name, String request, String response) {

		private static final String REQUEST = "--> ";

		private static final String RESPONSE = "<-- ";

		private static final String NOTHING = "//Nothing is returned";

		static List<Example> parse(String transcript) {
			List<Example> examples = new ArrayList<>();
			String heading = null;
			for (String paragraph : transcript.split("\n\n")) {
				if (!paragraph.startsWith(REQUEST)) {
					heading = paragraph.strip();
					continue;
				}
				if ("Syntax:".equals(heading)) {
					continue;
				}
				List<String[]> exchanges = new ArrayList<>();
				String[] current = null;
				for (String line : paragraph.split("\n", -1)) {
					if (line.startsWith(REQUEST)) {
						current = new String[] { line.substring(REQUEST.length()), null };
						exchanges.add(current);
					}
					else if (line.startsWith(RESPONSE)) {
						current[1] = line.substring(RESPONSE.length());
					}
					else if (current[1] != null) {
						current[1] += "\n" + line;
					}
					else {
						current[0] += "\n" + line;
					}
				}
				String title = heading.substring(0, heading.length() - 1);
				for (int i = 0; i < exchanges.size(); i++) {
					String[] exchange = exchanges.get(i);
					String response = (exchange[1] != null && !exchange[1].startsWith(NOTHING)) ? exchange[1] : null;
					String name = (exchanges.size() > 1) ? title + " #" + (i + 1) : title;
					examples.add(new Example(name, exchange[0], response));
				}
			}
			return examples;
		}

		@Override
		public String toString() {
			return this.name;
		}

	}

	/**
	 * The methods the specification's examples call.
	 */
	static class SpecificationMethods {

		final List<String> notifications = new CopyOnWriteArrayList<>();

		@JsonRpcMethod
		long subtract(long minuend, long subtrahend) {
			return minuend - subtrahend;
		}

		@JsonRpcMethod(nonBlocking = true)
		long sum(long... numbers) {
			long sum = 0;
			for (long number : numbers) {
				sum += number;
			}
			return sum;
		}

		@JsonRpcMethod
		void update(int... values) {
			this.notifications.add("update" + java.util.Arrays.toString(values));
		}

		@JsonRpcMethod(value = "notify_hello", nonBlocking = true)
		void notifyHello(int value) {
			this.notifications.add("notify_hello(" + value + ")");
		}

		@JsonRpcMethod("notify_sum")
		CompletableFuture<Void> notifySum(long... numbers) {
			this.notifications.add("notify_sum" + java.util.Arrays.toString(numbers));
			return CompletableFuture.completedFuture(null);
		}

		@JsonRpcMethod("get_data")
		List<Object> getData() {
			return List.of("hello", 5);
		}

	}

}
