package io.ujrpc.autoconfigure.tracing;

import java.util.Map;

/**
 * A finished span as either tracer recorded it, in the terms the tests compare.
 *
 * @param name the span's name
 * @param kind the span's kind, upper case ({@code SERVER})
 * @param traceId the trace id, hex
 * @param spanId the span id, hex
 * @param parentId the parent span's id, or {@code null} for a root
 * @param attributes the attributes (tags)
 */
record RecordedSpan(String name, String kind, String traceId, String spanId, String parentId,
		Map<String, String> attributes) {

}
