package io.ujrpc.openrpc;

import java.util.List;

import io.ujrpc.annotation.JsonRpcErrorMapping;
import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.annotation.JsonRpcParam;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * A small service for the end-to-end and browser tests.
 */
public class Calculator {

	/**
	 * A range of integers, for a method that takes a record.
	 *
	 * @param from the first
	 * @param to the last
	 */
	public record Range(long from, long to) {

	}

	@JsonRpcErrorMapping(code = 1001, message = "Division by zero")
	static class DivisionByZeroException extends ArithmeticException {

	}

	@JsonRpcMethod(value = "sum", nonBlocking = true, summary = "Adds two integers")
	long sum(@JsonRpcParam(value = "a", description = "The first addend") long a, long b) {
		return a + b;
	}

	@JsonRpcMethod(value = "divide", summary = "Divides, with a declared error")
	long divide(long dividend, @Min(-1000) @Max(1000) long divisor) throws DivisionByZeroException {
		if (divisor == 0) {
			throw new DivisionByZeroException();
		}
		return dividend / divisor;
	}

	@JsonRpcMethod(value = "span", description = "Lists the integers of a range, at most 100")
	List<Long> span(Range range) {
		return java.util.stream.LongStream.rangeClosed(range.from(), Math.min(range.to(), range.from() + 99))
			.boxed()
			.toList();
	}

	@JsonRpcMethod("greet")
	String greet(String name, boolean shout) {
		String greeting = "Hello, " + name;
		return shout ? greeting.toUpperCase(java.util.Locale.ROOT) + "!" : greeting;
	}

}
