package io.ujrpc.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code secure} profile does what docs/security.md shows with curl.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("secure")
class SampleSecureProfileTests {

	private static final String USER = "Basic "
			+ Base64.getEncoder().encodeToString("user:secret".getBytes(StandardCharsets.UTF_8));

	@LocalServerPort
	private int port;

	private final HttpClient client = HttpClient.newHttpClient();

	@Test
	void calculatorIsOpen() throws Exception {
		HttpResponse<String> response = call(null,
				"{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[2,3],\"id\":1}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"result\":5");
	}

	@Test
	void whoamiNeedsTheUser() throws Exception {
		HttpResponse<String> anonymous = call(null, "{\"jsonrpc\":\"2.0\",\"method\":\"whoami\",\"id\":1}");
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(anonymous.headers().firstValue("www-authenticate")).hasValue("Basic realm=\"ujrpc-sample\"");
		HttpResponse<String> user = call(USER, "{\"jsonrpc\":\"2.0\",\"method\":\"whoami\",\"id\":1}");
		assertThat(user.body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"user\",\"id\":1}");
	}

	@Test
	void sleepNeedsTheAdminRole() throws Exception {
		HttpResponse<String> response = call(USER,
				"{\"jsonrpc\":\"2.0\",\"method\":\"sleep\",\"params\":[1],\"id\":1}");
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("\"code\":-32003");
	}

	@Test
	void healthIsOpenAndMetricsAreNot() throws Exception {
		assertThat(get(null, "/actuator/health").statusCode()).isEqualTo(200);
		assertThat(get(null, "/actuator/metrics").statusCode()).isEqualTo(401);
		assertThat(get(USER, "/actuator/metrics").statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> call(@Nullable String authorization, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(@Nullable String authorization, String path) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
