package io.ujrpc.context;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.annotation.JsonRpcParam;
import io.ujrpc.dispatch.MethodRegistrationException;
import io.ujrpc.dispatch.MethodRegistry;
import io.ujrpc.openrpc.OpenRpcDiscovery;
import io.ujrpc.protocol.Protocol;
import io.ujrpc.server.JsonRpcServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A method that declares a {@link RequestContext} parameter sees where its call came
 * from, on every protocol, and the parameter is never bound from params.
 */
class RequestContextTests {

	private static final ObjectMapper MAPPER = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	private JsonRpcServer server;

	@BeforeEach
	void start() {
		this.server = JsonRpcServer.builder(MethodRegistry.builder(MAPPER).addAnnotated(new ContextMethods()).build())
			.port(0)
			.tcpPort(0)
			.webSocketPath("/ws")
			.build()
			.start();
	}

	@AfterEach
	void stop() {
		this.server.stop();
	}

	@Test
	void httpCallSeesItsHeadersAddressesAndId() throws Exception {
		JsonNode result = httpCall("{\"jsonrpc\":\"2.0\",\"method\":\"whoami\",\"params\":[\"x\"],\"id\":\"a-7\"}",
				"X-Tenant", "acme");
		assertThat(result.get("protocol").stringValue()).isEqualTo("HTTP");
		assertThat(result.get("tenant").stringValue()).isEqualTo("acme");
		assertThat(result.get("method").stringValue()).isEqualTo("whoami");
		assertThat(result.get("id").stringValue()).isEqualTo("a-7");
		assertThat(result.get("remote").stringValue()).startsWith("127.0.0.1:");
		assertThat(result.get("local").stringValue()).isEqualTo("127.0.0.1:" + this.server.port());
		assertThat(result.get("tls").booleanValue()).isFalse();
		assertThat(result.get("principal").isNull()).isTrue();
		assertThat(result.get("label").stringValue()).isEqualTo("x");
	}

	@Test
	void contextIsNotBoundFromParamsByPositionOrName() throws Exception {
		assertThat(httpCall("{\"jsonrpc\":\"2.0\",\"method\":\"whoami\",\"params\":{\"label\":\"y\"},\"id\":1}")
			.get("label")
			.stringValue()).isEqualTo("y");
		JsonNode tooMany = MAPPER.readTree(
				post("{\"jsonrpc\":\"2.0\",\"method\":\"whoami\",\"params\":[\"x\",{\"protocol\":\"TCP\"}],\"id\":1}"));
		assertThat(tooMany.at("/error/code").intValue()).isEqualTo(-32602);
		assertThat(tooMany.at("/error/message").stringValue()).contains("expected at most 1 params, got 2");
		JsonNode named = MAPPER.readTree(post(
				"{\"jsonrpc\":\"2.0\",\"method\":\"whoami\",\"params\":{\"label\":\"y\",\"context\":{}},\"id\":1}"));
		assertThat(named.at("/error/message").stringValue())
			.isEqualTo("Invalid params: unknown parameter 'context' (expected one of [label])");
	}

	@Test
	void methodTakingOnlyTheContextTakesNoParams() throws Exception {
		assertThat(httpCall("{\"jsonrpc\":\"2.0\",\"method\":\"protocol\",\"id\":1}").stringValue()).isEqualTo("HTTP");
		JsonNode error = MAPPER.readTree(post("{\"jsonrpc\":\"2.0\",\"method\":\"protocol\",\"params\":[1],\"id\":1}"));
		assertThat(error.at("/error/message").stringValue()).isEqualTo("Invalid params: expected no params, got 1");
	}

	@Test
	void everyCallOfABatchGetsItsOwnIdAndTheSameHeaders() throws Exception {
		HttpResponse<String> response = this.http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.server.port() + "/"))
				.header("Content-Type", "application/json")
				.header("X-Tenant", "acme")
				.POST(HttpRequest.BodyPublishers
					.ofString("[{\"jsonrpc\":\"2.0\",\"method\":\"whoami\",\"params\":[\"a\"],\"id\":1},"
							+ "{\"jsonrpc\":\"2.0\",\"method\":\"whoami\",\"params\":[\"b\"],\"id\":2}]"))
				.build(), HttpResponse.BodyHandlers.ofString());
		JsonNode batch = MAPPER.readTree(response.body());
		assertThat(batch.get(0).at("/result/id").intValue()).isEqualTo(1);
		assertThat(batch.get(1).at("/result/id").intValue()).isEqualTo(2);
		assertThat(batch.get(1).at("/result/tenant").stringValue()).isEqualTo("acme");
	}

	@Test
	void webSocketCallSeesTheHandshakeHeaders() throws Exception {
		CompletableFuture<String> message = new CompletableFuture<>();
		WebSocket socket = this.http.newWebSocketBuilder()
			.header("X-Tenant", "globex")
			.buildAsync(URI.create("ws://127.0.0.1:" + this.server.port() + "/ws"), new WebSocket.Listener() {

				private final StringBuilder text = new StringBuilder();

				@Override
				public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
					this.text.append(data);
					if (last) {
						message.complete(this.text.toString());
					}
					webSocket.request(1);
					return null;
				}

			})
			.get(5, TimeUnit.SECONDS);
		try {
			socket.sendText("{\"jsonrpc\":\"2.0\",\"method\":\"whoami\",\"params\":[\"w\"],\"id\":3}", true);
			JsonNode result = MAPPER.readTree(message.get(5, TimeUnit.SECONDS)).get("result");
			assertThat(result.get("protocol").stringValue()).isEqualTo("WEBSOCKET");
			assertThat(result.get("tenant").stringValue()).isEqualTo("globex");
			assertThat(result.get("id").intValue()).isEqualTo(3);
			assertThat(result.get("remote").stringValue()).startsWith("127.0.0.1:");
		}
		finally {
			socket.abort();
		}
	}

	@Test
	void tcpCallSeesItsAddressesAndNoHeaders() throws Exception {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.server.tcpPort()), 5_000);
			socket.setSoTimeout(5_000);
			OutputStream out = socket.getOutputStream();
			out.write("{\"jsonrpc\":\"2.0\",\"method\":\"whoami\",\"params\":[\"t\"],\"id\":4}\n"
				.getBytes(StandardCharsets.UTF_8));
			out.flush();
			BufferedReader in = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
			JsonNode result = MAPPER.readTree(in.readLine()).get("result");
			assertThat(result.get("protocol").stringValue()).isEqualTo("TCP");
			assertThat(result.get("tenant").isNull()).isTrue();
			assertThat(result.get("headers").intValue()).isZero();
			assertThat(result.get("local").stringValue()).isEqualTo("127.0.0.1:" + this.server.tcpPort());
		}
	}

	@Test
	void openRpcDocumentDoesNotListTheContext() {
		OpenRpcDiscovery discovery = OpenRpcDiscovery.builder().build();
		MethodRegistry.builder(MAPPER).discovery(discovery).addAnnotated(new ContextMethods()).build();
		JsonNode document = MAPPER.readTree(MAPPER.writeValueAsString(discovery.document()));
		assertThat(document.get("methods")).hasSizeGreaterThanOrEqualTo(2);
		for (JsonNode method : document.get("methods")) {
			if (method.get("name").stringValue().equals("whoami")) {
				assertThat(method.get("params")).hasSize(1);
				assertThat(method.at("/params/0/name").stringValue()).isEqualTo("label");
			}
			if (method.get("name").stringValue().equals("protocol")) {
				assertThat(method.get("params")).isEmpty();
			}
		}
	}

	@Test
	void twoContextParametersAreRefusedAtRegistration() {
		assertThatExceptionOfType(MethodRegistrationException.class)
			.isThrownBy(() -> MethodRegistry.builder(MAPPER).addAnnotated(new TwoContexts()).build())
			.withMessageContaining("has two RequestContext parameters");
	}

	@Test
	void localExchangeHasNoAddressesHeadersOrTls() {
		ExchangeContext local = ExchangeContext.local(Protocol.HTTP);
		assertThat(local.remoteAddress()).isNull();
		assertThat(local.headers().names()).isEmpty();
		assertThat(local.peerCertificates()).isEmpty();
		assertThat(local.withPrincipal(() -> "ann").principal().getName()).isEqualTo("ann");
		assertThat(local.principal()).isNull();
	}

	@Test
	void headersOfAMapAreCaseInsensitive() {
		RequestHeaders headers = RequestHeaders.of(Map.of("X-Tenant", List.of("a", "b")));
		assertThat(headers.get("x-tenant")).isEqualTo("a");
		assertThat(headers.getAll("X-TENANT")).containsExactly("a", "b");
		assertThat(headers.contains("x-other")).isFalse();
		assertThat(headers.names()).containsExactly("X-Tenant");
	}

	private JsonNode httpCall(String body, String... headers) throws Exception {
		JsonNode response = MAPPER.readTree(post(body, headers));
		assertThat(response.has("error")).as(response.toString()).isFalse();
		return response.get("result");
	}

	private String post(String body, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.server.port() + "/"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
	}

	static class ContextMethods {

		@JsonRpcMethod(nonBlocking = true)
		Map<String, Object> whoami(@JsonRpcParam("label") String label, RequestContext context) {
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("protocol", context.protocol().name());
			result.put("tenant", context.headers().get("x-tenant"));
			result.put("headers", context.headers().names().size());
			result.put("method", context.method());
			result.put("id", context.id());
			result.put("remote", address(context.remoteAddress()));
			result.put("local", address(context.localAddress()));
			result.put("tls", context.sslSession() != null);
			result.put("principal", context.principal());
			result.put("label", label);
			return result;
		}

		@JsonRpcMethod
		String protocol(RequestContext context) {
			return context.protocol().name();
		}

		private static String address(SocketAddress address) {
			InetSocketAddress inet = (InetSocketAddress) address;
			return inet.getAddress().getHostAddress() + ":" + inet.getPort();
		}

	}

	static class TwoContexts {

		@JsonRpcMethod
		String twice(RequestContext first, RequestContext second) {
			return "no";
		}

	}

}
