package io.ujrpc.autoconfigure.tracing;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Trace propagation with micrometer-tracing's OpenTelemetry bridge, as Spring Boot
 * configures it, spans recorded by an in-memory exporter.
 */
@SpringBootTest(classes = { TracingTestApplication.class, OpenTelemetryTracePropagationTests.Exporter.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.tracing.sampling.probability=1.0", "management.tracing.baggage.remote-fields=tenant",
				"spring.autoconfigure.exclude="
						+ "org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration" })
class OpenTelemetryTracePropagationTests extends TracePropagationTestSupport {

	private static final InMemorySpanExporter EXPORTER = InMemorySpanExporter.create();

	@Override
	List<RecordedSpan> finishedSpans() {
		return EXPORTER.getFinishedSpanItems().stream().map(OpenTelemetryTracePropagationTests::recorded).toList();
	}

	@Override
	void clearSpans() {
		EXPORTER.reset();
	}

	private static RecordedSpan recorded(SpanData span) {
		Map<String, String> attributes = new TreeMap<>();
		span.getAttributes().forEach((key, value) -> attributes.put(key.getKey(), String.valueOf(value)));
		String parent = SpanId.isValid(span.getParentSpanId()) ? span.getParentSpanId() : null;
		return new RecordedSpan(span.getName(), span.getKind().name(), span.getTraceId(), span.getSpanId(), parent,
				attributes);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Exporter {

		/* A processor, not an exporter bean: Boot's batch processor would export too. */
		@Bean
		SpanProcessor inMemorySpanProcessor() {
			return SimpleSpanProcessor.create(EXPORTER);
		}

	}

}
