package io.ujrpc.autoconfigure.tracing;

import io.micrometer.tracing.Baggage;
import io.micrometer.tracing.Tracer;
import io.ujrpc.annotation.JsonRpcMethod;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * An application served by ujrpc with Spring Boot's tracing auto-configuration.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class TracingTestApplication {

	@Bean
	TracedService tracedService(Tracer tracer) {
		return new TracedService(tracer);
	}

	static class TracedService {

		private final Tracer tracer;

		TracedService(Tracer tracer) {
			this.tracer = tracer;
		}

		@JsonRpcMethod(nonBlocking = true)
		long sum(long a, long b) {
			return a + b;
		}

		/**
		 * Runs on the blocking executor: the span follows the call off the I/O thread.
		 */
		@JsonRpcMethod
		String traceId() {
			return this.tracer.currentSpan().context().traceId();
		}

		@JsonRpcMethod
		String tenant() {
			Baggage tenant = this.tracer.getBaggage("tenant");
			return (tenant != null) ? String.valueOf(tenant.get()) : "none";
		}

		@JsonRpcMethod
		void crash() {
			throw new IllegalStateException("boom");
		}

	}

}
