package io.ujrpc.autoconfigure.security;

import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * HTTP Basic with the user of {@code spring.security.user.*}, the rules of a
 * {@link JsonRpcSecurityCustomizer}, and method security on the blocking executor, over
 * HTTP and WebSocket; the actuator under Boot's default rules.
 */
@Tag("security")
@SpringBootTest(classes = SecurityTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.security.user.name=user", "spring.security.user.password=secret",
				"spring.security.user.roles=USER", "ujrpc.websocket.path=/ws", "ujrpc.blocking.executor=platform",
				"management.endpoints.web.exposure.include=health,info" })
class BasicSecurityEndToEndTests {

	private static final String USER = SecurityClient.basic("user", "secret");

	@LocalServerPort
	private int port;

	private SecurityClient client;

	@BeforeEach
	void client() {
		this.client = new SecurityClient(this.port);
	}

	@Test
	void openMethodAnswersAnonymousCallers() throws Exception {
		HttpResponse<String> response = this.client.post(null,
				"{\"jsonrpc\":\"2.0\",\"method\":\"public.echo\",\"params\":[\"hi\"],\"id\":1}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"hi\",\"id\":1}");
	}

	@Test
	void anonymousCallOfAProtectedMethodIs401WithABasicChallenge() throws Exception {
		HttpResponse<String> response = this.client.call(null, "whoAmI");
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().allValues("www-authenticate")).containsExactly("Basic realm=\"ujrpc\"");
		assertThat(response.body())
			.isEqualTo("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32001,\"message\":\"Unauthorized\"},\"id\":1}");
	}

	@Test
	void wrongPasswordIs401() throws Exception {
		HttpResponse<String> response = this.client.call(SecurityClient.basic("user", "wrong"), "public.echo");
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().allValues("www-authenticate")).containsExactly("Basic realm=\"ujrpc\"");
		assertThat(response.body()).contains("\"code\":-32001").contains("Bad credentials");
	}

	@Test
	void unsupportedSchemeIs401() throws Exception {
		assertThat(this.client.call("Digest abc", "whoAmI").statusCode()).isEqualTo(401);
	}

	@Test
	void authenticatedCallerIsInTheSecurityContextOfTheBlockingThread() throws Exception {
		HttpResponse<String> response = this.client.call(USER, "whoAmI");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"result\":\"user on platform\"");
	}

	@Test
	void callerWithoutTheAuthorityOfARuleIs403() throws Exception {
		HttpResponse<String> response = this.client.call(USER, "admin.reset");
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("www-authenticate")).isEmpty();
		assertThat(response.body())
			.isEqualTo("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32003,\"message\":\"Forbidden\"},\"id\":1}");
	}

	@Test
	void preAuthorizeGrantsFromTheSecurityContext() throws Exception {
		HttpResponse<String> response = this.client.call(USER, "forUsers");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"result\":\"for user\"");
	}

	@Test
	void preAuthorizeDenialIsForbiddenNotInternalError() throws Exception {
		HttpResponse<String> response = this.client.call(USER, "forBosses");
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body())
			.isEqualTo("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32003,\"message\":\"Forbidden\"},\"id\":1}");
		assertThat(this.client.call(USER, "laterForBosses").body()).contains("\"code\":-32003");
	}

	@Test
	void batchElementsAreAuthorizedOneByOne() throws Exception {
		HttpResponse<String> response = this.client.post(USER,
				"[{\"jsonrpc\":\"2.0\",\"method\":\"admin.reset\",\"id\":1},"
						+ "{\"jsonrpc\":\"2.0\",\"method\":\"whoAmI\",\"id\":2},"
						+ "{\"jsonrpc\":\"2.0\",\"method\":\"forBosses\",\"id\":3}]");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body())
			.contains("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32003,\"message\":\"Forbidden\"},\"id\":1}")
			.contains("{\"jsonrpc\":\"2.0\",\"result\":\"user on platform\",\"id\":2}")
			.contains("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32003,\"message\":\"Forbidden\"},\"id\":3}");
	}

	@Test
	void anonymousBatchGetsUnauthorizedPerProtectedElement() throws Exception {
		HttpResponse<String> response = this.client.post(null, "[{\"jsonrpc\":\"2.0\",\"method\":\"whoAmI\",\"id\":1},"
				+ "{\"jsonrpc\":\"2.0\",\"method\":\"public.echo\",\"params\":[\"x\"],\"id\":2}]");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"code\":-32001").contains("\"result\":\"x\"");
	}

	@Test
	void webSocketAuthenticatedAtTheHandshake() throws Exception {
		SecurityClient.Messages messages = new SecurityClient.Messages();
		WebSocket socket = this.client.webSocket(USER, messages).get(10, TimeUnit.SECONDS);
		socket.sendText("{\"jsonrpc\":\"2.0\",\"method\":\"whoAmI\",\"id\":1}", true);
		assertThat(messages.next()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"user on platform\",\"id\":1}");
		socket.sendText("{\"jsonrpc\":\"2.0\",\"method\":\"forBosses\",\"id\":2}", true);
		assertThat(messages.next()).contains("\"code\":-32003");
		socket.abort();
	}

	@Test
	void webSocketHandshakeWithBadCredentialsIsRefusedWith401() {
		assertThatExceptionOfType(CompletionException.class)
			.isThrownBy(
					() -> this.client.webSocket(SecurityClient.basic("user", "wrong"), new SecurityClient.Messages())
						.join())
			.havingCause()
			.isInstanceOfSatisfying(WebSocketHandshakeException.class,
					(ex) -> assertThat(ex.getResponse().statusCode()).isEqualTo(401));
	}

	@Test
	void anonymousWebSocketCallsOnlyOpenMethods() throws Exception {
		SecurityClient.Messages messages = new SecurityClient.Messages();
		WebSocket socket = this.client.webSocket(null, messages).get(10, TimeUnit.SECONDS);
		socket.sendText("{\"jsonrpc\":\"2.0\",\"method\":\"whoAmI\",\"id\":1}", true);
		assertThat(messages.next()).contains("\"code\":-32001");
		socket.sendText("{\"jsonrpc\":\"2.0\",\"method\":\"public.echo\",\"params\":[\"x\"],\"id\":2}", true);
		assertThat(messages.next()).contains("\"result\":\"x\"");
		socket.abort();
	}

	@Test
	void actuatorHealthIsOpenAndTheOtherEndpointsNeedACaller() throws Exception {
		assertThat(this.client.get(null, "/actuator/health").statusCode()).isEqualTo(200);
		assertThat(this.client.get(null, "/actuator/health/liveness").statusCode()).isEqualTo(200);
		HttpResponse<String> info = this.client.get(null, "/actuator/info");
		assertThat(info.statusCode()).isEqualTo(401);
		assertThat(info.headers().firstValue("www-authenticate")).hasValue("Basic realm=\"ujrpc\"");
		assertThat(this.client.get(USER, "/actuator/info").statusCode()).isEqualTo(200);
		assertThat(this.client.get(SecurityClient.basic("user", "wrong"), "/actuator/health").statusCode())
			.isEqualTo(401);
	}

}
