package io.ujrpc.autoconfigure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.context.RequestContext;
import io.ujrpc.dispatch.JsonRpcInterceptor;
import io.ujrpc.dispatch.MethodInvoker;
import io.ujrpc.protocol.JsonRpcError;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ujrpc.methods.*}: include and exclude patterns, the default and per-pattern
 * timeouts; and interceptor beans applied in their {@code @Order}.
 */
@SpringBootTest(classes = MethodPropertiesTests.Application.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ujrpc.methods.include=app.*,rpc.discover", "ujrpc.methods.exclude=app.internal.*",
				"ujrpc.methods.timeout=30s", "ujrpc.methods.timeouts[app.slow]=200ms" })
class MethodPropertiesTests {

	@LocalServerPort
	private int port;

	@Autowired
	private List<String> events;

	private final HttpClient client = HttpClient.newHttpClient();

	@Test
	void onlyIncludedAndNotExcludedMethodsAreServed() throws Exception {
		assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"app.echo\",\"params\":[\"x\"],\"id\":1}"))
			.contains("\"result\":\"x\"");
		String discovered = call("{\"jsonrpc\":\"2.0\",\"method\":\"rpc.discover\",\"id\":1}");
		assertThat(discovered).contains("\"app.echo\"").contains("\"app.slow\"").doesNotContain("app.internal");
		assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"app.internal.reset\",\"id\":1}"))
			.contains("\"code\":-32601");
		assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"other\",\"id\":1}")).contains("\"code\":-32601");
	}

	@Test
	void timeoutsComeFromTheProperties() throws Exception {
		assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"app.slow\",\"id\":1}"))
			.isEqualTo("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32008,\"message\":\"Request timed out\"},\"id\":1}");
	}

	@Test
	void interceptorBeansRunInTheirOrder() throws Exception {
		this.events.clear();
		assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"app.echo\",\"params\":[\"x\"],\"id\":1}"))
			.contains("\"result\":\"x\"");
		assertThat(this.events).containsExactly("first", "second");
	}

	private String call(String body) throws Exception {
		return this.client
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString())
			.body();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

		@Bean
		Methods methods() {
			return new Methods();
		}

		@Bean
		List<String> events() {
			return new CopyOnWriteArrayList<>();
		}

		@Bean
		@Order(2)
		JsonRpcInterceptor second(List<String> events) {
			return new Recording("second", events);
		}

		@Bean
		@Order(1)
		JsonRpcInterceptor first(List<String> events) {
			return new Recording("first", events);
		}

	}

	record Recording(String name, List<String> events) implements JsonRpcInterceptor {

		@Override
		public @Nullable JsonRpcError preHandle(RequestContext call, MethodInvoker method) {
			this.events.add(this.name);
			return null;
		}

	}

	static class Methods {

		@JsonRpcMethod("app.echo")
		String echo(String text) {
			return text;
		}

		@JsonRpcMethod(value = "app.slow", timeout = "1m")
		String slow() throws InterruptedException {
			new CountDownLatch(1).await(30, TimeUnit.SECONDS);
			return "late";
		}

		@JsonRpcMethod("app.internal.reset")
		void reset() {
		}

		@JsonRpcMethod
		void other() {
		}

	}

}
