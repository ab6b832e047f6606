package io.ujrpc.benchmarks.jmh;

import io.ujrpc.annotation.JsonRpcMethod;
import tools.jackson.databind.JsonNode;

/**
 * The benchmark methods as the ujrpc peer declares them: both run on the I/O thread.
 */
public class HotPathMethods {

	@JsonRpcMethod(value = "sum", nonBlocking = true)
	public long sum(long a, long b) {
		return a + b;
	}

	@JsonRpcMethod(value = "echo", nonBlocking = true)
	public JsonNode echo(JsonNode x) {
		return x;
	}

}
