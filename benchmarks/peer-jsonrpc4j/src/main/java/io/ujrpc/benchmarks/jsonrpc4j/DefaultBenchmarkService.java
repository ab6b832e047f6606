package io.ujrpc.benchmarks.jsonrpc4j;

import com.fasterxml.jackson.databind.JsonNode;
import io.ujrpc.benchmarks.peer.BenchmarkMethods;

import org.springframework.stereotype.Service;

@Service
class DefaultBenchmarkService implements BenchmarkService {

	@Override
	public long sum(long a, long b) {
		return BenchmarkMethods.sum(a, b);
	}

	@Override
	public JsonNode echo(JsonNode x) {
		return x;
	}

	@Override
	public double[] echoDoubles(double[] x) {
		return x;
	}

	@Override
	public long fiboSleep(int n) {
		return BenchmarkMethods.fiboSleep(n);
	}

}
