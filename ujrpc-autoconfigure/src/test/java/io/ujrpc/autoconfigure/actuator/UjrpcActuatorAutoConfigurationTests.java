package io.ujrpc.autoconfigure.actuator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.autoconfigure.JsonRpcServerCustomizer;
import io.ujrpc.autoconfigure.UjrpcAutoConfiguration;
import io.ujrpc.server.tls.TestCertificates;
import io.ujrpc.spring.JsonRpcWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.jackson.JacksonEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.info.InfoEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpointDiscoverer;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointWebExtension;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class UjrpcActuatorAutoConfigurationTests {

	private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(JacksonAutoConfiguration.class,
			UjrpcAutoConfiguration.class, ApplicationAvailabilityAutoConfiguration.class,
			EndpointAutoConfiguration.class, JacksonEndpointAutoConfiguration.class,
			HealthContributorRegistryAutoConfiguration.class, HealthEndpointAutoConfiguration.class,
			AvailabilityHealthContributorAutoConfiguration.class, AvailabilityProbesAutoConfiguration.class,
			InfoEndpointAutoConfiguration.class, UjrpcActuatorAutoConfiguration.class);

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
		.withBean(Calculator.class)
		.withPropertyValues("server.port=0");

	private final HttpClient client = HttpClient.newHttpClient();

	@Test
	void exposesOnlyHealthByDefault() {
		this.runner.run((context) -> {
			ready(context);
			assertThat(context).hasSingleBean(WebEndpointDiscoverer.class)
				.hasSingleBean(HealthEndpointWebExtension.class)
				.doesNotHaveBean("ujrpcManagementServerCustomizer");
			assertThat(context.getBean(JsonRpcWebServer.class).getServer().managementPort()).isEqualTo(-1);
			assertThat(status(context, "/actuator/health")).isEqualTo(200);
			assertThat(status(context, "/actuator/info")).isEqualTo(404);
			assertThat(body(context, "/actuator")).contains("\"health\"").doesNotContain("\"info\"");
		});
	}

	@Test
	void exposureIncludeAndExcludeAreHonoured() {
		this.runner
			.withPropertyValues("management.endpoints.web.exposure.include=*",
					"management.endpoints.web.exposure.exclude=health")
			.run((context) -> {
				ready(context);
				assertThat(context).doesNotHaveBean(HealthEndpointWebExtension.class);
				assertThat(status(context, "/actuator/info")).isEqualTo(200);
				assertThat(status(context, "/actuator/health")).isEqualTo(404);
				assertThat(body(context, "/actuator")).contains("\"info\"").doesNotContain("\"health\"");
			});
	}

	@Test
	void pathMappingRenamesAnEndpoint() {
		this.runner.withPropertyValues("management.endpoints.web.path-mapping.health=healthcheck").run((context) -> {
			ready(context);
			assertThat(status(context, "/actuator/healthcheck")).isEqualTo(200);
			assertThat(status(context, "/actuator/healthcheck/liveness")).isEqualTo(200);
			assertThat(status(context, "/actuator/health")).isEqualTo(404);
		});
	}

	@Test
	void basePathMovesTheEndpoints() {
		this.runner.withPropertyValues("management.endpoints.web.base-path=/manage").run((context) -> {
			ready(context);
			assertThat(status(context, "/manage/health")).isEqualTo(200);
			assertThat(status(context, "/manage")).isEqualTo(200);
			assertThat(status(context, "/actuator/health")).isEqualTo(404);
			assertThat(post(context, port(context), "/")).contains("\"result\":3");
		});
	}

	@Test
	void rootBasePathServesEndpointsBesideJsonRpcWithoutALinksPage() {
		this.runner.withPropertyValues("management.endpoints.web.base-path=/").run((context) -> {
			ready(context);
			assertThat(status(context, "/health")).isEqualTo(200);
			assertThat(status(context, "/health/readiness")).isEqualTo(200);
			assertThat(post(context, port(context), "/")).contains("\"result\":3");
			// GET / is JSON-RPC's path, not a links page.
			assertThat(status(context, "/")).isEqualTo(405);
		});
	}

	@Test
	void discoveryDisabledRemovesTheLinksPage() {
		this.runner.withPropertyValues("management.endpoints.web.discovery.enabled=false").run((context) -> {
			ready(context);
			assertThat(status(context, "/actuator")).isEqualTo(404);
			assertThat(status(context, "/actuator/health")).isEqualTo(200);
		});
	}

	@Test
	void managementPortRunsASecondListenerWithTheActuatorOnly() {
		this.runner.withPropertyValues("management.server.port=0").run((context) -> {
			ready(context);
			assertThat(context).hasBean("ujrpcManagementServerCustomizer");
			int serverPort = port(context);
			Integer managementPort = context.getEnvironment().getProperty("local.management.port", Integer.class);
			assertThat(managementPort).isNotNull().isPositive().isNotEqualTo(serverPort);
			// One server, so one transport, one event loop group and the same
			// customizers.
			assertThat(context.getBean(JsonRpcWebServer.class).getServer().managementPort()).isEqualTo(managementPort);
			assertThat(status(managementPort, "/actuator/health")).isEqualTo(200);
			assertThat(status(managementPort, "/actuator")).isEqualTo(200);
			assertThat(status(serverPort, "/actuator/health")).isEqualTo(404);
			assertThat(post(context, serverPort, "/")).contains("\"result\":3");
			assertThat(post(context, managementPort, "/")).startsWith("No ");
		});
	}

	@Test
	void managementServerBasePathPrefixesTheManagementListener() {
		this.runner
			.withPropertyValues("management.server.port=0", "management.server.base-path=/admin",
					"management.endpoints.web.base-path=/")
			.run((context) -> {
				ready(context);
				int managementPort = context.getEnvironment().getProperty("local.management.port", Integer.class);
				assertThat(status(managementPort, "/admin/health")).isEqualTo(200);
				assertThat(status(managementPort, "/admin")).isEqualTo(200);
				assertThat(status(managementPort, "/health")).isEqualTo(404);
			});
	}

	@Test
	void managementPortMinusOneServesNoEndpointsAnywhere() {
		this.runner.withPropertyValues("management.server.port=-1").run((context) -> {
			ready(context);
			assertThat(context).doesNotHaveBean("ujrpcManagementServerCustomizer");
			assertThat(context.getBeansOfType(JsonRpcServerCustomizer.class)).isEmpty();
			assertThat(status(context, "/actuator/health")).isEqualTo(404);
		});
	}

	/**
	 * Nothing publishes the application's availability in a runner, so the probes, and
	 * with them the overall health, would be down.
	 */
	@Test
	void managementServerSslServesTheEndpointsOverTlsWithHttpsLinks(@TempDir Path directory) throws Exception {
		TestCertificates certificates = TestCertificates.generate(directory, "management");
		this.runner.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
			.withPropertyValues("management.server.port=0", "management.server.ssl.bundle=management",
					"spring.ssl.bundle.jks.management.keystore.location=file:" + certificates.keyStore(),
					"spring.ssl.bundle.jks.management.keystore.password=" + TestCertificates.PASSWORD,
					"spring.ssl.bundle.jks.management.keystore.type=PKCS12")
			.run((context) -> {
				ready(context);
				int managementPort = context.getEnvironment().getProperty("local.management.port", Integer.class);
				HttpClient client = HttpClient.newBuilder().sslContext(certificates.clientContext()).build();
				HttpResponse<String> links = client.send(
						HttpRequest.newBuilder(URI.create("https://localhost:" + managementPort + "/actuator")).build(),
						HttpResponse.BodyHandlers.ofString());
				assertThat(links.statusCode()).isEqualTo(200);
				assertThat(links.body())
					.contains("\"href\":\"https://localhost:" + managementPort + "/actuator/health\"");
				// The application's own listener stays plaintext.
				assertThat(post(context, port(context), "/")).contains("\"result\":3");
			});
	}

	private static void ready(AssertableApplicationContext context) {
		AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
		AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
	}

	private static int port(AssertableApplicationContext context) {
		return context.getBean(JsonRpcWebServer.class).getPort();
	}

	private int status(AssertableApplicationContext context, String path) throws Exception {
		return status(port(context), path);
	}

	private int status(int port, String path) throws Exception {
		return this.client
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
					HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	private String body(AssertableApplicationContext context, String path) throws Exception {
		return this.client
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port(context) + path)).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
	}

	private String post(AssertableApplicationContext context, int port, String path) throws Exception {
		return this.client
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
				.header("content-type", "application/json")
				.POST(HttpRequest.BodyPublishers
					.ofString("{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1}"))
				.build(), HttpResponse.BodyHandlers.ofString())
			.body();
	}

	static class Calculator {

		@JsonRpcMethod(nonBlocking = true)
		long sum(long a, long b) {
			return a + b;
		}

	}

}
