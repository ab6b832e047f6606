package io.ujrpc.autoconfigure.metrics;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Metrics of the ujrpc server.
 */
@ConfigurationProperties("ujrpc.metrics")
public class UjrpcMetricsProperties {

	/**
	 * Whether to observe JSON-RPC calls and record server meters when Micrometer is
	 * available.
	 */
	private boolean enabled = true;

	/**
	 * Whether the jsonrpc.server.requests timers publish a percentile histogram, for
	 * quantiles aggregated across instances (Prometheus histogram_quantile).
	 */
	private boolean percentilesHistogram;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isPercentilesHistogram() {
		return this.percentilesHistogram;
	}

	public void setPercentilesHistogram(boolean percentilesHistogram) {
		this.percentilesHistogram = percentilesHistogram;
	}

}
