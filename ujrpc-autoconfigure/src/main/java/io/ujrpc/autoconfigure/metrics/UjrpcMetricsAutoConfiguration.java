package io.ujrpc.autoconfigure.metrics;

import java.util.Set;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler.IgnoredMeters;
import io.micrometer.observation.ObservationRegistry;
import io.ujrpc.autoconfigure.JsonRpcServerCustomizer;
import io.ujrpc.observation.DefaultJsonRpcServerObservationConvention;
import io.ujrpc.observation.JsonRpcServerObservationConvention;
import io.ujrpc.observation.ServerMetricsListener;
import io.ujrpc.server.JsonRpcServer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/*
 * Auto-configuration of ujrpc metrics: every JSON-RPC call is observed through the
 * application's {@link ObservationRegistry} as {@code jsonrpc.server.requests}, and the
 * server's connections, bytes, payloads in flight, batch sizes and I/O transport are
 * recorded as {@code jsonrpc.server.*} meters. On whenever Micrometer is, unless
 * {@code ujrpc.metrics.enabled=false}.
 */
@AutoConfiguration(afterName = {
		"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass({ JsonRpcServer.class, ObservationRegistry.class })
@ConditionalOnBooleanProperty(name = "ujrpc.metrics.enabled", matchIfMissing = true)
@EnableConfigurationProperties(UjrpcMetricsProperties.class)
public final class UjrpcMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "ujrpcMetricsServerCustomizer")
	JsonRpcServerCustomizer ujrpcMetricsServerCustomizer(ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<JsonRpcServerObservationConvention> observationConvention,
			ObjectProvider<ServerMetricsListener> metricsListener) {
		return (builder) -> {
			observationRegistry.ifUnique(builder::observationRegistry);
			observationConvention.ifUnique(builder::observationConvention);
			metricsListener.ifUnique(builder::metricsListener);
		};
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class ServerMetersConfiguration {

		@Bean
		@ConditionalOnMissingBean(ServerMetricsListener.class)
		MicrometerServerMetricsListener ujrpcServerMetricsListener(MeterRegistry meterRegistry) {
			return new MicrometerServerMetricsListener(meterRegistry);
		}

		/*
		 * Ordered before Boot's {@code DefaultMeterObservationHandler}, which has no
		 * order: both join Boot's group of meter handlers, where the first handler that
		 * supports a context gets it, so this one takes JSON-RPC calls and the default
		 * all others.
		 */
		@Bean
		@Order(0)
		@ConditionalOnMissingBean
		JsonRpcServerMeterObservationHandler jsonRpcServerMeterObservationHandler(MeterRegistry meterRegistry,
				Environment environment) {
			// Boot's own switch for the default handler's long task timers.
			Set<IgnoredMeters> ignored = Binder.get(environment)
				.bind("management.metrics.observations.ignored-meters", Bindable.setOf(IgnoredMeters.class))
				.orElse(Set.of());
			return new JsonRpcServerMeterObservationHandler(meterRegistry,
					!ignored.contains(IgnoredMeters.LONG_TASK_TIMER));
		}

		@Bean
		@ConditionalOnBooleanProperty("ujrpc.metrics.percentiles-histogram")
		@ConditionalOnMissingBean(name = "ujrpcPercentilesHistogramMeterFilter")
		MeterFilter ujrpcPercentilesHistogramMeterFilter() {
			return new MeterFilter() {

				@Override
				public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
					if (id.getType() == Meter.Type.TIMER
							&& DefaultJsonRpcServerObservationConvention.NAME.equals(id.getName())) {
						return DistributionStatisticConfig.builder().percentilesHistogram(true).build().merge(config);
					}
					return config;
				}

			};
		}

	}

}
