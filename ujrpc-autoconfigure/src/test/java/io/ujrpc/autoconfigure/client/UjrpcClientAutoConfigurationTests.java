package io.ujrpc.autoconfigure.client;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.netty.handler.ssl.SslContextBuilder;
import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.client.JsonRpcClient;
import io.ujrpc.dispatch.MethodRegistry;
import io.ujrpc.server.JsonRpcServer;
import io.ujrpc.server.tls.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link UjrpcClientAutoConfiguration}, against a ujrpc server.
 */
class UjrpcClientAutoConfigurationTests {

	private static JsonRpcServer server;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(UjrpcClientAutoConfiguration.class));

	@BeforeAll
	static void startServer() {
		server = JsonRpcServer
			.builder(MethodRegistry.builder(JsonMapper.builder().build()).addAnnotated(new Service()).build())
			.port(0)
			.tcpPort(0)
			.webSocketPath("/ws")
			.build()
			.start();
	}

	@AfterAll
	static void stopServer() {
		server.stop();
	}

	private static String http() {
		return "ujrpc.client.calc.url=http://localhost:" + server.port() + "/";
	}

	@Test
	void noClientsWithoutProperties() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(JsonRpcClients.class).doesNotHaveBean(JsonRpcClient.class);
			assertThat(context.getBean(JsonRpcClients.class).names()).isEmpty();
		});
	}

	@Test
	void clientAndItsInterfacesFromProperties() {
		this.runner
			.withPropertyValues(http(), "ujrpc.client.calc.timeout=5s",
					"ujrpc.client.calc.interfaces=" + Calc.class.getName(),
					"ujrpc.client.stream.url=tcp://localhost:" + server.tcpPort())
			.run((context) -> {
				assertThat(context).hasBean("calcJsonRpcClient").hasBean("streamJsonRpcClient");
				JsonRpcClient calc = context.getBean("calcJsonRpcClient", JsonRpcClient.class);
				assertThat(calc.timeout()).hasSeconds(5);
				assertThat(context.getBean(Calc.class).sum(1, 2)).isEqualTo(3);
				assertThat(context.getBean("streamJsonRpcClient", JsonRpcClient.class)
					.call("sum", List.of(2, 3), Long.class)).isEqualTo(5L);
			});
	}

	@Test
	void importJsonRpcClientsRegistersProxies() {
		this.runner.withPropertyValues("ujrpc.client.socket.url=ws://localhost:" + server.port() + "/ws")
			.withUserConfiguration(ImportingConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(Calc.class).hasSingleBean(Echo.class);
				assertThat(context.getBean(Calc.class).sum(20, 22)).isEqualTo(42);
				assertThat(context.getBean(Echo.class).echo("hi")).isEqualTo("hi");
			});
	}

	@Test
	void clientsUseTheApplicationsJsonMapper() {
		JsonMapper snakeCase = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
		this.runner.withPropertyValues(http(), "ujrpc.client.calc.interfaces=" + Calc.class.getName())
			.withBean(JsonMapper.class, () -> snakeCase)
			.run((context) -> assertThat(context.getBean(Calc.class).keys(new Person("Ada"))).isEqualTo("first_name"));
	}

	@Test
	void clientsAreObservedWithTheApplicationsRegistry() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		this.runner.withPropertyValues(http(), "ujrpc.client.calc.interfaces=" + Calc.class.getName())
			.withBean(io.micrometer.observation.ObservationRegistry.class, () -> registry)
			.run((context) -> {
				context.getBean(Calc.class).sum(1, 1);
				TestObservationRegistryAssert.assertThat(registry)
					.hasSingleObservationThat()
					.hasNameEqualTo("jsonrpc.client.requests")
					.hasLowCardinalityKeyValue("transport", "http");
			});
	}

	@Test
	void customizersSeeEachClient() {
		List<String> customized = new CopyOnWriteArrayList<>();
		this.runner.withPropertyValues(http(), "ujrpc.client.other.url=ws://localhost:" + server.port() + "/ws")
			.withBean(JsonRpcClientBuilderCustomizer.class, () -> (name, builder) -> customized.add(name))
			.run((context) -> {
				context.getBean("calcJsonRpcClient");
				context.getBean("otherJsonRpcClient");
				assertThat(new TreeSet<>(customized)).containsExactly("calc", "other");
			});
	}

	@Test
	void sslBundleTrustsTheServersCertificate(@TempDir Path directory) throws Exception {
		TestCertificates certificates = TestCertificates.generate(directory, "localhost");
		JsonRpcServer secure = JsonRpcServer
			.builder(MethodRegistry.builder(JsonMapper.builder().build()).addAnnotated(new Service()).build())
			.port(0)
			.sslContext(SslContextBuilder.forServer(certificates.keyManagerFactory()).build())
			.build()
			.start();
		try {
			this.runner.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
				.withPropertyValues("ujrpc.client.secure.url=https://localhost:" + secure.port() + "/",
						"ujrpc.client.secure.ssl.bundle=trusted",
						"ujrpc.client.secure.interfaces=" + Calc.class.getName(),
						"spring.ssl.bundle.jks.trusted.truststore.location=file:" + certificates.keyStore(),
						"spring.ssl.bundle.jks.trusted.truststore.password=" + TestCertificates.PASSWORD,
						"spring.ssl.bundle.jks.trusted.truststore.type=PKCS12")
				.run((context) -> assertThat(context.getBean(Calc.class).sum(2, 2)).isEqualTo(4));
		}
		finally {
			secure.stop();
		}
	}

	@Test
	void clientWithoutAUrlFailsTheContext() {
		this.runner
			.withPropertyValues("ujrpc.client.calc.timeout=1s", "ujrpc.client.calc.interfaces=" + Calc.class.getName())
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage("JSON-RPC client 'calc' has no URL (expected: ujrpc.client.calc.url)"));
	}

	@Test
	void sameInterfaceForTwoClientsFailsTheContext() {
		this.runner
			.withPropertyValues(http(), "ujrpc.client.calc.interfaces=" + Calc.class.getName(),
					"ujrpc.client.socket.url=ws://localhost:" + server.port() + "/ws")
			.withUserConfiguration(ImportingConfiguration.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("Duplicate JSON-RPC proxy " + Calc.class.getName() + " for clients '"));
	}

	@Test
	void importNamingAnUnknownClientFailsTheContext() {
		this.runner.withUserConfiguration(ImportingConfiguration.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageStartingWith("No JSON-RPC client named 'socket'"));
	}

	@Configuration(proxyBeanMethods = false)
	@ImportJsonRpcClients(client = "socket", types = Calc.class)
	@ImportJsonRpcClients(client = "socket", types = Echo.class)
	static class ImportingConfiguration {

	}

	public interface Calc {

		long sum(long a, long b);

		String keys(Person person);

	}

	public interface Echo {

		String echo(String text);

	}

	public record Person(String firstName) {
	}

	static class Service {

		@JsonRpcMethod(nonBlocking = true)
		long sum(long a, long b) {
			return a + b;
		}

		@JsonRpcMethod(nonBlocking = true)
		String echo(String text) {
			return text;
		}

		@JsonRpcMethod(nonBlocking = true)
		String keys(Map<String, Object> person) {
			return String.join(",", person.keySet());
		}

	}

}
