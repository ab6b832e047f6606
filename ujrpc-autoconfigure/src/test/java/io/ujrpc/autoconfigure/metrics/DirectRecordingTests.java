package io.ujrpc.autoconfigure.metrics;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import brave.Tracing;
import brave.handler.MutableSpan;
import brave.test.TestSpanHandler;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.dispatch.JsonRpcDispatcher;
import io.ujrpc.dispatch.MethodRegistry;
import io.ujrpc.internal.netty.JsonRpcExchange;
import io.ujrpc.observation.ServerMetricsListener;
import io.ujrpc.protocol.JsonRpcCodec;
import io.ujrpc.protocol.JsonRpcException;
import io.ujrpc.protocol.Protocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls recorded directly by {@link JsonRpcServerMeterObservationHandler} (it is the only
 * handler that would see them) leave the same meters, tags and values in a Prometheus
 * scrape as the same calls observed one observation each (another handler is present);
 * and the dispatcher goes back to observations as soon as one is.
 */
class DirectRecordingTests {

	private static final String SUM = "{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1}";

	/** What every protocol sends, covering each way a call ends. */
	private static final List<String> PAYLOADS = List.of(SUM,
			"{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2]}",
			"{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2,3],\"id\":2}",
			"{\"jsonrpc\":\"2.0\",\"method\":\"nope\",\"id\":3}", "{not json", "{\"jsonrpc\":\"2.0\",\"id\":4}",
			"{\"jsonrpc\":\"2.0\",\"method\":\"fail\",\"id\":5}", "{\"jsonrpc\":\"2.0\",\"method\":\"fail\"}",
			"{\"jsonrpc\":\"2.0\",\"method\":\"refuse\",\"id\":6}",
			"{\"jsonrpc\":\"2.0\",\"method\":\"blocking\",\"id\":7}",
			"{\"jsonrpc\":\"2.0\",\"method\":\"async\",\"id\":8}",
			"{\"jsonrpc\":\"2.0\",\"method\":\"asyncFailure\",\"id\":9}",
			"{\"jsonrpc\":\"2.0\",\"method\":\"stuck\",\"id\":10}",
			"[" + SUM + ",{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2]},"
					+ "{\"jsonrpc\":\"2.0\",\"method\":\"nope\",\"id\":3},{\"jsonrpc\":\"2.0\",\"id\":4},1,"
					+ "{\"jsonrpc\":\"2.0\",\"method\":\"fail\",\"id\":5},"
					// A call after a failed one: nothing of the failure carried over.
					+ SUM + ",{\"jsonrpc\":\"2.0\",\"method\":\"blocking\",\"id\":7},"
					+ "{\"jsonrpc\":\"2.0\",\"method\":\"async\",\"id\":8}]");

	private final ExecutorService executor = Executors.newFixedThreadPool(4);

	private final CountDownLatch release = new CountDownLatch(1);

	@AfterEach
	void shutDown() {
		this.release.countDown();
		this.executor.shutdownNow();
	}

	@Test
	void directRecordingLeavesTheScrapeObservationsLeave() throws Exception {
		Setup direct = new Setup(false);
		Setup observed = new Setup(true);
		assertThat(direct.answer(Protocol.HTTP, "{\"jsonrpc\":\"2.0\",\"method\":\"current\",\"id\":1}"))
			.as("no observation in scope: recorded directly")
			.contains("\"result\":false");
		assertThat(observed.answer(Protocol.HTTP, "{\"jsonrpc\":\"2.0\",\"method\":\"current\",\"id\":1}"))
			.as("an observation in scope")
			.contains("\"result\":true");
		for (Protocol protocol : Protocol.values()) {
			for (String payload : PAYLOADS) {
				assertThat(direct.answer(protocol, payload)).isEqualTo(observed.answer(protocol, payload));
			}
		}
		assertThat(direct.observedByOtherHandler).hasValue(0);
		assertThat(observed.observedByOtherHandler.get()).isGreaterThan(0);
		String scrape = direct.scrape();
		assertThat(scrape).isEqualTo(observed.scrape())
			.contains("jsonrpc_server_requests_seconds_count{error=\"none\",outcome=\"SUCCESS\",rpc_method=\"sum\","
					+ "rpc_status_code=\"0\",rpc_system=\"jsonrpc\",transport=\"websocket\"} 5")
			.contains("jsonrpc_server_requests_seconds_count{error=\"IllegalStateException\","
					+ "outcome=\"SERVER_ERROR\",rpc_method=\"fail\",rpc_status_code=\"-32603\",rpc_system=\"jsonrpc\","
					+ "transport=\"tcp\"} 3")
			.contains("jsonrpc_server_requests_seconds_count{error=\"none\",outcome=\"SERVER_ERROR\","
					+ "rpc_method=\"stuck\",rpc_status_code=\"-32008\",rpc_system=\"jsonrpc\",transport=\"http\"} 1")
			.contains("jsonrpc_server_requests_seconds_count{error=\"JsonRpcException\",outcome=\"CLIENT_ERROR\","
					+ "rpc_method=\"refuse\",rpc_status_code=\"42\",rpc_system=\"jsonrpc\",transport=\"http\"} 1")
			.contains("jsonrpc_server_requests_seconds_count{error=\"none\",outcome=\"CLIENT_ERROR\","
					+ "rpc_method=\"_OTHER\",rpc_status_code=\"-32700\",rpc_system=\"jsonrpc\",transport=\"http\"} 1")
			.contains("jsonrpc_server_requests_active_seconds_count{outcome=\"UNKNOWN\",rpc_method=\"sum\","
					+ "rpc_status_code=\"UNKNOWN\",rpc_system=\"jsonrpc\",transport=\"http\"} 0");
	}

	@Test
	void runningCallIsActiveInTheLongTaskTimer() throws Exception {
		Setup direct = new Setup(false);
		Setup observed = new Setup(true);
		CompletableFuture<String> directAnswer = direct.answerLater(Protocol.HTTP,
				"{\"jsonrpc\":\"2.0\",\"method\":\"pending\",\"id\":1}");
		CompletableFuture<String> observedAnswer = observed.answerLater(Protocol.HTTP,
				"{\"jsonrpc\":\"2.0\",\"method\":\"pending\",\"id\":1}");
		String running = "jsonrpc_server_requests_active_seconds_count{outcome=\"UNKNOWN\","
				+ "rpc_method=\"pending\",rpc_status_code=\"UNKNOWN\",rpc_system=\"jsonrpc\",transport=\"http\"} 1";
		assertThat(direct.scrape()).isEqualTo(observed.scrape()).contains(running);
		direct.methods.pending.complete("done");
		observed.methods.pending.complete("done");
		assertThat(directAnswer.get(5, TimeUnit.SECONDS)).isEqualTo(observedAnswer.get(5, TimeUnit.SECONDS));
		assertThat(direct.scrape()).isEqualTo(observed.scrape()).doesNotContain(running);
	}

	@Test
	void tracingHandlerBesideTheMeterHandlersGetsEveryCallsSpan() {
		TestSpanHandler spans = new TestSpanHandler();
		try (Tracing tracing = Tracing.newBuilder().addSpanHandler(spans).build()) {
			BraveTracer tracer = new BraveTracer(tracing.tracer(),
					new BraveCurrentTraceContext(tracing.currentTraceContext()));
			Setup setup = new Setup(new DefaultTracingObservationHandler(tracer));
			setup.answer(Protocol.HTTP,
					"[" + SUM + "," + SUM + ",{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2]},"
							+ "{\"jsonrpc\":\"2.0\",\"method\":\"nope\",\"id\":3}]");
			setup.answer(Protocol.WEBSOCKET, "{\"jsonrpc\":\"2.0\",\"method\":\"fail\",\"id\":5}");
			assertThat(spans.spans()).extracting(MutableSpan::name)
				.containsExactlyInAnyOrder("sum", "sum", "sum", "_OTHER", "fail");
			assertThat(setup.scrape())
				.contains("jsonrpc_server_requests_seconds_count{error=\"none\",outcome=\"SUCCESS\","
						+ "rpc_method=\"sum\",rpc_status_code=\"0\",rpc_system=\"jsonrpc\",transport=\"http\"} 3");
		}
	}

	@Test
	void handlerAddedLaterGetsEveryLaterCall() {
		Setup setup = new Setup(false);
		assertThat(setup.answer(Protocol.HTTP, "{\"jsonrpc\":\"2.0\",\"method\":\"current\",\"id\":1}"))
			.contains("\"result\":false");
		AtomicInteger started = new AtomicInteger();
		setup.observations.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public void onStart(Observation.Context context) {
				started.incrementAndGet();
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

		});
		assertThat(setup.answer(Protocol.HTTP, "[" + SUM + "," + SUM + "]")).contains("\"result\":3");
		assertThat(started).hasValue(2);
		assertThat(setup.answer(Protocol.HTTP, "{\"jsonrpc\":\"2.0\",\"method\":\"current\",\"id\":1}"))
			.contains("\"result\":true");
	}

	@Test
	void predicateOrFilterOfTheApplicationKeepsObservations() {
		Setup withPredicate = new Setup(false);
		withPredicate.observations.observationConfig().observationPredicate((name, context) -> true);
		Setup withFilter = new Setup(false);
		withFilter.observations.observationConfig().observationFilter((context) -> context);
		for (Setup setup : List.of(withPredicate, withFilter)) {
			assertThat(setup.answer(Protocol.HTTP, "{\"jsonrpc\":\"2.0\",\"method\":\"current\",\"id\":1}"))
				.contains("\"result\":true");
		}
	}

	/**
	 * A dispatcher with the meter handlers Boot groups (ujrpc's first, Micrometer's for
	 * the rest), on a Prometheus registry whose clock stands still, so durations are the
	 * same on both paths; with another handler, that counts the calls it gets, or not.
	 */
	private final class Setup {

		private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT,
				new PrometheusRegistry(), new MockClock());

		private final ObservationRegistry observations = ObservationRegistry.create();

		private final AtomicInteger observedByOtherHandler = new AtomicInteger();

		private final Methods methods = new Methods(this.observations, DirectRecordingTests.this.release);

		private final JsonRpcExchange exchange;

		Setup(boolean otherHandler) {
			this(otherHandler ? new CountingHandler() : null);
		}

		Setup(ObservationHandler<?> otherHandler) {
			this.observations.observationConfig()
				.observationHandler(new FirstMatchingCompositeObservationHandler(
						new JsonRpcServerMeterObservationHandler(this.meters),
						new DefaultMeterObservationHandler(this.meters)));
			if (otherHandler instanceof CountingHandler counting) {
				counting.count = this.observedByOtherHandler;
			}
			if (otherHandler != null) {
				this.observations.observationConfig().observationHandler(otherHandler);
			}
			JsonMapper mapper = JsonMapper.builder().build();
			MethodRegistry registry = MethodRegistry.builder(mapper).addAnnotated(this.methods).build();
			this.exchange = new JsonRpcExchange(
					new JsonRpcDispatcher(registry, DirectRecordingTests.this.executor, false, this.observations, null),
					new JsonRpcCodec(mapper, 100), ServerMetricsListener.NONE);
		}

		String answer(Protocol protocol, String payload) {
			try {
				return answerLater(protocol, payload).get(5, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

		CompletableFuture<String> answerLater(Protocol protocol, String payload) {
			ByteBuf request = Unpooled.copiedBuffer(payload, StandardCharsets.UTF_8);
			return this.exchange.answer(request, UnpooledByteBufAllocator.DEFAULT, protocol)
				.whenComplete((response, ex) -> request.release())
				.thenApply((response) -> {
					if (response == null) {
						return null;
					}
					try {
						return response.toString(StandardCharsets.UTF_8);
					}
					finally {
						response.release();
					}
				});
		}

		/* Sorted: the order of series follows the order meters were first used in. */
		String scrape() {
			String[] lines = this.meters.scrape().split("\n");
			Arrays.sort(lines);
			return String.join("\n", lines);
		}

	}

	/**
	 * Counts the observations it gets: any.
	 */
	private static final class CountingHandler implements ObservationHandler<Observation.Context> {

		private AtomicInteger count = new AtomicInteger();

		@Override
		public void onStart(Observation.Context context) {
			this.count.incrementAndGet();
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

	static class Methods {

		final CompletableFuture<String> pending = new CompletableFuture<>();

		private final ObservationRegistry observations;

		private final CountDownLatch release;

		Methods(ObservationRegistry observations, CountDownLatch release) {
			this.observations = observations;
			this.release = release;
		}

		@JsonRpcMethod(nonBlocking = true)
		long sum(long a, long b) {
			return a + b;
		}

		@JsonRpcMethod(nonBlocking = true)
		void fail() {
			throw new IllegalStateException("boom");
		}

		@JsonRpcMethod(nonBlocking = true)
		void refuse() {
			throw new JsonRpcException(42, "Refused");
		}

		@JsonRpcMethod
		String blocking() {
			return "done";
		}

		@JsonRpcMethod(nonBlocking = true)
		CompletionStage<String> async() {
			return CompletableFuture.supplyAsync(() -> "later");
		}

		@JsonRpcMethod(nonBlocking = true)
		CompletionStage<String> asyncFailure() {
			return CompletableFuture.failedFuture(new UnsupportedOperationException("no"));
		}

		@JsonRpcMethod(nonBlocking = true)
		CompletionStage<String> pending() {
			return this.pending;
		}

		/** Answered by its deadline, -32008. */
		@JsonRpcMethod(timeout = "20ms")
		String stuck() throws InterruptedException {
			this.release.await(5, TimeUnit.SECONDS);
			return "late";
		}

		@JsonRpcMethod(nonBlocking = true)
		boolean current() {
			return this.observations.getCurrentObservation() != null;
		}

	}

}
