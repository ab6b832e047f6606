package io.ujrpc.conformance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.dispatch.MethodRegistry;
import io.ujrpc.server.JsonRpcServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON defects of issue 9, each as an attacker sends it, to a real server over HTTP.
 */
class JsonHardeningEndToEndTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final ObjectMapper MAPPER = JsonMapper.builder().build();

	private static final Methods methods = new Methods();

	private static JsonRpcServer server;

	private static HttpClient client;

	@BeforeAll
	static void start() {
		MethodRegistry registry = MethodRegistry.builder(MAPPER).addAnnotated(methods).build();
		server = JsonRpcServer.builder(registry).port(0).build().start();
		client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
	}

	@AfterAll
	static void stop() {
		if (server != null) {
			server.stop();
		}
	}

	@BeforeEach
	void reset() {
		methods.pings.set(0);
	}

	@Test
	void versionMemberHoldingARequestRunsNothing() throws Exception {
		JsonNode response = post("[{\"jsonrpc\":{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":1}}]");
		assertThat(response.size()).isOne();
		assertThat(response.get(0).get("error").get("code").intValue()).isEqualTo(-32600);
		assertThat(methods.pings).hasValue(0);
	}

	@Test
	void versionMembersNestedFiftyDeepAreAnsweredOnce() throws Exception {
		String element = "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":0}";
		for (int i = 1; i <= 50; i++) {
			element = "{\"jsonrpc\":" + element + ",\"method\":\"ping\",\"id\":" + i + "}";
		}
		JsonNode response = post("[" + element + "]");
		assertThat(response.size()).isOne();
		assertThat(response.get(0).get("error").get("code").intValue()).isEqualTo(-32600);
		assertThat(response.get(0).get("id").intValue()).isEqualTo(50);
		assertThat(methods.pings).hasValue(0);
	}

	@Test
	void methodNameWithAnOverlongByteIsAParseError() throws Exception {
		byte[] body = HexFormat.of()
			.parseHex(hex("{\"jsonrpc\":\"2.0\",\"method\":\"pin") + "C1A7" + hex("\",\"id\":1}"));
		assertThat(post(body).get("error").get("code").intValue()).isEqualTo(-32700);
		assertThat(methods.pings).hasValue(0);
	}

	@Test
	void memberNameWithOverlongBytesIsAParseError() throws Exception {
		byte[] body = HexFormat.of()
			.parseHex(hex("{\"jsonrpc\":\"2.0\",\"") + "C1AD" + hex("ethod\":\"ping\",\"id\":1}"));
		assertThat(post(body).get("error").get("code").intValue()).isEqualTo(-32700);
		assertThat(methods.pings).hasValue(0);
	}

	@Test
	void numberBeyondADoubleIsEchoedAsANumber() throws Exception {
		String response = postForText("{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[1E400],\"id\":1E400}");
		assertThat(response).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":1E+400,\"id\":1E+400}");
	}

	@Test
	void numberBeyondADoubleForADoubleIsInvalidParams() throws Exception {
		JsonNode error = post("{\"jsonrpc\":\"2.0\",\"method\":\"half\",\"params\":[1E400],\"id\":1}").get("error");
		assertThat(error.get("code").intValue()).isEqualTo(-32602);
		assertThat(error.get("message").stringValue()).isEqualTo(
				"Invalid params: parameter 'value' is the number 1E+400 (expected: a number within the range of a double)");
	}

	@Test
	void invalidParamsNameTheMemberInJsonTerms() throws Exception {
		JsonNode error = post(
				"{\"jsonrpc\":\"2.0\",\"method\":\"norm\",\"params\":{\"p\":{\"x\":null,\"y\":1}},\"id\":1}")
			.get("error");
		assertThat(error.get("message").stringValue())
			.isEqualTo("Invalid params: parameter 'p.x' is null (expected: a number)");
	}

	@Test
	void byNameRequestsWorkAfterAHashFlood() throws Exception {
		StringBuilder flood = new StringBuilder("{");
		for (int i = 0; i < 100_000; i++) {
			flood.append((i > 0) ? ",\"" : "\"");
			for (int bit = 16; bit >= 0; bit--) {
				flood.append((((i >> bit) & 1) == 0) ? "Aa" : "BB");
			}
			flood.append("\":0");
		}
		// Whether the names collide in Jackson's name table depends on the table's seed,
		// which
		// Jackson takes from the clock when a table is made (and the codec reads a
		// refused
		// document once more on a new table): post the flood until it is refused, as it
		// is on
		// nearly every try, so that what follows runs after a table really was poisoned.
		String body = flood.append('}').toString();
		int refusals = 0;
		for (int attempt = 0; attempt < 10 && refusals == 0; attempt++) {
			int code = post(body).get("error").get("code").intValue();
			assertThat(code).isIn(-32700, -32600);
			refusals += (code == -32700) ? 1 : 0;
		}
		assertThat(refusals).as("floods refused by the hash-flood guard").isEqualTo(1);
		for (int i = 0; i < 200; i++) {
			JsonNode subtract = post(
					"{\"jsonrpc\":\"2.0\",\"method\":\"subtract\",\"params\":{\"subtrahend\":23,\"minuend\":42},\"id\":3}");
			assertThat(subtract.get("result").intValue()).as("request %d", i).isEqualTo(19);
			JsonNode echo = post("{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":{\"value\":{\"name" + i + "\":"
					+ i + "}},\"id\":4}");
			assertThat(echo.get("result").get("name" + i).intValue()).as("request %d", i).isEqualTo(i);
		}
	}

	private static JsonNode post(String body) throws Exception {
		return post(body.getBytes(StandardCharsets.UTF_8));
	}

	private static JsonNode post(byte[] body) throws Exception {
		return MAPPER.readTree(postForText(body));
	}

	private static String postForText(String body) throws Exception {
		return postForText(body.getBytes(StandardCharsets.UTF_8));
	}

	private static String postForText(byte[] body) throws Exception {
		HttpResponse<String> response = client
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
				.header("content-type", "application/json")
				.timeout(TIMEOUT)
				.POST(HttpRequest.BodyPublishers.ofByteArray(body))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	private static String hex(String text) {
		return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
	}

	record Point(double x, double y) {
	}

	static class Methods {

		final AtomicInteger pings = new AtomicInteger();

		@JsonRpcMethod(nonBlocking = true)
		String ping() {
			this.pings.incrementAndGet();
			return "pong";
		}

		@JsonRpcMethod(nonBlocking = true)
		JsonNode echo(JsonNode value) {
			return value;
		}

		@JsonRpcMethod(nonBlocking = true)
		double half(double value) {
			return value / 2;
		}

		@JsonRpcMethod(nonBlocking = true)
		double norm(Point p) {
			return Math.hypot(p.x(), p.y());
		}

		@JsonRpcMethod(nonBlocking = true)
		long subtract(long minuend, long subtrahend) {
			return minuend - subtrahend;
		}

	}

}
