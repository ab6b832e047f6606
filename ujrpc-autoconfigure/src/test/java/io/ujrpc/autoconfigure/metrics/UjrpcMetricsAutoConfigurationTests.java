package io.ujrpc.autoconfigure.metrics;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.autoconfigure.JsonRpcServerCustomizer;
import io.ujrpc.autoconfigure.UjrpcAutoConfiguration;
import io.ujrpc.observation.DefaultJsonRpcServerObservationConvention;
import io.ujrpc.observation.JsonRpcServerContext;
import io.ujrpc.observation.JsonRpcServerObservationConvention;
import io.ujrpc.observation.ServerMetricsListener;
import io.ujrpc.spring.JsonRpcWebServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class UjrpcMetricsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, UjrpcAutoConfiguration.class,
				ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
				UjrpcMetricsAutoConfiguration.class))
		.withBean(Calculator.class)
		.withPropertyValues("server.port=0");

	private final HttpClient client = HttpClient.newHttpClient();

	@Test
	void callsAreTimedAndServerMetersRegistered() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(MicrometerServerMetricsListener.class);
			call(context, "{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1}");
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			Timer timer = meters.get("jsonrpc.server.requests")
				.tags("rpc.system", "jsonrpc", "rpc.method", "sum", "rpc.status_code", "0", "outcome", "SUCCESS",
						"transport", "http", "error", "none")
				.timer();
			assertThat(timer.count()).isEqualTo(1);
			String io = context.getBean(JsonRpcWebServer.class).getServer().transport().displayName();
			assertThat(meters.get("jsonrpc.server.listeners")
				.tags("transport", "http", "io.transport", io)
				.gauge()
				.value()).isEqualTo(1.0);
			assertThat(meters.get("jsonrpc.server.connections.accepted").counter().count()).isPositive();
			assertThat(meters.get("jsonrpc.server.received").counter().count()).isPositive();
			assertThat(meters.get("jsonrpc.server.sent").counter().count()).isPositive();
			assertThat(meters.get("jsonrpc.server.requests.in.flight").gauge().value()).isZero();
			assertThat(timer.takeSnapshot().histogramCounts()).isEmpty();
		});
	}

	@Test
	void callsAreRecordedByTheCachingHandlerAndOtherObservationsByBoots() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(JsonRpcServerMeterObservationHandler.class)
				.hasSingleBean(DefaultMeterObservationHandler.class);
			call(context, "{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1}");
			assertThat(context.getBean(JsonRpcServerMeterObservationHandler.class).cachedCombinations()).isEqualTo(2);
			Observation.createNotStarted("other", context.getBean(ObservationRegistry.class))
				.lowCardinalityKeyValue("k", "v")
				.observe(() -> {
				});
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("other").tags("k", "v", "error", "none").timer().count()).isEqualTo(1);
			assertThat(meters.get("jsonrpc.server.requests.active").longTaskTimer()).isNotNull();
		});
	}

	@Test
	void withOnlyTheMeterHandlersCallsAreRecordedWithoutObservations() {
		this.runner.withBean(ObservationProbe.class).run((context) -> {
			assertThat(call(context, "{\"jsonrpc\":\"2.0\",\"method\":\"observed\",\"id\":1}"))
				.contains("\"result\":false");
			call(context, "[{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1},"
					+ "{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2]}]");
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("jsonrpc.server.requests")
				.tags("rpc.method", "sum", "outcome", "SUCCESS", "transport", "http", "error", "none")
				.timer()
				.count()).isEqualTo(2);
			assertThat(meters.get("jsonrpc.server.requests.active")
				.tags("rpc.method", "sum", "outcome", "UNKNOWN")
				.longTaskTimer()
				.activeTasks()).isZero();
		});
	}

	@Test
	void anotherHandlerGetsEveryCallAsAnObservation() {
		List<String> seen = new CopyOnWriteArrayList<>();
		ObservationHandler<Observation.Context> handler = new ObservationHandler<>() {

			@Override
			public void onStop(Observation.Context context) {
				seen.add(context.getContextualName());
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return context instanceof JsonRpcServerContext;
			}

		};
		this.runner.withBean(ObservationProbe.class)
			.withBean("recording", ObservationHandler.class, () -> handler)
			.run((context) -> {
				assertThat(call(context, "{\"jsonrpc\":\"2.0\",\"method\":\"observed\",\"id\":1}"))
					.contains("\"result\":true");
				call(context, "[{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1},"
						+ "{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2]}]");
				assertThat(seen).containsExactly("observed", "sum", "sum");
				assertThat(context.getBean(MeterRegistry.class)
					.get("jsonrpc.server.requests")
					.tags("rpc.method", "sum", "error", "none")
					.timer()
					.count()).isEqualTo(2);
			});
	}

	@Test
	void commonKeyValuesOfBootKeepObservationsAndTagTheTimers() {
		this.runner.withBean(ObservationProbe.class)
			.withPropertyValues("management.observations.key-values.region=eu")
			.run((context) -> {
				assertThat(call(context, "{\"jsonrpc\":\"2.0\",\"method\":\"observed\",\"id\":1}"))
					.contains("\"result\":true");
				call(context, "{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1}");
				assertThat(context.getBean(MeterRegistry.class)
					.get("jsonrpc.server.requests")
					.tags("rpc.method", "sum", "region", "eu")
					.timer()
					.count()).isEqualTo(1);
			});
	}

	@Test
	void observationsTurnedOffInBootRecordNothing() {
		this.runner.withPropertyValues("management.observations.enable.jsonrpc=false").run((context) -> {
			assertThat(call(context, "{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1}"))
				.contains("\"result\":3");
			assertThat(context.getBean(MeterRegistry.class).find("jsonrpc.server.requests").timer()).isNull();
			assertThat(context.getBean(MeterRegistry.class).get("jsonrpc.server.received").counter().count())
				.isPositive();
		});
	}

	@Test
	void longTaskTimerFollowsBootsIgnoredMeters() {
		this.runner.withPropertyValues("management.metrics.observations.ignored-meters=long-task-timer")
			.run((context) -> {
				call(context, "{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1}");
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.find("jsonrpc.server.requests.active").longTaskTimer()).isNull();
				assertThat(meters.get("jsonrpc.server.requests").timer().count()).isEqualTo(1);
			});
	}

	@Test
	void metricsCanBeTurnedOff() {
		this.runner.withPropertyValues("ujrpc.metrics.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(MicrometerServerMetricsListener.class)
				.doesNotHaveBean(JsonRpcServerCustomizer.class);
			call(context, "{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1}");
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.find("jsonrpc.server.requests").timer()).isNull();
			assertThat(meters.find("jsonrpc.server.connections.open").gauge()).isNull();
		});
	}

	@Test
	void percentilesHistogramCanBeTurnedOn() {
		this.runner.withConfiguration(AutoConfigurations.of(PrometheusMetricsExportAutoConfiguration.class))
			.withPropertyValues("ujrpc.metrics.percentiles-histogram=true")
			.run((context) -> {
				call(context, "{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1}");
				String scrape = context.getBean(PrometheusMeterRegistry.class).scrape();
				assertThat(scrape).contains("jsonrpc_server_requests_seconds_bucket{error=\"none\",outcome=\"SUCCESS\","
						+ "rpc_method=\"sum\",rpc_status_code=\"0\",rpc_system=\"jsonrpc\",transport=\"http\",le=\"+Inf\"} 1");
			});
	}

	@Test
	void conventionBeanReplacesTheDefault() {
		this.runner.withBean(JsonRpcServerObservationConvention.class, TenantConvention::new).run((context) -> {
			call(context, "{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1}");
			Timer timer = context.getBean(MeterRegistry.class)
				.get("jsonrpc.server.requests")
				.tags("tenant", "acme", "rpc.method", "sum")
				.timer();
			assertThat(timer.count()).isEqualTo(1);
		});
	}

	@Test
	void listenerBeanReplacesTheDefault() {
		ServerMetricsListener custom = new ServerMetricsListener() {
		};
		this.runner.withBean(ServerMetricsListener.class, () -> custom).run((context) -> {
			assertThat(context).doesNotHaveBean(MicrometerServerMetricsListener.class);
			call(context, "{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1}");
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.find("jsonrpc.server.connections.open").gauge()).isNull();
			assertThat(meters.get("jsonrpc.server.requests").timer().count()).isEqualTo(1);
		});
	}

	@Test
	void withoutAMeterRegistryCallsAreStillObservedForTracing() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, UjrpcAutoConfiguration.class,
					ObservationAutoConfiguration.class, UjrpcMetricsAutoConfiguration.class))
			.withBean(Calculator.class)
			.withPropertyValues("server.port=0")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(MicrometerServerMetricsListener.class)
					.hasSingleBean(JsonRpcServerCustomizer.class);
				assertThat(call(context, "{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1}"))
					.contains("\"result\":3");
			});
	}

	private String call(AssertableApplicationContext context, String body) throws Exception {
		int port = context.getBean(JsonRpcWebServer.class).getPort();
		return this.client
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/"))
				.header("content-type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString())
			.body();
	}

	static class ObservationProbe {

		private final ObservationRegistry observations;

		ObservationProbe(ObservationRegistry observations) {
			this.observations = observations;
		}

		/** Whether the call runs with an observation in scope. */
		@JsonRpcMethod(nonBlocking = true)
		boolean observed() {
			return this.observations.getCurrentObservation() != null;
		}

	}

	static class Calculator {

		@JsonRpcMethod(nonBlocking = true)
		long sum(long a, long b) {
			return a + b;
		}

	}

	static class TenantConvention extends DefaultJsonRpcServerObservationConvention {

		@Override
		public KeyValues getLowCardinalityKeyValues(JsonRpcServerContext context) {
			return super.getLowCardinalityKeyValues(context).and("tenant", "acme");
		}

	}

}
