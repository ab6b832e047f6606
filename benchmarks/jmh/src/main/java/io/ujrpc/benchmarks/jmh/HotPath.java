package io.ujrpc.benchmarks.jmh;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.StringJoiner;

import io.ujrpc.dispatch.JsonRpcDispatcher;
import io.ujrpc.dispatch.MethodRegistry;
import io.ujrpc.internal.netty.JsonRpcExchange;
import io.ujrpc.observation.ServerMetricsListener;
import io.ujrpc.protocol.JsonRpcCodec;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the benchmarks share: the exchange (codec and dispatcher) built the way
 * {@code JsonRpcServer} builds it, and the request bodies.
 */
final class HotPath {

	static final String SUM = "{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1}";

	private HotPath() {
	}

	static JsonRpcExchange exchange() {
		JsonMapper mapper = JsonMapper.builder().build();
		MethodRegistry registry = MethodRegistry.builder(mapper).addAnnotated(new HotPathMethods()).build();
		// every method is non-blocking, so the executor never runs anything
		return new JsonRpcExchange(new JsonRpcDispatcher(registry, Runnable::run, false),
				new JsonRpcCodec(mapper, 1000), ServerMetricsListener.NONE);
	}

	static String batch(int size) {
		StringJoiner calls = new StringJoiner(",", "[", "]");
		for (int id = 1; id <= size; id++) {
			calls.add("{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":" + id + "}");
		}
		return calls.toString();
	}

	static String echoDoubles(int count) {
		StringJoiner values = new StringJoiner(",", "[", "]");
		for (int i = 0; i < count; i++) {
			values.add(String.format(Locale.ROOT, "%.6f", i * 1.000001 + 0.5));
		}
		return "{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[" + values + "],\"id\":1}";
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

}
