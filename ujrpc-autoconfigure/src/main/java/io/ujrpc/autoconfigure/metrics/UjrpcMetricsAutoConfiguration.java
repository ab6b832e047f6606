package io.ujrpc.autoconfigure.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.observation.ObservationRegistry;
import io.ujrpc.autoconfigure.JsonRpcServerCustomizer;
import io.ujrpc.observation.DefaultJsonRpcServerObservationConvention;
import io.ujrpc.observation.JsonRpcServerObservationConvention;
import io.ujrpc.server.JsonRpcServer;
import io.ujrpc.server.ServerMetricsListener;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
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

		@Bean
		@ConditionalOnBooleanProperty("ujrpc.metrics.percentiles-histogram")
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
