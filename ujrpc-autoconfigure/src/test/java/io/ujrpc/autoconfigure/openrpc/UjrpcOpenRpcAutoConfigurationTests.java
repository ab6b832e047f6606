package io.ujrpc.autoconfigure.openrpc;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Properties;

import io.ujrpc.annotation.JsonRpcErrorMapping;
import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.autoconfigure.UjrpcAutoConfiguration;
import io.ujrpc.dispatch.JsonRpcExceptionResolver;
import io.ujrpc.dispatch.MethodRegistrationException;
import io.ujrpc.openrpc.OpenRpcDiscovery;
import io.ujrpc.openrpc.OpenRpcMetaSchema;
import io.ujrpc.protocol.JsonRpcError;
import io.ujrpc.spring.JsonRpcWebServer;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;

class UjrpcOpenRpcAutoConfigurationTests {

	private static final Duration BOUND = Duration.ofSeconds(10);

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, UjrpcAutoConfiguration.class,
				UjrpcOpenRpcAutoConfiguration.class))
		.withUserConfiguration(ServiceConfiguration.class)
		.withPropertyValues("server.port=0", "spring.application.name=orders");

	@Test
	void servesDiscoverTheDocumentAndTheExplorerByDefault() {
		this.runner.run((context) -> {
			int port = port(context);
			JsonNode document = discover(port);
			assertThat(OpenRpcMetaSchema.violations(document)).isEmpty();
			assertThat(document.get("info")).isEqualTo(mapper.readTree("{\"title\":\"orders\",\"version\":\"0.0.0\"}"));
			assertThat(document.get("servers"))
				.isEqualTo(mapper.readTree("[{\"name\":\"http\",\"url\":" + "\"http://localhost:" + port
						+ "/\"},{\"name\":\"websocket\",\"url\":\"ws://localhost:" + port + "/ws\"}]"));
			assertThat(document.at("/methods/2/name").stringValue()).isEqualTo("order");
			assertThat(document.at("/methods/2/summary").stringValue()).isEqualTo("Places an order");
			assertThat(document.at("/methods/2/errors"))
				.isEqualTo(mapper.readTree("[{\"code\":4040,\"message\":\"Unknown item\"}]"));
			assertThat(mapper.readTree(get(port, "/openrpc.json").body())).isEqualTo(document);
			HttpResponse<String> explorer = get(port, "/explorer");
			assertThat(explorer.statusCode()).isEqualTo(200);
			assertThat(explorer.headers().firstValue("content-security-policy")).isPresent();
			assertThat(explorer.body()).contains("data-endpoint=\"/\"");
		});
	}

	@Test
	void propertiesOverrideInfoServersAndPaths() {
		this.runner
			.withPropertyValues("ujrpc.openrpc.title=Orders API", "ujrpc.openrpc.version=3.1.0",
					"ujrpc.openrpc.description=Buy things", "ujrpc.openrpc.servers[0].name=public",
					"ujrpc.openrpc.servers[0].url=https://api.example.com/rpc", "ujrpc.openrpc.path=/api/openrpc.json",
					"ujrpc.explorer.path=/tools/explorer", "ujrpc.http.path=/rpc")
			.run((context) -> {
				int port = port(context);
				JsonNode document = mapper.readTree(get(port, "/api/openrpc.json").body());
				assertThat(document.get("info")).isEqualTo(mapper
					.readTree("{\"title\":\"Orders API\",\"version\":\"3.1.0\",\"description\":\"Buy things\"}"));
				assertThat(document.get("servers"))
					.isEqualTo(mapper.readTree("[{\"name\":\"public\",\"url\":\"https://api.example.com/rpc\"}]"));
				assertThat(get(port, "/openrpc.json").statusCode()).isEqualTo(404);
				assertThat(get(port, "/tools/explorer").body()).contains("data-endpoint=\"/rpc\"")
					.contains("src=\"/tools/explorer/explorer.js\"");
			});
	}

	@Test
	void versionComesFromTheBuildWhenNotConfigured() {
		Properties build = new Properties();
		build.setProperty("name", "orders-service");
		build.setProperty("version", "1.4.2");
		this.runner.withBean(BuildProperties.class, () -> new BuildProperties(build))
			.withPropertyValues("spring.application.name=")
			.run((context) -> assertThat(discover(port(context)).get("info"))
				.isEqualTo(mapper.readTree("{\"title\":\"orders-service\",\"version\":\"1.4.2\"}")));
	}

	@Test
	void discoverMethodAndDocumentRouteTurnOffApart() {
		this.runner.withPropertyValues("ujrpc.openrpc.discover-method=false", "ujrpc.openrpc.http-enabled=false")
			.run((context) -> {
				int port = port(context);
				assertThat(call(port, "rpc.discover").at("/error/code").intValue()).isEqualTo(-32601);
				assertThat(get(port, "/openrpc.json").statusCode()).isEqualTo(404);
				// The explorer keeps its own copy of the document.
				assertThat(get(port, "/explorer/openrpc.json").statusCode()).isEqualTo(200);
			});
	}

	@Test
	void explorerTurnsOff() {
		this.runner.withPropertyValues("ujrpc.explorer.enabled=false").run((context) -> {
			int port = port(context);
			assertThat(get(port, "/explorer").statusCode()).isEqualTo(404);
			assertThat(get(port, "/openrpc.json").statusCode()).isEqualTo(200);
		});
	}

	@Test
	void openRpcTurnsOffAltogether() {
		this.runner.withPropertyValues("ujrpc.openrpc.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(OpenRpcDiscovery.class);
			int port = port(context);
			assertThat(call(port, "rpc.discover").at("/error/code").intValue()).isEqualTo(-32601);
			assertThat(get(port, "/openrpc.json").statusCode()).isEqualTo(404);
			assertThat(get(port, "/explorer").statusCode()).isEqualTo(404);
		});
	}

	@Test
	void parametersAreValidatedWhenAProviderIsPresent() {
		this.runner.run((context) -> {
			JsonNode answer = post(port(context),
					"{\"jsonrpc\":\"2.0\",\"method\":\"order\",\"params\":[\"pen\",0],\"id\":1}");
			assertThat(answer.get("error")).isEqualTo(mapper.readTree("{\"code\":-32602,\"message\":\"Invalid params: "
					+ "quantity must be greater than or equal to 1\",\"data\":{\"violations\":[{\"path\":\"quantity\","
					+ "\"message\":\"must be greater than or equal to 1\"}]}}"));
			assertThat(discover(port(context)).at("/methods/2/params/1/schema"))
				.isEqualTo(mapper.readTree("{\"type\":\"integer\",\"format\":\"int32\",\"minimum\":1,\"maximum\":9}"));
		});
	}

	@Test
	void theApplicationsValidatorIsUsedWhenThereIsOne() {
		this.runner.withUserConfiguration(ValidatorConfiguration.class).run((context) -> {
			JsonNode answer = post(port(context),
					"{\"jsonrpc\":\"2.0\",\"method\":\"order\",\"params\":[\"pen\",10],\"id\":1}");
			assertThat(answer.at("/error/data/violations"))
				.isEqualTo(mapper.readTree("[{\"path\":\"quantity\",\"message\":\"checked by the app's validator\"}]"));
		});
	}

	@Test
	void validationTurnsOff() {
		this.runner.withPropertyValues("ujrpc.validation.enabled=false").run((context) -> {
			JsonNode answer = post(port(context),
					"{\"jsonrpc\":\"2.0\",\"method\":\"order\",\"params\":[\"pen\",0],\"id\":1}");
			assertThat(answer.get("result").intValue()).isZero();
		});
	}

	@Test
	void exceptionsMapThroughTheAnnotationAndResolverBeansInOrder() {
		this.runner.withUserConfiguration(ResolverConfiguration.class).run((context) -> {
			int port = port(context);
			assertThat(post(port, "{\"jsonrpc\":\"2.0\",\"method\":\"order\",\"params\":[\"unicorn\",1],\"id\":1}")
				.get("error")).isEqualTo(mapper.readTree("{\"code\":4040,\"message\":\"Unknown item\"}"));
			assertThat(call(port, "fail").get("error"))
				.isEqualTo(mapper.readTree("{\"code\":-32050,\"message\":\"Stock service unavailable\"}"));
			assertThat(call(port, "bug").get("error"))
				.isEqualTo(mapper.readTree("{\"code\":-32603,\"message\":\"Internal error\"}"));
		});
	}

	@Test
	void reservedNamesNeedTheProperty() {
		this.runner.withUserConfiguration(ExtensionConfiguration.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(MethodRegistrationException.class)
				.hasMessageContaining("'rpc.ping'");
		});
		this.runner.withUserConfiguration(ExtensionConfiguration.class)
			.withPropertyValues("ujrpc.methods.allow-reserved-names=true")
			.run((context) -> assertThat(call(port(context), "rpc.ping").get("result").stringValue())
				.isEqualTo("pong"));
	}

	private static int port(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		return context.getBean(JsonRpcWebServer.class).getPort();
	}

	private static JsonNode discover(int port) throws Exception {
		JsonNode answer = call(port, "rpc.discover");
		assertThat(answer.has("result")).as("%s", answer).isTrue();
		return answer.get("result");
	}

	private static JsonNode call(int port, String method) throws Exception {
		return post(port, "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"id\":1}");
	}

	private static JsonNode post(int port, String body) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
				.timeout(BOUND)
				.header("content-type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return mapper.readTree(response.body());
	}

	private static HttpResponse<String> get(int port, String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(BOUND).GET().build(),
					HttpResponse.BodyHandlers.ofString());
	}

	@JsonRpcErrorMapping(code = 4040, message = "Unknown item")
	static class UnknownItemException extends RuntimeException {

	}

	static class StockUnavailableException extends RuntimeException {

	}

	static class Orders {

		@JsonRpcMethod(value = "order", summary = "Places an order")
		int order(String item, @Min(1) @Max(9) int quantity) throws UnknownItemException {
			if (item.equals("unicorn")) {
				throw new UnknownItemException();
			}
			return quantity;
		}

		@JsonRpcMethod("fail")
		int fail() {
			throw new StockUnavailableException();
		}

		@JsonRpcMethod("bug")
		int bug() {
			throw new IllegalStateException("secret");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ServiceConfiguration {

		@Bean
		Orders orders() {
			return new Orders();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ResolverConfiguration {

		@Bean
		@Order(2)
		JsonRpcExceptionResolver catchAll() {
			return (exception, method) -> (exception instanceof StockUnavailableException)
					? new JsonRpcError(-32099, "Should not win over the first") : null;
		}

		@Bean
		@Order(1)
		JsonRpcExceptionResolver stock() {
			return (exception, method) -> (exception instanceof StockUnavailableException)
					? new JsonRpcError(-32050, "Stock service unavailable") : null;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ValidatorConfiguration {

		@Bean(destroyMethod = "close")
		jakarta.validation.ValidatorFactory appValidatorFactory() {
			return jakarta.validation.Validation.byDefaultProvider()
				.configure()
				.messageInterpolator(new ParameterMessageInterpolator() {

					@Override
					public String interpolate(String message, Context context) {
						return "checked by the app's validator";
					}

				})
				.buildValidatorFactory();
		}

		@Bean
		jakarta.validation.Validator appValidator(jakarta.validation.ValidatorFactory appValidatorFactory) {
			return appValidatorFactory.getValidator();
		}

	}

	static class Extension {

		@JsonRpcMethod("rpc.ping")
		String ping() {
			return "pong";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ExtensionConfiguration {

		@Bean
		Extension extension() {
			return new Extension();
		}

	}

}
