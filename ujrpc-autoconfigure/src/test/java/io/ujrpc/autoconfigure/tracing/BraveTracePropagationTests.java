package io.ujrpc.autoconfigure.tracing;

import java.util.List;
import java.util.TreeMap;

import brave.handler.MutableSpan;
import brave.test.TestSpanHandler;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Trace propagation with micrometer-tracing's Brave bridge, as Spring Boot configures it
 * (W3C propagation), spans recorded by Brave's test handler.
 */
@SpringBootTest(classes = { TracingTestApplication.class, BraveTracePropagationTests.Handler.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.tracing.sampling.probability=1.0", "management.tracing.baggage.remote-fields=tenant",
				"spring.autoconfigure.exclude=org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure."
						+ "OpenTelemetryTracingAutoConfiguration" })
class BraveTracePropagationTests extends TracePropagationTestSupport {

	private static final TestSpanHandler SPANS = new TestSpanHandler();

	@Override
	List<RecordedSpan> finishedSpans() {
		return SPANS.spans().stream().map(BraveTracePropagationTests::recorded).toList();
	}

	@Override
	void clearSpans() {
		SPANS.clear();
	}

	private static RecordedSpan recorded(MutableSpan span) {
		return new RecordedSpan(span.name(), (span.kind() != null) ? span.kind().name() : "INTERNAL", span.traceId(),
				span.id(), span.parentId(), new TreeMap<>(span.tags()));
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Handler {

		@Bean
		TestSpanHandler testSpanHandler() {
			return SPANS;
		}

	}

}
