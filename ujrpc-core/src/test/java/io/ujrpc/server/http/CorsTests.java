package io.ujrpc.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.dispatch.JsonRpcDispatcher;
import io.ujrpc.dispatch.MethodRegistry;
import io.ujrpc.internal.netty.JsonRpcExchange;
import io.ujrpc.observation.ServerMetricsListener;
import io.ujrpc.protocol.JsonRpcCodec;
import io.ujrpc.server.config.CorsSettings;
import io.ujrpc.server.config.HttpSettings;
import io.ujrpc.server.route.HttpRoute;
import io.ujrpc.server.route.HttpRouteResponse;
import io.ujrpc.test.RawHttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * CORS on the HTTP pipeline: preflights, actual requests on the JSON-RPC path and on
 * routes, disallowed origins, credentials, and preflights among pipelined requests.
 */
class CorsTests {

	private static final String APP = "https://app.example.com";

	private static final String ECHO = "{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[\"hi\"],\"id\":1}";

	private final ObjectMapper mapper = JsonMapper.builder().build();

	private EmbeddedChannel channel;

	@AfterEach
	void releaseChannel() {
		if (this.channel != null) {
			this.channel.finishAndReleaseAll();
		}
	}

	@Test
	void preflightOfTheJsonRpcPathIsAnsweredWithTheAllowedMethodsAndHeaders() throws IOException {
		open(settings(List.of(APP), List.of(), List.of("POST"), List.of("Content-Type", "Authorization"), false));
		RawHttpResponse response = single(preflight("/", APP, "POST", "content-type"));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo(APP);
		assertThat(response.header("Access-Control-Allow-Methods")).isEqualTo("POST");
		assertThat(response.header("Access-Control-Allow-Headers")).isEqualTo("content-type");
		assertThat(response.header("Access-Control-Max-Age")).isEqualTo("1800");
		assertThat(response.header("Access-Control-Allow-Credentials")).isNull();
		assertThat(response.header("Vary")).contains("Origin");
		assertThat(response.header("Content-Length")).isEqualTo("0");
		assertThat(this.channel.isOpen()).isTrue();
	}

	@Test
	void preflightIsAnsweredOnRoutesAndUnknownPathsAlike() throws IOException {
		open(settings(List.of(APP), List.of(), List.of(), List.of(), false));
		assertThat(single(preflight("/openrpc.json", APP, "GET", null)).status()).isEqualTo(200);
		RawHttpResponse unknown = single(preflight("/api/v1/users", APP, "GET", null));
		assertThat(unknown.status()).isEqualTo(200);
		assertThat(unknown.header("Access-Control-Allow-Methods")).isEqualTo("GET, HEAD, POST");
	}

	@Test
	void actualJsonRpcRequestGetsTheAllowOriginAndVary() throws IOException {
		open(settings(List.of(APP), List.of(), List.of(), List.of(), false));
		RawHttpResponse response = single(post(ECHO, APP));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"hi\",\"id\":1}");
		assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo(APP);
		assertThat(response.header("Vary")).startsWith("Origin");
		assertThat(response.header("Content-Length")).isEqualTo(String.valueOf(response.body().length()));
	}

	@Test
	void actualRouteRequestGetsTheAllowOriginAndExposedHeaders() throws IOException {
		open(new CorsSettings(List.of(APP), List.of(), List.of(), List.of(), List.of("X-Trace-Id"), true,
				Duration.ofMinutes(30)));
		RawHttpResponse response = single(
				"GET /openrpc.json HTTP/1.1\r\nHost: localhost\r\nOrigin: " + APP + "\r\nCookie: session=1\r\n\r\n");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{}");
		assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo(APP);
		assertThat(response.header("Access-Control-Allow-Credentials")).isEqualTo("true");
		assertThat(response.header("Access-Control-Expose-Headers")).isEqualTo("X-Trace-Id");
	}

	@Test
	void disallowedOriginGetsNoCorsHeadersAndItsPreflightIs403() throws IOException {
		open(settings(List.of(APP), List.of(), List.of(), List.of(), false));
		RawHttpResponse actual = single(post(ECHO, "https://evil.example.org"));
		assertThat(actual.status()).isEqualTo(200);
		assertThat(actual.header("Access-Control-Allow-Origin")).isNull();
		assertThat(actual.header("Vary")).startsWith("Origin");
		RawHttpResponse preflight = single(preflight("/", "https://evil.example.org", "POST", "content-type"));
		assertThat(preflight.status()).isEqualTo(403);
		assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
		assertThat(preflight.header("Access-Control-Allow-Methods")).isNull();
	}

	@Test
	void preflightOfAMethodOrHeaderNotAllowedIs403() throws IOException {
		open(settings(List.of(APP), List.of(), List.of("POST"), List.of("Content-Type"), false));
		assertThat(single(preflight("/", APP, "DELETE", null)).status()).isEqualTo(403);
		assertThat(single(preflight("/", APP, "POST", "x-secret")).status()).isEqualTo(403);
	}

	@Test
	void wildcardOriginIsAnsweredWithAStarWithoutCredentials() throws IOException {
		open(settings(List.of("*"), List.of(), List.of(), List.of(), false));
		assertThat(single(post(ECHO, "http://anything.test:3000")).header("Access-Control-Allow-Origin"))
			.isEqualTo("*");
	}

	@Test
	void originPatternsEchoTheOriginAndAllowCredentials() throws IOException {
		open(settings(List.of(), List.of("https://*.example.com", "http://localhost:[3000,5173]"), List.of(), List.of(),
				true));
		RawHttpResponse sub = single(preflight("/", "https://admin.example.com", "POST", "content-type"));
		assertThat(sub.status()).isEqualTo(200);
		assertThat(sub.header("Access-Control-Allow-Origin")).isEqualTo("https://admin.example.com");
		assertThat(sub.header("Access-Control-Allow-Credentials")).isEqualTo("true");
		assertThat(sub.header("Access-Control-Allow-Headers")).isEqualTo("content-type");
		assertThat(single(post(ECHO, "http://localhost:5173")).header("Access-Control-Allow-Origin"))
			.isEqualTo("http://localhost:5173");
		assertThat(single(post(ECHO, "http://localhost:8081")).header("Access-Control-Allow-Origin")).isNull();
		assertThat(single(post(ECHO, "https://example.com.evil.org")).header("Access-Control-Allow-Origin")).isNull();
	}

	@Test
	void sameOriginRequestIsNotACorsRequest() throws IOException {
		open(settings(List.of(APP), List.of(), List.of(), List.of(), false));
		RawHttpResponse response = single(post(ECHO, "http://localhost"));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Access-Control-Allow-Origin")).isNull();
	}

	@Test
	void withoutCorsSettingsAPreflightIsAnOrdinaryOptionsRequest() throws IOException {
		open(null);
		RawHttpResponse response = single(preflight("/", APP, "POST", "content-type"));
		assertThat(response.status()).isEqualTo(405);
		assertThat(response.header("Access-Control-Allow-Origin")).isNull();
		assertThat(single(post(ECHO, APP)).header("Vary")).isNull();
	}

	@Test
	void preflightsAmongPipelinedRequestsAreAnsweredInOrder() throws IOException {
		open(settings(List.of(APP), List.of(), List.of(), List.of(), false));
		String later = "{\"jsonrpc\":\"2.0\",\"method\":\"later\",\"id\":2}";
		write(post(later, APP) + preflight("/", APP, "POST", "content-type") + post(ECHO, APP)
				+ preflight("/", "https://evil.example.org", "POST", null));
		assertThat(responses()).isEmpty();
		this.methods.later.complete("done");
		this.channel.runPendingTasks();
		List<RawHttpResponse> responses = responses();
		assertThat(responses).extracting(RawHttpResponse::status).containsExactly(200, 200, 200, 403);
		assertThat(responses.get(0).body()).contains("\"done\"");
		assertThat(responses.get(1).header("Access-Control-Allow-Methods")).isNotNull();
		assertThat(responses.get(2).body()).contains("\"hi\"");
		assertThat(responses.subList(0, 3))
			.allSatisfy((response) -> assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo(APP));
	}

	@Test
	void settingsRefuseAWildcardOriginWithCredentialsAsSpringDoes() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> settings(List.of("*"), List.of(), List.of(), List.of(), true))
			.withMessageContaining("allowedOriginPatterns");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> settings(List.of(), List.of(), List.of(), List.of(), false))
			.withMessageContaining("no allowed origins");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> settings(List.of(APP), List.of(), List.of("PO ST"), List.of(), false))
			.withMessageContaining("allowedMethods");
	}

	private final Methods methods = new Methods();

	private static CorsSettings settings(List<String> origins, List<String> patterns, List<String> methods,
			List<String> headers, boolean credentials) {
		return new CorsSettings(origins, patterns, methods, headers, List.of(), credentials, Duration.ofMinutes(30));
	}

	private void open(CorsSettings cors) {
		MethodRegistry registry = MethodRegistry.builder(this.mapper).addAnnotated(this.methods).build();
		JsonRpcExchange exchange = new JsonRpcExchange(new JsonRpcDispatcher(registry, Runnable::run, false),
				new JsonRpcCodec(this.mapper, 10), ServerMetricsListener.NONE);
		Map<String, HttpRoute> routes = Map.of("/openrpc.json", (request) -> CompletableFuture
			.completedFuture(HttpRouteResponse.of(200, "application/json", "{}".getBytes(StandardCharsets.UTF_8))));
		HttpSettings settings = new HttpSettings(0, "/", routes, 4096, 4096, 8192, Duration.ZERO, Duration.ZERO,
				Duration.ZERO, 16, cors);
		this.channel = new EmbeddedChannel(new HttpServerInitializer(settings, null, exchange));
	}

	private static String preflight(String path, String origin, String method, String headers) {
		return "OPTIONS " + path + " HTTP/1.1\r\nHost: localhost\r\nOrigin: " + origin
				+ "\r\nAccess-Control-Request-Method: " + method + "\r\n"
				+ ((headers != null) ? "Access-Control-Request-Headers: " + headers + "\r\n" : "") + "\r\n";
	}

	private static String post(String body, String origin) {
		return "POST / HTTP/1.1\r\nHost: localhost\r\nOrigin: " + origin
				+ "\r\nContent-Type: application/json\r\nContent-Length: "
				+ body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
	}

	private void write(String request) {
		this.channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.UTF_8));
	}

	private RawHttpResponse single(String request) throws IOException {
		write(request);
		List<RawHttpResponse> responses = responses();
		assertThat(responses).hasSize(1);
		return responses.get(0);
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

		@JsonRpcMethod(nonBlocking = true)
		CompletableFuture<String> later() {
			return this.later;
		}

	}

}
