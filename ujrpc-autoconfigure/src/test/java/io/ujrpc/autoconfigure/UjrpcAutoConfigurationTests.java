package io.ujrpc.autoconfigure;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.dispatch.MethodRegistrationException;
import io.ujrpc.server.BlockingExecutors;
import io.ujrpc.server.JsonRpcServer;
import io.ujrpc.server.ServerStartException;
import io.ujrpc.server.transport.TransportType;
import io.ujrpc.spring.JsonRpcServerLifecycle;
import io.ujrpc.spring.JsonRpcWebServer;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

class UjrpcAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, UjrpcAutoConfiguration.class))
		.withPropertyValues("server.port=0");

	@Test
	void servesAnnotatedBeanMethodsOnARandomPort() {
		this.runner.withUserConfiguration(CalculatorConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(JsonRpcWebServer.class)
				.hasSingleBean(JsonRpcServerLifecycle.class)
				.hasSingleBean(WebServerGracefulShutdownLifecycle.class);
			int port = context.getBean(JsonRpcWebServer.class).getPort();
			assertThat(port).isPositive();
			assertThat(context.getEnvironment().getProperty("local.server.port", Integer.class)).isEqualTo(port);
			assertThat(post(port, "/", "{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1}"))
				.isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}");
		});
	}

	@Test
	void propertiesConfigureTheServer() {
		this.runner.withUserConfiguration(CalculatorConfiguration.class)
			.withPropertyValues("ujrpc.transport=nio", "ujrpc.http.path=/rpc", "ujrpc.max-batch-size=1")
			.run((context) -> {
				JsonRpcWebServer webServer = context.getBean(JsonRpcWebServer.class);
				assertThat(webServer.getServer().transport()).isEqualTo(TransportType.NIO);
				String batch = "[{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1},"
						+ "{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":2}]";
				assertThat(post(webServer.getPort(), "/rpc", batch)).contains("\"code\":-32600")
					.contains("exceeds the limit of 1");
			});
	}

	@Test
	void limitsAndDeadlinesComeFromProperties() {
		this.runner.withUserConfiguration(CalculatorConfiguration.class)
			.withPropertyValues("ujrpc.http.header-timeout=3s", "ujrpc.request-timeout=7s", "ujrpc.max-connections=5",
					"ujrpc.json.reject-duplicate-members=true", "ujrpc.max-buffered-memory=64MB",
					"ujrpc.blocking.max-concurrent-calls=77")
			.run((context) -> {
				JsonRpcServer server = context.getBean(JsonRpcWebServer.class).getServer();
				assertThat(server.config().http().headerTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(server.config().http().requestTimeout()).isEqualTo(Duration.ofSeconds(7));
				assertThat(server.config().maxConnections()).isEqualTo(5);
				assertThat(server.config().maxBufferedBytes()).isEqualTo(64L * 1024 * 1024);
				assertThat(server.config().dispatch().blockingMaxConcurrentCalls()).isEqualTo(77);
				assertThat(post(server.port(), "/",
						"{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"method\":\"sum\",\"params\":[1,2],\"id\":1}"))
					.contains("\"code\":-32600");
			});
	}

	@Test
	void customizersRunAfterProperties() {
		this.runner.withUserConfiguration(CalculatorConfiguration.class)
			.withPropertyValues("ujrpc.http.path=/ignored")
			.withBean(JsonRpcServerCustomizer.class, () -> (builder) -> builder.jsonRpcPath("/custom"))
			.run((context) -> {
				int port = context.getBean(JsonRpcWebServer.class).getPort();
				assertThat(post(port, "/custom", "{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[2,2],\"id\":1}"))
					.contains("\"result\":4");
			});
	}

	@Test
	void callsGoThroughTheBeanProxy() {
		AtomicInteger intercepted = new AtomicInteger();
		this.runner.withBean("calculator", Calculator.class, () -> {
			ProxyFactory factory = new ProxyFactory(new Calculator());
			factory.setProxyTargetClass(true);
			factory.addAdvice((MethodInterceptor) (invocation) -> {
				intercepted.incrementAndGet();
				return invocation.proceed();
			});
			return (Calculator) factory.getProxy();
		}).run((context) -> {
			int port = context.getBean(JsonRpcWebServer.class).getPort();
			assertThat(post(port, "/", "{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[2,3],\"id\":1}"))
				.contains("\"result\":5");
			assertThat(intercepted).hasValue(1);
		});
	}

	@Test
	void duplicateMethodNamesFailStartupNamingBothBeans() {
		this.runner.withBean("calc", Calculator.class)
			.withBean("math", Calculator.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(MethodRegistrationException.class)
				.hasMessage("Duplicate JSON-RPC method 'sum' on beans 'calc' and 'math'"));
	}

	@Test
	void portInUseFailsStartupNamingThePortAsBootsPortInUseException() throws IOException {
		try (ServerSocket taken = new ServerSocket(0)) {
			this.runner.withUserConfiguration(CalculatorConfiguration.class)
				.withPropertyValues("server.port=" + taken.getLocalPort())
				.run((context) -> {
					assertThat(context).hasFailed();
					// Boot's own exception, so that Boot's failure analyzer explains
					// it...
					assertThat(causeOfType(context.getStartupFailure(), PortInUseException.class))
						.isInstanceOfSatisfying(PortInUseException.class,
								(ex) -> assertThat(ex.getPort()).isEqualTo(taken.getLocalPort()));
					// ...caused by ujrpc's, which names the listener and the port.
					assertThat(causeOfType(context.getStartupFailure(), ServerStartException.class))
						.isInstanceOf(ServerStartException.class)
						.hasMessageContaining("Port " + taken.getLocalPort() + " is already in use");
				});
		}
	}

	private static Throwable causeOfType(Throwable failure, Class<? extends Throwable> type) {
		Throwable cause = failure;
		while (cause != null && !type.isInstance(cause)) {
			cause = cause.getCause();
		}
		return cause;
	}

	@Test
	void negativePortDoesNotStartTheServer() {
		this.runner.withUserConfiguration(CalculatorConfiguration.class)
			.withPropertyValues("server.port=-1")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(JsonRpcWebServer.class).getServer()).isNull();
				assertThat(context.getEnvironment().containsProperty("local.server.port")).isFalse();
			});
	}

	@Test
	void immediateShutdownSkipsTheGracefulPhase() {
		this.runner.withPropertyValues("server.shutdown=immediate")
			.run((context) -> assertThat(context).doesNotHaveBean(WebServerGracefulShutdownLifecycle.class));
	}

	@Test
	void platformExecutorIsABoundedPool() {
		this.runner.withPropertyValues("ujrpc.blocking.executor=platform", "ujrpc.blocking.max-threads=7")
			.run((context) -> {
				ExecutorService executor = context.getBean(UjrpcAutoConfiguration.BLOCKING_EXECUTOR_BEAN_NAME,
						ExecutorService.class);
				assertThat(executor).isInstanceOf(ThreadPoolExecutor.class);
				assertThat(((ThreadPoolExecutor) executor).getMaximumPoolSize()).isEqualTo(7);
			});
	}

	@Test
	void autoExecutorUsesVirtualThreadsWhereTheJdkHasThem() {
		assumeThat(BlockingExecutors.virtualThreadsAvailable()).as("virtual threads need Java 21+").isTrue();
		this.runner.run((context) -> {
			ExecutorService executor = context.getBean(UjrpcAutoConfiguration.BLOCKING_EXECUTOR_BEAN_NAME,
					ExecutorService.class);
			// Thread.isVirtual() is Java 21 API; this module compiles for Java 17.
			Object virtual = executor.submit(() -> Thread.class.getMethod("isVirtual").invoke(Thread.currentThread()))
				.get();
			assertThat(virtual).isEqualTo(Boolean.TRUE);
		});
	}

	@Test
	void userExecutorReplacesTheDefault() {
		ExecutorService custom = BlockingExecutors.boundedPool(1, 1);
		this.runner.withBean(UjrpcAutoConfiguration.BLOCKING_EXECUTOR_BEAN_NAME, ExecutorService.class, () -> custom)
			.run((context) -> assertThat(
					context.getBean(UjrpcAutoConfiguration.BLOCKING_EXECUTOR_BEAN_NAME, ExecutorService.class))
				.isSameAs(custom));
	}

	private static String post(int port, String path, String body) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
				.header("content-type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	@Configuration(proxyBeanMethods = false)
	static class CalculatorConfiguration {

		@Bean
		Calculator calculator() {
			return new Calculator();
		}

	}

	static class Calculator {

		@JsonRpcMethod(nonBlocking = true)
		public long sum(long a, long b) {
			return a + b;
		}

	}

}
