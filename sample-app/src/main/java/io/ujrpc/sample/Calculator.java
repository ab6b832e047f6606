package io.ujrpc.sample;

import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.annotation.JsonRpcParam;
import io.ujrpc.protocol.JsonRpcException;

import org.springframework.stereotype.Component;

/*
 * Arithmetic over JSON-RPC.
 */
@Component
class Calculator {

	/*
	 * Cheap and non-blocking, so it runs on the I/O thread.
	 */
	@JsonRpcMethod(nonBlocking = true, summary = "Adds two integers",
			description = "Runs on the I/O thread: cheap and never blocking.")
	long sum(@JsonRpcParam(value = "a", description = "The first addend") long a,
			@JsonRpcParam(value = "b", description = "The second addend") long b) {
		return a + b;
	}

	/*
	 * Callable by position ({@code [42, 23]}) or by name ({@code {"minuend": 42,
	 * "subtrahend": 23}}).
	 */
	@JsonRpcMethod(value = "subtract", nonBlocking = true, summary = "Subtracts the subtrahend from the minuend",
			description = "Takes its params by position or by name.")
	int subtract(@JsonRpcParam(value = "minuend", description = "What is subtracted from") int m,
			@JsonRpcParam(value = "subtrahend", description = "What is subtracted") int s) {
		return m - s;
	}

	/*
	 * A domain error becomes a JSON-RPC error object with the code and data given here.
	 */
	@JsonRpcMethod(value = "divide", nonBlocking = true, summary = "Divides two integers, rounding toward zero",
			description = "A zero divisor is answered with error 1001 whose data is the dividend.")
	long divide(long dividend, long divisor) {
		if (divisor == 0) {
			throw new JsonRpcException(1001, "Division by zero", dividend);
		}
		return dividend / divisor;
	}

}
