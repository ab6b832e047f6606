package io.ujrpc.client;

import java.net.URI;
import java.util.concurrent.Future;

import io.ujrpc.annotation.JsonRpcParam;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Proxies are checked when made; making one opens no connection.
 */
class ClientProxyTests {

	private final JsonRpcClient client = JsonRpcClient.builder(URI.create("http://127.0.0.1:9/")).build();

	@AfterEach
	void close() {
		this.client.close();
	}

	@Test
	void proxyOfAClassIsRefused() {
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> this.client.proxy(String.class))
			.withMessage("type: java.lang.String (expected: an interface)");
	}

	@Test
	void someButNotAllParametersNamedIsRefused() {
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> this.client.proxy(HalfNamed.class))
			.withMessage("io.ujrpc.client.ClientProxyTests$HalfNamed.add has @JsonRpcParam on 1 of its 2 parameters "
					+ "(expected: on all of them, for by-name parameters, or on none, for by-position)");
	}

	@Test
	void notificationWithAResultIsRefused() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> this.client.proxy(NotificationWithResult.class))
			.withMessageContaining("is a @JsonRpcNotification that returns int");
	}

	@Test
	void plainFutureIsRefused() {
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> this.client.proxy(PlainFuture.class))
			.withMessageContaining("returns Future (expected: CompletableFuture or CompletionStage");
	}

	@Test
	void objectMethodsAnswerLocally() {
		Calculator calculator = this.client.proxy(Calculator.class);
		assertThat(calculator.toString()).isEqualTo("io.ujrpc.client.Calculator proxy for http://127.0.0.1:9/");
		assertThat(calculator).isEqualTo(calculator).isNotEqualTo(this.client.proxy(Calculator.class));
		assertThat(calculator.hashCode()).isEqualTo(System.identityHashCode(calculator));
	}

	@Test
	void scalarParamsAreRefused() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> this.client.call("sum", 5, Long.class))
			.withMessage("params: 5 (expected: null, a List or array for parameters by position, "
					+ "or a Map or an object for parameters by name)");
	}

	interface HalfNamed {

		long add(@JsonRpcParam("a") long a, long b);

	}

	interface NotificationWithResult {

		@JsonRpcNotification
		int note(String text);

	}

	interface PlainFuture {

		Future<Long> sum(long a, long b);

	}

}
