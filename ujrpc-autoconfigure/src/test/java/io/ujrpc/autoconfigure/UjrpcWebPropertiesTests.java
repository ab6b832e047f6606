package io.ujrpc.autoconfigure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.autoconfigure.client.JsonRpcClients;
import io.ujrpc.autoconfigure.client.UjrpcClientAutoConfiguration;
import io.ujrpc.server.config.CorsSettings;
import io.ujrpc.spring.JsonRpcServerLifecycle;
import io.ujrpc.spring.JsonRpcWebServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code ujrpc.cors.*} and {@code ujrpc.server.enabled} properties.
 */
class UjrpcWebPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, UjrpcAutoConfiguration.class))
		.withBean(Calculator.class)
		.withPropertyValues("server.port=0");

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void corsIsOffByDefault() {
		this.runner.run((context) -> {
			assertThat(context.getBean(UjrpcProperties.class).getCors().toCorsSettings()).isNull();
			JsonRpcWebServer server = context.getBean(JsonRpcWebServer.class);
			assertThat(server.getServer().config().http().cors()).isNull();
			assertThat(preflight(server.getPort(), "https://app.example.com").statusCode()).isEqualTo(405);
		});
	}

	@Test
	void corsPropertiesAnswerPreflightsOverTheSocket() {
		this.runner
			.withPropertyValues("ujrpc.cors.allowed-origins=https://app.example.com", "ujrpc.cors.allowed-methods=POST",
					"ujrpc.cors.allowed-headers=Content-Type,Authorization", "ujrpc.cors.exposed-headers=X-Request-Id",
					"ujrpc.cors.allow-credentials=true", "ujrpc.cors.max-age=600")
			.run((context) -> {
				CorsSettings cors = context.getBean(JsonRpcWebServer.class).getServer().config().http().cors();
				assertThat(cors.allowedMethods()).containsExactly("POST");
				assertThat(cors.maxAge()).hasSeconds(600);
				int port = context.getBean(JsonRpcWebServer.class).getPort();
				HttpResponse<String> preflight = preflight(port, "https://app.example.com");
				assertThat(preflight.statusCode()).isEqualTo(200);
				assertThat(preflight.headers().firstValue("access-control-allow-origin"))
					.hasValue("https://app.example.com");
				assertThat(preflight.headers().firstValue("access-control-allow-methods")).hasValue("POST");
				assertThat(preflight.headers().firstValue("access-control-allow-headers")).hasValue("content-type");
				assertThat(preflight.headers().firstValue("access-control-allow-credentials")).hasValue("true");
				assertThat(preflight.headers().firstValue("access-control-max-age")).hasValue("600");
				HttpResponse<String> actual = this.client
					.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
						.header("Origin", "https://app.example.com")
						.header("Content-Type", "application/json")
						.POST(HttpRequest.BodyPublishers
							.ofString("{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1}"))
						.build(), HttpResponse.BodyHandlers.ofString());
				assertThat(actual.body()).contains("\"result\":3");
				assertThat(actual.headers().firstValue("access-control-allow-origin"))
					.hasValue("https://app.example.com");
				assertThat(actual.headers().firstValue("access-control-expose-headers")).hasValue("X-Request-Id");
				assertThat(preflight(port, "https://other.example.com").statusCode()).isEqualTo(403);
			});
	}

	@Test
	void wildcardOriginWithCredentialsFailsStartupAsSpringWould() {
		this.runner.withPropertyValues("ujrpc.cors.allowed-origins=*", "ujrpc.cors.allow-credentials=true")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("cors.allowedOrigins: '*' with allowCredentials"));
	}

	@Test
	void serverDisabledStartsNoServerAndLeavesTheClientsAlone() {
		this.runner.withConfiguration(AutoConfigurations.of(UjrpcClientAutoConfiguration.class))
			.withPropertyValues("ujrpc.server.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(JsonRpcWebServer.class)
				.doesNotHaveBean(JsonRpcServerLifecycle.class)
				.doesNotHaveBean(UjrpcProperties.class)
				.hasSingleBean(JsonRpcClients.class));
	}

	@Test
	void serverIsEnabledByDefault() {
		this.runner.run((context) -> assertThat(context.getBean(JsonRpcWebServer.class).getPort()).isPositive());
	}

	private HttpResponse<String> preflight(int port, String origin) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", origin)
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "content-type")
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	static class Calculator {

		@JsonRpcMethod(nonBlocking = true)
		public long sum(long a, long b) {
			return a + b;
		}

	}

}
