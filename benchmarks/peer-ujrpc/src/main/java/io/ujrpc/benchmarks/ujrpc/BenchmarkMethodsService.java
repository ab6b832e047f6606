package io.ujrpc.benchmarks.ujrpc;

import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.benchmarks.peer.BenchmarkMethods;

import org.springframework.stereotype.Component;

/**
 * The benchmark methods as ujrpc beans: the cheap ones run on the I/O thread, the
 * blocking one on ujrpc's blocking executor. {@code echo} takes and returns any JSON
 * value as a user's {@code Object} parameter does; {@code echo_doubles} is the same echo
 * declared with the type the client sends.
 */
@Component
public class BenchmarkMethodsService {

	@JsonRpcMethod(value = "sum", nonBlocking = true)
	public long sum(long a, long b) {
		return BenchmarkMethods.sum(a, b);
	}

	@JsonRpcMethod(value = "echo", nonBlocking = true)
	public Object echo(Object x) {
		return x;
	}

	@JsonRpcMethod(value = "echo_doubles", nonBlocking = true)
	public double[] echoDoubles(double[] x) {
		return x;
	}

	@JsonRpcMethod("fibo_sleep")
	public long fiboSleep(int n) {
		return BenchmarkMethods.fiboSleep(n);
	}

}
