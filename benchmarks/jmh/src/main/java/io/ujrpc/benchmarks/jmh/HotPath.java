package io.ujrpc.benchmarks.jmh;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.StringJoiner;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ujrpc.autoconfigure.metrics.JsonRpcServerMeterObservationHandler;
import io.ujrpc.autoconfigure.metrics.MicrometerServerMetricsListener;
import io.ujrpc.dispatch.JsonRpcDispatcher;
import io.ujrpc.dispatch.MethodRegistry;
import io.ujrpc.internal.netty.JsonRpcExchange;
import io.ujrpc.observation.ServerMetricsListener;
import io.ujrpc.protocol.JsonRpcCodec;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the benchmarks share: the exchange (codec and dispatcher) built the way
 * {@code JsonRpcServer} builds it, with or without the metrics a Spring Boot app with
 * Actuator and the Prometheus registry gets, and the request bodies.
 */
final class HotPath {

	static final String SUM = "{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1}";

	private HotPath() {
	}

	/**
	 * Build the exchange.
	 * @param metrics the metrics to record, or {@code null} for none (ujrpc without
	 * Micrometer, or {@code ujrpc.metrics.enabled=false})
	 * @return the exchange
	 */
	static JsonRpcExchange exchange(Metrics metrics) {
		JsonMapper mapper = JsonMapper.builder().build();
		MethodRegistry registry = MethodRegistry.builder(mapper).addAnnotated(new HotPathMethods()).build();
		// every method is non-blocking, so the executor never runs anything
		JsonRpcDispatcher dispatcher = (metrics != null)
				? new JsonRpcDispatcher(registry, Runnable::run, false, metrics.observations, null)
				: new JsonRpcDispatcher(registry, Runnable::run, false);
		return new JsonRpcExchange(dispatcher, new JsonRpcCodec(mapper, 1000),
				(metrics != null) ? metrics.listener : ServerMetricsListener.NONE);
	}

	static String batch(int size) {
		StringJoiner calls = new StringJoiner(",", "[", "]");
		for (int id = 1; id <= size; id++) {
			calls.add("{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":" + id + "}");
		}
		return calls.toString();
	}

	static String echoDoubles(String method, int count) {
		StringJoiner values = new StringJoiner(",", "[", "]");
		for (int i = 0; i < count; i++) {
			values.add(String.format(Locale.ROOT, "%.6f", i * 1.000001 + 0.5));
		}
		return "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":[" + values + "],\"id\":1}";
	}

	static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/** Fails the benchmark at set-up when the server's answer is wrong. */
	static void check(String response, String expected) {
		if (!response.contains(expected)) {
			throw new IllegalStateException("Unexpected response (expected: to contain " + expected + "): "
					+ response.substring(0, Math.min(response.length(), 300)));
		}
	}

	/**
	 * The metrics of a Spring Boot app with Actuator and
	 * {@code micrometer-registry-prometheus} beside the starter: a Prometheus meter
	 * registry, and an observation registry whose meter handlers are grouped the way Boot
	 * groups them (the first handler that supports a context gets it: ujrpc's, ordered
	 * first, for JSON-RPC calls, Micrometer's default for everything else), plus ujrpc's
	 * server meters.
	 */
	static final class Metrics {

		final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

		final ObservationRegistry observations = ObservationRegistry.create();

		final ServerMetricsListener listener = new MicrometerServerMetricsListener(this.meters);

		Metrics() {
			this(true);
		}

		/**
		 * Create the metrics.
		 * @param longTaskTimer whether the {@code .active} long task timers are recorded,
		 * as they are unless {@code management.metrics.observations.ignored-meters} lists
		 * {@code long-task-timer}
		 */
		Metrics(boolean longTaskTimer) {
			MeterRegistry meters = this.meters;
			this.observations.observationConfig()
				.observationHandler(
						new FirstMatchingCompositeObservationHandler(
								new JsonRpcServerMeterObservationHandler(meters, longTaskTimer),
								longTaskTimer ? new DefaultMeterObservationHandler(meters)
										: new DefaultMeterObservationHandler(meters,
												DefaultMeterObservationHandler.IgnoredMeters.LONG_TASK_TIMER)));
		}

		/**
		 * Return how many calls the {@code jsonrpc.server.requests} timers counted, to
		 * check that the calls were observed.
		 * @return the count
		 */
		long observedCalls() {
			return this.meters.find("jsonrpc.server.requests").timers().stream().mapToLong((t) -> t.count()).sum();
		}

		static Metrics of(String setting) {
			return switch (setting) {
				case "on" -> new Metrics();
				case "on-without-ltt" -> new Metrics(false);
				case "off" -> null;
				default -> throw new IllegalArgumentException(
						"metrics: " + setting + " (expected: on, on-without-ltt or off)");
			};
		}

	}

}
