package io.ujrpc.server;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.context.ExchangeAuthenticationException;
import io.ujrpc.context.ExchangeAuthenticator;
import io.ujrpc.context.ExchangeContext;
import io.ujrpc.context.RequestContext;
import io.ujrpc.dispatch.JsonRpcInterceptor;
import io.ujrpc.dispatch.MethodInvoker;
import io.ujrpc.dispatch.MethodRegistry;
import io.ujrpc.protocol.JsonRpcError;
import io.ujrpc.protocol.JsonRpcErrorCode;
import io.ujrpc.protocol.Protocol;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An {@link ExchangeAuthenticator} over each protocol: refused credentials get HTTP 401
 * with the challenge, a refused WebSocket upgrade and a closed TCP connection; an
 * interceptor's {@code -32001} and {@code -32003} become 401 and 403 for a single HTTP
 * request and stay per element in a batch.
 */
class ExchangeAuthenticationTests {

	private static final String CHALLENGE = "Token realm=\"test\"";

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private JsonRpcServer server;

	@BeforeEach
	void start() {
		MethodRegistry registry = MethodRegistry.builder(JsonMapper.builder().build())
			.addAnnotated(new Methods())
			.interceptor(new Rules())
			.build();
		this.server = JsonRpcServer.builder(registry)
			.port(0)
			.tcpPort(0)
			.webSocketPath("/ws")
			.authenticator(new TokenAuthenticator())
			.build()
			.start();
	}

	@AfterEach
	void stop() {
		this.server.stop();
	}

	@Test
	void anonymousCallOfAnOpenMethodIsAnswered() throws Exception {
		HttpResponse<String> response = post(null, "{\"jsonrpc\":\"2.0\",\"method\":\"open\",\"id\":1}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
		assertThat(response.body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"open\",\"id\":1}");
	}

	@Test
	void anonymousCallOfAProtectedMethodIs401WithTheChallenge() throws Exception {
		HttpResponse<String> response = post(null, "{\"jsonrpc\":\"2.0\",\"method\":\"whoAmI\",\"id\":1}");
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().allValues("www-authenticate")).containsExactly(CHALLENGE);
		assertThat(response.body())
			.isEqualTo("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32001,\"message\":\"Unauthorized\"},\"id\":1}");
	}

	@Test
	void authenticatedCallerIsTheMethodsPrincipal() throws Exception {
		HttpResponse<String> response = post("Token alice", "{\"jsonrpc\":\"2.0\",\"method\":\"whoAmI\",\"id\":1}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"alice\",\"id\":1}");
	}

	@Test
	void refusedCredentialsAre401EvenForAnOpenMethod() throws Exception {
		HttpResponse<String> response = post("Token bad", "{\"jsonrpc\":\"2.0\",\"method\":\"open\",\"id\":1}");
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().allValues("www-authenticate")).containsExactly("Token error=\"invalid\"");
		assertThat(response.body()).contains("-32001").contains("Bad token").doesNotContain("Exception");
	}

	@Test
	void callerWithoutTheAuthorityIs403() throws Exception {
		HttpResponse<String> response = post("Token alice", "{\"jsonrpc\":\"2.0\",\"method\":\"admin\",\"id\":1}");
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("www-authenticate")).isEmpty();
		assertThat(response.body()).contains("-32003");
	}

	@Test
	void batchIsAnsweredWithAnErrorPerElementAnd200() throws Exception {
		HttpResponse<String> response = post("Token alice",
				"[{\"jsonrpc\":\"2.0\",\"method\":\"admin\",\"id\":1},{\"jsonrpc\":\"2.0\",\"method\":\"whoAmI\",\"id\":2}]");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"code\":-32003").contains("\"result\":\"alice\"");
	}

	@Test
	void onlyNotificationsAre204() throws Exception {
		HttpResponse<String> response = post("Token alice", "{\"jsonrpc\":\"2.0\",\"method\":\"whoAmI\"}");
		assertThat(response.statusCode()).isEqualTo(204);
		assertThat(response.body()).isEmpty();
	}

	@Test
	void webSocketHandshakeWithRefusedCredentialsIs401() {
		CompletableFuture<WebSocket> connecting = this.client.newWebSocketBuilder()
			.header("Authorization", "Token bad")
			.buildAsync(URI.create("ws://127.0.0.1:" + this.server.port() + "/ws"), new WebSocket.Listener() {
			});
		assertThatExceptionOfType(CompletionException.class).isThrownBy(connecting::join)
			.havingCause()
			.isInstanceOfSatisfying(WebSocketHandshakeException.class, (ex) -> {
				assertThat(ex.getResponse().statusCode()).isEqualTo(401);
				assertThat(ex.getResponse().headers().allValues("www-authenticate"))
					.containsExactly("Token error=\"invalid\"");
			});
	}

	@Test
	void webSocketCallerAuthenticatedAtTheHandshakeIsEveryMessagesPrincipal() throws Exception {
		Listener listener = new Listener();
		WebSocket socket = this.client.newWebSocketBuilder()
			.header("Authorization", "Token alice")
			.buildAsync(URI.create("ws://127.0.0.1:" + this.server.port() + "/ws"), listener)
			.get(10, TimeUnit.SECONDS);
		socket.sendText("{\"jsonrpc\":\"2.0\",\"method\":\"whoAmI\",\"id\":1}", true);
		assertThat(listener.next()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"alice\",\"id\":1}");
		socket.sendText("{\"jsonrpc\":\"2.0\",\"method\":\"admin\",\"id\":2}", true);
		assertThat(listener.next()).contains("-32003");
		socket.abort();
	}

	@Test
	void tcpCallerRefusedAtTheFirstValueGetsUnauthorizedAndTheConnectionClosed() throws Exception {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.server.tcpPort()), 5_000);
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write("{\"jsonrpc\":\"2.0\",\"method\":\"open\",\"id\":1}\n".getBytes(StandardCharsets.UTF_8));
			out.flush();
			BufferedReader in = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
			assertThat(in.readLine()).isEqualTo(
					"{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32001,\"message\":\"Unauthorized\"},\"id\":null}");
			assertThat(in.read()).isEqualTo(-1);
		}
	}

	@Test
	void restRoutesAuthenticateAsTheJsonRpcEndpointDoes() throws Exception {
		HttpResponse<String> anonymous = get(null, "/rest/whoAmI");
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(anonymous.headers().allValues("www-authenticate")).containsExactly(CHALLENGE);
		assertThat(anonymous.headers().firstValue("content-type")).hasValue("application/problem+json");
		assertThat(anonymous.body()).contains("\"code\":-32001").doesNotContain("Exception");
		HttpResponse<String> refused = get("Token bad", "/rest/open");
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(refused.headers().allValues("www-authenticate")).containsExactly("Token error=\"invalid\"");
		HttpResponse<String> alice = get("Token alice", "/rest/whoAmI");
		assertThat(alice.statusCode()).isEqualTo(200);
		assertThat(alice.body()).isEqualTo("\"alice\"");
		assertThat(get("Token alice", "/rest/admin").statusCode()).isEqualTo(403);
		assertThat(get(null, "/rest/open").statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> get(@Nullable String authorization, String path) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.server.port() + path))
			.timeout(Duration.ofSeconds(10))
			.GET();
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(@Nullable String authorization, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.server.port() + "/"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * {@code Authorization: Token <name>} names the caller; {@code Token bad} is refused;
	 * a raw TCP caller is always anonymous, so refused.
	 */
	static final class TokenAuthenticator implements ExchangeAuthenticator {

		@Override
		public ExchangeContext authenticate(ExchangeContext exchange) {
			if (exchange.protocol() == Protocol.TCP) {
				throw new ExchangeAuthenticationException("Unauthorized", List.of());
			}
			String authorization = exchange.headers().get("Authorization");
			if (authorization == null) {
				return exchange;
			}
			String name = authorization.substring("Token ".length());
			if (name.equals("bad")) {
				throw new ExchangeAuthenticationException("Bad token", List.of("Token error=\"invalid\""));
			}
			Principal principal = () -> name;
			return exchange.withPrincipal(principal);
		}

		@Override
		public List<String> challenges() {
			return List.of(CHALLENGE);
		}

	}

	/**
	 * {@code open} is open; {@code admin} is for {@code root}; everything else needs a
	 * caller.
	 */
	static final class Rules implements JsonRpcInterceptor {

		@Override
		public @Nullable JsonRpcError preHandle(RequestContext call, MethodInvoker method) {
			if (method.name().equals("open")) {
				return null;
			}
			if (call.principal() == null) {
				return JsonRpcErrorCode.UNAUTHORIZED.toError();
			}
			if (method.name().equals("admin") && !call.principal().getName().equals("root")) {
				return JsonRpcErrorCode.FORBIDDEN.toError();
			}
			return null;
		}

	}

	static class Methods {

		@JsonRpcMethod(nonBlocking = true)
		String open() {
			return "open";
		}

		@JsonRpcMethod
		String whoAmI(RequestContext context) {
			return context.principal().getName();
		}

		@JsonRpcMethod
		String admin() {
			return "admin";
		}

	}

	static final class Listener implements WebSocket.Listener {

		private final java.util.concurrent.BlockingQueue<String> messages = new java.util.concurrent.LinkedBlockingQueue<>();

		private final StringBuilder partial = new StringBuilder();

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.partial.append(data);
			if (last) {
				this.messages.add(this.partial.toString());
				this.partial.setLength(0);
			}
			webSocket.request(1);
			return null;
		}

		String next() throws InterruptedException {
			String message = this.messages.poll(10, TimeUnit.SECONDS);
			assertThat(message).as("a message within 10 s").isNotNull();
			return message;
		}

	}

}
