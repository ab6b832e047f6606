package io.ujrpc.benchmarks.ujrpc;

import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.benchmarks.peer.BenchmarkMethods;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

/**
 * The benchmark methods as ujrpc beans: the two cheap ones run on the I/O thread, the
 * blocking one on ujrpc's blocking executor.
 */
@Component
public class BenchmarkMethodsService {

	@JsonRpcMethod(value = "sum", nonBlocking = true)
	public long sum(long a, long b) {
		return BenchmarkMethods.sum(a, b);
	}

	@JsonRpcMethod(value = "echo", nonBlocking = true)
	public JsonNode echo(JsonNode x) {
		return x;
	}

	@JsonRpcMethod("fibo_sleep")
	public long fiboSleep(int n) {
		return BenchmarkMethods.fiboSleep(n);
	}

}
