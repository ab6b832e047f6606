package io.ujrpc.dispatch;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.ujrpc.annotation.JsonRpcMethod;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MethodTimeoutTests {

	private final ObjectMapper mapper = JsonMapper.builder().build();

	private final ExecutorService executor = Executors.newFixedThreadPool(1, (task) -> new Thread(task, "blocking"));

	private final Methods methods = new Methods();

	@AfterEach
	void shutDown() {
		this.methods.release.countDown();
		this.executor.shutdownNow();
	}

	@Test
	void blockingMethodPastItsTimeoutIsAnsweredWithRequestTimedOutAndInterrupted() throws Exception {
		InterceptorHarness harness = harness(MethodRegistry.builder(this.mapper).addAnnotated(this.methods));
		JsonNode answer = harness.call("{\"jsonrpc\":\"2.0\",\"method\":\"stuck\",\"id\":1}");
		assertThat(answer.get("error").get("code").asInt()).isEqualTo(-32008);
		assertThat(answer.get("error").get("message").asString()).isEqualTo("Request timed out");
		assertThat(answer.get("id").asInt()).isEqualTo(1);
		assertThat(this.methods.interrupted.await(10, TimeUnit.SECONDS)).as("the method was interrupted").isTrue();
		// The pool's thread is not left interrupted for its next task.
		Boolean nextTaskInterrupted = this.executor.submit(() -> Thread.currentThread().isInterrupted()).get();
		assertThat(nextTaskInterrupted).isFalse();
	}

	@Test
	void stagePastItsTimeoutIsCancelled() throws Exception {
		InterceptorHarness harness = harness(MethodRegistry.builder(this.mapper).addAnnotated(this.methods));
		JsonNode answer = harness.call("{\"jsonrpc\":\"2.0\",\"method\":\"never\",\"id\":2}");
		assertThat(answer.get("error").get("code").asInt()).isEqualTo(-32008);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(this.methods.never::isCancelled);
	}

	@Test
	void methodThatAnswersInTimeIsNotAffected() throws Exception {
		InterceptorHarness harness = harness(
				MethodRegistry.builder(this.mapper).defaultTimeout(Duration.ofMinutes(1)).addAnnotated(this.methods));
		JsonNode answer = harness.call("{\"jsonrpc\":\"2.0\",\"method\":\"quick\",\"id\":3}");
		assertThat(answer.get("result").asString()).isEqualTo("quick");
	}

	@Test
	void defaultTimeoutAppliesToMethodsWithoutOne() throws Exception {
		MethodRegistry registry = MethodRegistry.builder(this.mapper)
			.defaultTimeout(Duration.ofMillis(50))
			.addAnnotated(this.methods)
			.build();
		assertThat(registry.find("quick").timeout()).isEqualTo(Duration.ofMillis(50));
		assertThat(registry.find("stuck").timeout()).isEqualTo(Duration.ofMillis(100));
		InterceptorHarness harness = new InterceptorHarness(this.mapper, registry, this.executor);
		JsonNode answer = harness.call("{\"jsonrpc\":\"2.0\",\"method\":\"waitForRelease\",\"id\":4}");
		assertThat(answer.get("error").get("code").asInt()).isEqualTo(-32008);
	}

	@Test
	void timeoutByNamePatternWinsOverTheAnnotation() {
		MethodRegistry registry = MethodRegistry.builder(this.mapper)
			.timeout("st*", Duration.ofSeconds(3))
			.addAnnotated(this.methods)
			.build();
		assertThat(registry.find("stuck").timeout()).isEqualTo(Duration.ofSeconds(3));
		assertThat(registry.find("never").timeout()).isEqualTo(Duration.ofMillis(100));
		assertThat(registry.find("quick").timeout()).isNull();
	}

	@Test
	void callQueuedPastItsTimeoutIsAnsweredAndNeverRuns() throws Exception {
		InterceptorHarness harness = harness(MethodRegistry.builder(this.mapper).addAnnotated(this.methods));
		// The one thread is taken until released.
		CompletableFuture<?> blocker = harness
			.dispatch("{\"jsonrpc\":\"2.0\",\"method\":\"waitForRelease\",\"id\":\"b\"}");
		JsonNode answer = harness.call("{\"jsonrpc\":\"2.0\",\"method\":\"stuck\",\"id\":5}");
		assertThat(answer.get("error").get("code").asInt()).isEqualTo(-32008);
		this.methods.release.countDown();
		harness.read(blocker.thenApply((buffer) -> (io.netty.buffer.ByteBuf) buffer), Duration.ofSeconds(10));
		this.executor.submit(() -> null).get();
		assertThat(this.methods.stuckStarted).isFalse();
	}

	@Test
	void annotationTimeoutThatIsNotADurationFailsRegistration() {
		assertThatExceptionOfType(MethodRegistrationException.class)
			.isThrownBy(() -> MethodRegistry.builder(this.mapper).addAnnotated(new BadTimeout()))
			.withMessageContaining("'bad'")
			.withMessageContaining("soon");
	}

	private InterceptorHarness harness(MethodRegistry.Builder builder) {
		return new InterceptorHarness(this.mapper, builder.build(), this.executor);
	}

	static class Methods {

		final CountDownLatch interrupted = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		final CompletableFuture<String> never = new CompletableFuture<>();

		volatile boolean stuckStarted;

		@JsonRpcMethod(timeout = "100ms")
		String stuck() {
			this.stuckStarted = true;
			try {
				new CountDownLatch(1).await(30, TimeUnit.SECONDS);
				return "woke up";
			}
			catch (InterruptedException ex) {
				this.interrupted.countDown();
				Thread.currentThread().interrupt();
				return "interrupted";
			}
		}

		@JsonRpcMethod(nonBlocking = true, timeout = "PT0.1S")
		CompletionStage<String> never() {
			return this.never;
		}

		@JsonRpcMethod
		String quick() {
			return "quick";
		}

		@JsonRpcMethod
		String waitForRelease() throws InterruptedException {
			this.release.await(30, TimeUnit.SECONDS);
			return "released";
		}

	}

	static class BadTimeout {

		@JsonRpcMethod(value = "bad", timeout = "soon")
		void bad() {
		}

	}

}
