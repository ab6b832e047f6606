package io.ujrpc.benchmarks.jsonrpc4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.googlecode.jsonrpc4j.JsonRpcMethod;

/**
 * The benchmark methods as a jsonrpc4j service interface.
 */
public interface BenchmarkService {

	@JsonRpcMethod("sum")
	long sum(long a, long b);

	@JsonRpcMethod("echo")
	JsonNode echo(JsonNode x);

	@JsonRpcMethod("echo_doubles")
	double[] echoDoubles(double[] x);

	@JsonRpcMethod("fibo_sleep")
	long fiboSleep(int n);

}
