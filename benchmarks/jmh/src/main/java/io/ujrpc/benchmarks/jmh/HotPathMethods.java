package io.ujrpc.benchmarks.jmh;

import io.ujrpc.annotation.JsonRpcMethod;

/**
 * The benchmark methods as the ujrpc peer declares them: all run on the I/O thread.
 */
public class HotPathMethods {

	@JsonRpcMethod(value = "sum", nonBlocking = true)
	public long sum(long a, long b) {
		return a + b;
	}

	@JsonRpcMethod(value = "echo", nonBlocking = true)
	public Object echo(Object x) {
		return x;
	}

	@JsonRpcMethod(value = "echo_doubles", nonBlocking = true)
	public double[] echoDoubles(double[] x) {
		return x;
	}

}
