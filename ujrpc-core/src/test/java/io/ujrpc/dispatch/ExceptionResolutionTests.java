package io.ujrpc.dispatch;

import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.ujrpc.annotation.JsonRpcErrorMapping;
import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.protocol.JsonRpcError;
import io.ujrpc.protocol.JsonRpcException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ExceptionResolutionTests {

	private final DispatchHarness harness = harness();

	@Test
	void annotatedExceptionIsAnsweredWithItsMapping() {
		assertThat(error("notFound")).isEqualTo(json("{\"code\":4040,\"message\":\"Account not found\"}"));
	}

	@Test
	void subclassesInheritTheMappingOfTheirParent() {
		assertThat(error("closed")).isEqualTo(json("{\"code\":4040,\"message\":\"Account not found\"}"));
	}

	@Test
	void messageGoesToDataOnlyWhenTheMappingSaysSo() {
		assertThat(error("overdrawn"))
			.isEqualTo(json("{\"code\":4090,\"message\":\"Insufficient funds\",\"data\":\"Balance 10 is below 25\"}"));
	}

	@Test
	void aFailedStageIsMappedToo() {
		assertThat(error("later")).isEqualTo(json("{\"code\":4040,\"message\":\"Account not found\"}"));
	}

	@Test
	void resolversMapExceptionsTheUserDoesNotOwnInOrder() {
		assertThat(error("io")).isEqualTo(json("{\"code\":-32050,\"message\":\"Storage unavailable\"}"));
	}

	@Test
	void resolversComeBeforeTheAnnotation() {
		assertThat(error("frozen")).isEqualTo(json("{\"code\":4230,\"message\":\"Account frozen\"}"));
	}

	@Test
	void aResolverThatThrowsIsSkipped() {
		assertThat(error("state")).isEqualTo(json("{\"code\":-32603,\"message\":\"Internal error\"}"));
	}

	@Test
	void undeclaredExceptionsStayInternalErrorsWithoutInternals() {
		JsonNode error = error("bug");
		assertThat(error).isEqualTo(json("{\"code\":-32603,\"message\":\"Internal error\"}"));
		assertThat(error.toString()).doesNotContain("NullPointerException").doesNotContain("secret");
	}

	@Test
	void aJsonRpcExceptionKeepsItsOwnError() {
		assertThat(error("explicit")).isEqualTo(json("{\"code\":-32001,\"message\":\"Explicit\"}"));
	}

	@Test
	void declaredErrorsComeFromTheThrowsClause() {
		MethodRegistry registry = MethodRegistry.builder(JsonMapper.builder().build())
			.addAnnotated(new Accounts())
			.build();
		assertThat(registry.find("overdrawn").declaredErrors())
			.containsExactly(new JsonRpcError(4090, "Insufficient funds"), new JsonRpcError(4040, "Account not found"));
		assertThat(registry.find("closed").declaredErrors())
			.containsExactly(new JsonRpcError(4040, "Account not found"));
		assertThat(registry.find("bug").declaredErrors()).isEmpty();
	}

	private JsonNode error(String method) {
		JsonNode answer = this.harness.call("{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"id\":1}");
		assertThat(answer.has("result")).isFalse();
		return answer.get("error");
	}

	private JsonNode json(String text) {
		return this.harness.json(text);
	}

	private static DispatchHarness harness() {
		JsonRpcExceptionResolver storage = (exception, method) -> (exception instanceof UncheckedIOException)
				? new JsonRpcError(-32050, "Storage unavailable") : null;
		JsonRpcExceptionResolver frozen = (exception, method) -> (exception instanceof FrozenException)
				? new JsonRpcError(4230, "Account frozen") : null;
		JsonRpcExceptionResolver broken = (exception, method) -> {
			if (exception instanceof IllegalStateException) {
				throw new IllegalArgumentException("resolver bug");
			}
			return null;
		};
		return new DispatchHarness(JsonMapper.builder().build(),
				MethodRegistry.builder(JsonMapper.builder().build())
					.exceptionResolver(broken)
					.exceptionResolver(storage)
					.exceptionResolver(frozen)
					.addAnnotated(new Accounts())
					.build());
	}

	@JsonRpcErrorMapping(code = 4040, message = "Account not found")
	static class AccountNotFoundException extends RuntimeException {

		AccountNotFoundException(String message) {
			super(message);
		}

	}

	static class AccountClosedException extends AccountNotFoundException {

		AccountClosedException() {
			super("closed in 2020");
		}

	}

	static class FrozenException extends AccountNotFoundException {

		FrozenException() {
			super("frozen");
		}

	}

	@JsonRpcErrorMapping(code = 4090, message = "Insufficient funds", messageAsData = true)
	static class InsufficientFundsException extends Exception {

		InsufficientFundsException(String message) {
			super(message);
		}

	}

	static class Accounts {

		@JsonRpcMethod(nonBlocking = true)
		long notFound() {
			throw new AccountNotFoundException("no account 42 (secret)");
		}

		@JsonRpcMethod(nonBlocking = true)
		long closed() throws AccountClosedException {
			throw new AccountClosedException();
		}

		@JsonRpcMethod(nonBlocking = true)
		long overdrawn() throws InsufficientFundsException, AccountNotFoundException {
			throw new InsufficientFundsException("Balance 10 is below 25");
		}

		@JsonRpcMethod(nonBlocking = true)
		CompletionStage<Long> later() {
			return CompletableFuture.failedFuture(new AccountNotFoundException("later"));
		}

		@JsonRpcMethod(nonBlocking = true)
		long io() {
			throw new UncheckedIOException(new java.io.IOException("disk /var/secret failed"));
		}

		@JsonRpcMethod(nonBlocking = true)
		long frozen() {
			throw new FrozenException();
		}

		@JsonRpcMethod(nonBlocking = true)
		long state() {
			throw new IllegalStateException("secret state");
		}

		@JsonRpcMethod(nonBlocking = true)
		long bug() {
			String secret = null;
			return secret.length();
		}

		@JsonRpcMethod(nonBlocking = true)
		long explicit() {
			throw new JsonRpcException(-32001, "Explicit");
		}

	}

}
