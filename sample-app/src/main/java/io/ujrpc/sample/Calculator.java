package io.ujrpc.sample;

import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.annotation.JsonRpcParam;
import io.ujrpc.protocol.JsonRpcException;

import org.springframework.stereotype.Component;

/**
 * Arithmetic over JSON-RPC.
 */
@Component
class Calculator {

	/**
	 * Cheap and non-blocking, so it runs on the I/O thread.
	 */
	@JsonRpcMethod(nonBlocking = true)
	long sum(long a, long b) {
		return a + b;
	}

	/**
	 * Callable by position ({@code [42, 23]}) or by name ({@code {"minuend": 42,
	 * "subtrahend": 23}}).
	 */
	@JsonRpcMethod(value = "subtract", nonBlocking = true)
	int subtract(@JsonRpcParam("minuend") int m, @JsonRpcParam("subtrahend") int s) {
		return m - s;
	}

	/**
	 * A domain error becomes a JSON-RPC error object with the code and data given here.
	 */
	@JsonRpcMethod(value = "divide", nonBlocking = true)
	long divide(long dividend, long divisor) {
		if (divisor == 0) {
			throw new JsonRpcException(1001, "Division by zero", dividend);
		}
		return dividend / divisor;
	}

}
