package io.ujrpc.autoconfigure.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ujrpc.observation.DefaultJsonRpcServerObservationConvention;
import io.ujrpc.observation.JsonRpcObservationDocumentation;
import io.ujrpc.observation.JsonRpcServerContext;
import io.ujrpc.protocol.JsonRpcError;
import io.ujrpc.protocol.JsonRpcErrorCode;
import io.ujrpc.protocol.JsonRpcRequest;
import io.ujrpc.protocol.JsonRpcResponse;
import io.ujrpc.protocol.Protocol;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.IntNode;

import static org.assertj.core.api.Assertions.assertThat;

class JsonRpcServerMeterObservationHandlerTests {

	private final DefaultJsonRpcServerObservationConvention convention = new DefaultJsonRpcServerObservationConvention();

	@Test
	void recordsTheMetersMicrometersHandlerRecords() {
		MeterRegistry ours = new SimpleMeterRegistry();
		MeterRegistry micrometers = new SimpleMeterRegistry();
		ObservationRegistry withOurs = observations(new JsonRpcServerMeterObservationHandler(ours));
		ObservationRegistry withMicrometers = observations(new DefaultMeterObservationHandler(micrometers));
		for (ObservationRegistry observations : List.of(withOurs, withMicrometers)) {
			call(observations, "sum", JsonRpcResponse.success(IntNode.valueOf(1), 3), null);
			call(observations, "sum", JsonRpcResponse.success(IntNode.valueOf(1), 3), null);
			call(observations, "crash", failure(JsonRpcErrorCode.INTERNAL_ERROR.toError().code()),
					new IllegalStateException());
			call(observations, JsonRpcServerContext.OTHER_METHOD,
					failure(JsonRpcErrorCode.METHOD_NOT_FOUND.toError().code()), null);
		}
		assertThat(ids(ours)).isEqualTo(ids(micrometers)).hasSize(6);
		Timer sum = ours.get("jsonrpc.server.requests")
			.tags("rpc.system", "jsonrpc", "rpc.method", "sum", "rpc.status_code", "0", "outcome", "SUCCESS",
					"transport", "http", "error", "none")
			.timer();
		assertThat(sum.count()).isEqualTo(2);
		assertThat(ours.get("jsonrpc.server.requests")
			.tags("rpc.method", "crash", "error", "IllegalStateException")
			.timer()
			.count()).isEqualTo(1);
		assertThat(ours.get("jsonrpc.server.requests.active")
			.tags("rpc.method", "sum", "rpc.status_code", "UNKNOWN", "outcome", "UNKNOWN")
			.longTaskTimer()
			.activeTasks()).isZero();
	}

	@Test
	void looksMetersUpOncePerTagCombination() {
		JsonRpcServerMeterObservationHandler handler = new JsonRpcServerMeterObservationHandler(
				new SimpleMeterRegistry());
		ObservationRegistry observations = observations(handler);
		for (int i = 0; i < 10; i++) {
			call(observations, "sum", JsonRpcResponse.success(IntNode.valueOf(1), 3), null);
		}
		// One for the long task timer's tags on start, one for the timer's on stop.
		assertThat(handler.cachedCombinations()).isEqualTo(2);
	}

	@Test
	void timesCallsWithTheRegistrysClock() {
		MockClock clock = new MockClock();
		MeterRegistry meters = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
		ObservationRegistry observations = observations(new JsonRpcServerMeterObservationHandler(meters));
		JsonRpcServerContext context = context("sum");
		Observation observation = observation(observations, context).start();
		clock.add(Duration.ofMillis(7));
		context.setResponse(JsonRpcResponse.success(IntNode.valueOf(1), 3));
		observation.stop();
		Timer timer = meters.get("jsonrpc.server.requests").timer();
		assertThat(timer.count()).isEqualTo(1);
		assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(7);
	}

	@Test
	void timesCallsWithTheRegistrysClockWithoutALongTaskTimer() {
		MockClock clock = new MockClock();
		MeterRegistry meters = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
		ObservationRegistry observations = observations(new JsonRpcServerMeterObservationHandler(meters, false));
		JsonRpcServerContext context = context("sum");
		Observation observation = observation(observations, context).start();
		clock.add(Duration.ofMillis(7));
		context.setResponse(JsonRpcResponse.success(IntNode.valueOf(1), 3));
		observation.stop();
		assertThat(meters.get("jsonrpc.server.requests").timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(7);
	}

	@Test
	void timesCallsRecordedDirectlyWithTheRegistrysClock() {
		for (boolean longTaskTimer : new boolean[] { true, false }) {
			MockClock clock = new MockClock();
			MeterRegistry meters = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
			JsonRpcServerMeterObservationHandler handler = new JsonRpcServerMeterObservationHandler(meters,
					longTaskTimer);
			clock.add(Duration.ofMillis(3));
			long start = handler.startTime();
			Object active = handler.startCall("sum", Protocol.HTTP);
			LongTaskTimer running = meters.find("jsonrpc.server.requests.active").longTaskTimer();
			if (longTaskTimer) {
				assertThat(running.activeTasks()).isEqualTo(1);
				clock.add(Duration.ofMillis(5));
				assertThat(running.duration(TimeUnit.MILLISECONDS)).isEqualTo(5);
			}
			else {
				assertThat(running).isNull();
				clock.add(Duration.ofMillis(5));
			}
			handler.stopCall("sum", Protocol.HTTP, start, active, true, 0, null);
			Timer timer = meters.get("jsonrpc.server.requests").timer();
			assertThat(timer.count()).isEqualTo(1);
			assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).as("long task timer %s", longTaskTimer).isEqualTo(5);
			if (longTaskTimer) {
				assertThat(running.activeTasks()).isZero();
			}
		}
	}

	@Test
	void findsTheMetersOfAConventionThatMakesNewKeyValuesOnEveryCall() {
		MeterRegistry meters = new SimpleMeterRegistry();
		JsonRpcServerMeterObservationHandler handler = new JsonRpcServerMeterObservationHandler(meters);
		ObservationRegistry observations = observations(handler);
		// A subclass gets no cached key values: equal values, a new instance each time.
		DefaultJsonRpcServerObservationConvention custom = new DefaultJsonRpcServerObservationConvention() {
		};
		for (int i = 0; i < 10; i++) {
			JsonRpcServerContext context = context("sum");
			Observation observation = JsonRpcObservationDocumentation.SERVER
				.observation(null, custom, () -> context, observations)
				.start();
			context.setResponse(JsonRpcResponse.success(IntNode.valueOf(1), 3));
			observation.stop();
		}
		assertThat(meters.get("jsonrpc.server.requests").tags("rpc.method", "sum").timer().count()).isEqualTo(10);
		assertThat(meters.get("jsonrpc.server.requests.active").longTaskTimer().activeTasks()).isZero();
		assertThat(handler.cachedCombinations()).isEqualTo(2);
	}

	@Test
	void registersAgainWhenAMeterIsRemoved() {
		MeterRegistry meters = new SimpleMeterRegistry();
		ObservationRegistry observations = observations(new JsonRpcServerMeterObservationHandler(meters));
		call(observations, "sum", JsonRpcResponse.success(IntNode.valueOf(1), 3), null);
		meters.remove(meters.get("jsonrpc.server.requests").timer());
		call(observations, "sum", JsonRpcResponse.success(IntNode.valueOf(1), 3), null);
		assertThat(meters.get("jsonrpc.server.requests").timer().count()).isEqualTo(1);
	}

	@Test
	void meterFiltersApply() {
		PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		meters.config().meterFilter(new MeterFilter() {

			@Override
			public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
				return DistributionStatisticConfig.builder().percentilesHistogram(true).build().merge(config);
			}

		}).meterFilter(MeterFilter.commonTags(Set.of(Tag.of("region", "eu"))));
		ObservationRegistry observations = observations(new JsonRpcServerMeterObservationHandler(meters));
		call(observations, "sum", JsonRpcResponse.success(IntNode.valueOf(1), 3), null);
		assertThat(meters.scrape())
			.contains("jsonrpc_server_requests_seconds_bucket{error=\"none\",outcome=\"SUCCESS\","
					+ "region=\"eu\",rpc_method=\"sum\",rpc_status_code=\"0\",rpc_system=\"jsonrpc\",transport=\"http\","
					+ "le=\"+Inf\"} 1");
	}

	@Test
	void longTaskTimerCanBeLeftOut() {
		MeterRegistry meters = new SimpleMeterRegistry();
		ObservationRegistry observations = observations(new JsonRpcServerMeterObservationHandler(meters, false));
		call(observations, "sum", JsonRpcResponse.success(IntNode.valueOf(1), 3), null);
		assertThat(meters.find("jsonrpc.server.requests.active").longTaskTimer()).isNull();
		assertThat(meters.get("jsonrpc.server.requests").timer().count()).isEqualTo(1);
	}

	@Test
	void longTaskTimerCountsRunningCalls() {
		MeterRegistry meters = new SimpleMeterRegistry();
		ObservationRegistry observations = observations(new JsonRpcServerMeterObservationHandler(meters));
		JsonRpcServerContext context = context("sum");
		Observation observation = observation(observations, context).start();
		LongTaskTimer active = meters.get("jsonrpc.server.requests.active").longTaskTimer();
		assertThat(active.activeTasks()).isEqualTo(1);
		context.setResponse(JsonRpcResponse.success(IntNode.valueOf(1), 3));
		observation.stop();
		assertThat(active.activeTasks()).isZero();
	}

	@Test
	void supportsOnlyJsonRpcCalls() {
		JsonRpcServerMeterObservationHandler handler = new JsonRpcServerMeterObservationHandler(
				new SimpleMeterRegistry());
		assertThat(handler.supportsContext(context("sum"))).isTrue();
		assertThat(handler.supportsContext(new Observation.Context())).isFalse();
	}

	private static ObservationRegistry observations(ObservationHandler<? extends Observation.Context> handler) {
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(handler);
		return observations;
	}

	private void call(ObservationRegistry observations, String method, JsonRpcResponse response, Throwable error) {
		JsonRpcServerContext context = context(method);
		Observation observation = observation(observations, context).start();
		if (error != null) {
			observation.error(error);
		}
		context.setResponse(response);
		observation.stop();
	}

	private Observation observation(ObservationRegistry observations, JsonRpcServerContext context) {
		return JsonRpcObservationDocumentation.SERVER.observation(null, this.convention, () -> context, observations);
	}

	private static JsonRpcServerContext context(String method) {
		return new JsonRpcServerContext(new JsonRpcRequest(method, null, IntNode.valueOf(1)), method, Protocol.HTTP);
	}

	private static JsonRpcResponse failure(int code) {
		return JsonRpcResponse.failure(IntNode.valueOf(1), new JsonRpcError(code, "failed"));
	}

	private static Set<String> ids(MeterRegistry meters) {
		return meters.getMeters()
			.stream()
			.map((meter) -> meter.getId().getType() + " " + meter.getId().getName() + " " + meter.getId().getTags())
			.collect(Collectors.toSet());
	}

}
