package io.ujrpc.sample;

import io.ujrpc.annotation.JsonRpcMethod;

import org.springframework.stereotype.Component;

/*
 * Arrays of numbers as payloads, as in the NumPy RPC benchmark.
 */
@Component
class ArrayService {

	/*
	 * Returns its argument unchanged.
	 */
	@JsonRpcMethod(value = "echo", nonBlocking = true, summary = "Returns its array of numbers unchanged")
	double[] echo(double[] values) {
		return values;
	}

	/*
	 * Sums any number of values given by position: {@code [1, 2, 3.5]}.
	 */
	@JsonRpcMethod(value = "total", nonBlocking = true, summary = "Sums any number of values",
			description = "By position: [1, 2, 3.5]; by name: {\"values\": [1, 2, 3.5]}.")
	double total(double... values) {
		double total = 0;
		for (double value : values) {
			total += value;
		}
		return total;
	}

}
