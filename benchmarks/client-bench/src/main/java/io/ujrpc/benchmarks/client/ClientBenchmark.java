package io.ujrpc.benchmarks.client;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.googlecode.jsonrpc4j.JsonRpcHttpClient;
import io.ujrpc.client.JsonRpcClient;
import org.HdrHistogram.Histogram;

/**
 * Calls per second and latency percentiles of the ujrpc client over HTTP, WebSocket and
 * raw TCP, beside jsonrpc4j's {@code JsonRpcHttpClient}, all calling the same ujrpc
 * server's {@code sum}.
 * <p>
 * Each round runs every target in every mode, warm-up first, so that the ratios of a
 * round come from the same conditions. Arguments: HTTP port, TCP port, warm-up seconds,
 * measured seconds, rounds, threads, async window.
 */
public final class ClientBenchmark {

	private ClientBenchmark() {
	}

	/** One way of calling {@code sum}, blocking. */
	@FunctionalInterface
	interface Caller {

		long sum(long a, long b) throws Throwable;

	}

	record Result(String target, String mode, double callsPerSecond, double p50Micros, double p99Micros) {
	}

	public static void main(String[] args) throws Throwable {
		int port = Integer.parseInt(args[0]);
		int tcpPort = Integer.parseInt(args[1]);
		Duration warmUp = Duration.ofSeconds(Long.parseLong(args[2]));
		Duration measured = Duration.ofSeconds(Long.parseLong(args[3]));
		int rounds = Integer.parseInt(args[4]);
		int threads = Integer.parseInt(args[5]);
		int window = Integer.parseInt(args[6]);
		Map<String, URI> ujrpc = new LinkedHashMap<>();
		ujrpc.put("ujrpc-client http", URI.create("http://127.0.0.1:" + port + "/"));
		ujrpc.put("ujrpc-client ws", URI.create("ws://127.0.0.1:" + port + "/ws"));
		ujrpc.put("ujrpc-client tcp", URI.create("tcp://127.0.0.1:" + tcpPort));
		// A discarded round first: on one pinned core the JIT competes with the
		// benchmark, and whichever client ran first would pay for it.
		System.out.println("warm-up round (discarded)");
		print(round(ujrpc, port, warmUp, warmUp, threads, window));
		List<List<Result>> all = new ArrayList<>();
		for (int round = 1; round <= rounds; round++) {
			List<Result> results = round(ujrpc, port, warmUp, measured, threads, window);
			System.out.println("round " + round);
			print(results);
			all.add(results);
		}
		System.out.println("median of " + rounds + " rounds (ratio: median of the rounds' ratios)");
		printMedian(all);
	}

	private static List<Result> round(Map<String, URI> ujrpc, int port, Duration warmUp, Duration measured, int threads,
			int window) throws Exception {
		List<Result> results = new ArrayList<>();
		for (Map.Entry<String, URI> target : ujrpc.entrySet()) {
			try (JsonRpcClient client = JsonRpcClient.builder(target.getValue())
				.maxConnections(threads)
				.timeout(Duration.ofSeconds(30))
				.build()) {
				Caller caller = (a, b) -> client.call("sum", List.of(a, b), Long.class);
				results.add(blocking(target.getKey(), "1 thread", caller, 1, warmUp, measured));
				results.add(blocking(target.getKey(), threads + " threads", caller, threads, warmUp, measured));
				results
					.add(async(target.getKey(), "async, " + window + " in flight", client, window, warmUp, measured));
			}
		}
		JsonRpcHttpClient jsonrpc4j = new JsonRpcHttpClient(new ObjectMapper(),
				new URL("http://127.0.0.1:" + port + "/"), Map.of());
		Caller caller = (a, b) -> jsonrpc4j.invoke("sum", new Object[] { a, b }, Long.class);
		results.add(blocking("jsonrpc4j JsonRpcHttpClient", "1 thread", caller, 1, warmUp, measured));
		results.add(blocking("jsonrpc4j JsonRpcHttpClient", threads + " threads", caller, threads, warmUp, measured));
		return results;
	}

	private static void printMedian(List<List<Result>> rounds) {
		System.out.println("| client | mode | calls/s | p50 (us) | p99 (us) | calls/s vs jsonrpc4j |");
		System.out.println("|---|---|---:|---:|---:|---:|");
		for (int i = 0; i < rounds.get(0).size(); i++) {
			Result first = rounds.get(0).get(i);
			List<Double> rates = new ArrayList<>();
			List<Double> p50 = new ArrayList<>();
			List<Double> p99 = new ArrayList<>();
			List<Double> ratios = new ArrayList<>();
			for (List<Result> round : rounds) {
				Result result = round.get(i);
				rates.add(result.callsPerSecond());
				p50.add(result.p50Micros());
				p99.add(result.p99Micros());
				for (Result peer : round) {
					if (peer.target().startsWith("jsonrpc4j") && peer.mode().equals(result.mode())
							&& !result.target().startsWith("jsonrpc4j")) {
						ratios.add(result.callsPerSecond() / peer.callsPerSecond());
					}
				}
			}
			String ratio = ratios.isEmpty() ? "" : String.format(Locale.ROOT, "%.2fx", median(ratios));
			System.out.println(String.format(Locale.ROOT, "| %s | %s | %.0f | %.0f | %.0f | %s |", first.target(),
					first.mode(), median(rates), median(p50), median(p99), ratio));
		}
		System.out.flush();
	}

	private static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(null);
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	private static void print(List<Result> results) {
		Map<String, Result> jsonrpc4j = new LinkedHashMap<>();
		for (Result result : results) {
			if (result.target().startsWith("jsonrpc4j")) {
				jsonrpc4j.put(result.mode(), result);
			}
		}
		System.out.println("| client | mode | calls/s | p50 (us) | p99 (us) | calls/s vs jsonrpc4j |");
		System.out.println("|---|---|---:|---:|---:|---:|");
		for (Result result : results) {
			Result peer = jsonrpc4j.get(result.mode());
			String ratio = (peer != null && !result.target().startsWith("jsonrpc4j"))
					? String.format(Locale.ROOT, "%.2fx", result.callsPerSecond() / peer.callsPerSecond()) : "";
			System.out.println(String.format(Locale.ROOT, "| %s | %s | %.0f | %.0f | %.0f | %s |", result.target(),
					result.mode(), result.callsPerSecond(), result.p50Micros(), result.p99Micros(), ratio));
		}
		System.out.flush();
	}

	private static Result blocking(String target, String mode, Caller caller, int threads, Duration warmUp,
			Duration measured) throws Exception {
		run(caller, threads, warmUp, new Histogram[threads]);
		Histogram[] histograms = new Histogram[threads];
		long start = System.nanoTime();
		long calls = run(caller, threads, measured, histograms);
		double seconds = (System.nanoTime() - start) / 1e9;
		Histogram merged = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
		for (Histogram histogram : histograms) {
			merged.add(histogram);
		}
		return result(target, mode, calls / seconds, merged);
	}

	private static long run(Caller caller, int threads, Duration duration, Histogram[] histograms) throws Exception {
		long deadline = System.nanoTime() + duration.toNanos();
		long[] counts = new long[threads];
		Thread[] workers = new Thread[threads];
		Throwable[] failures = new Throwable[threads];
		for (int t = 0; t < threads; t++) {
			int index = t;
			histograms[index] = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
			workers[t] = new Thread(() -> {
				long i = 0;
				try {
					while (System.nanoTime() < deadline) {
						long before = System.nanoTime();
						long sum = caller.sum(i, 1);
						histograms[index].recordValue(System.nanoTime() - before);
						if (sum != i + 1) {
							throw new IllegalStateException("sum(" + i + ", 1) = " + sum);
						}
						i++;
					}
				}
				catch (Throwable ex) {
					failures[index] = ex;
				}
				counts[index] = i;
			}, "bench-" + t);
			workers[t].start();
		}
		long total = 0;
		for (int t = 0; t < threads; t++) {
			workers[t].join();
			if (failures[t] != null) {
				throw new IllegalStateException("Benchmark thread failed", failures[t]);
			}
			total += counts[t];
		}
		return total;
	}

	private static Result async(String target, String mode, JsonRpcClient client, int window, Duration warmUp,
			Duration measured) throws Exception {
		runAsync(client, window, warmUp, new Histogram(TimeUnit.SECONDS.toNanos(30), 3));
		Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
		long start = System.nanoTime();
		long calls = runAsync(client, window, measured, histogram);
		double seconds = (System.nanoTime() - start) / 1e9;
		return result(target, mode, calls / seconds, histogram);
	}

	private static long runAsync(JsonRpcClient client, int window, Duration duration, Histogram histogram)
			throws Exception {
		Semaphore permits = new Semaphore(window);
		long deadline = System.nanoTime() + duration.toNanos();
		long calls = 0;
		CompletableFuture<?>[] failure = new CompletableFuture<?>[1];
		while (System.nanoTime() < deadline) {
			permits.acquire();
			long before = System.nanoTime();
			long expected = calls + 1;
			client.callAsync("sum", List.of(calls, 1), Long.class).whenComplete((sum, ex) -> {
				synchronized (histogram) {
					histogram.recordValue(System.nanoTime() - before);
				}
				if (ex != null || sum != expected) {
					failure[0] = CompletableFuture.failedFuture((ex != null) ? ex : new IllegalStateException());
				}
				permits.release();
			});
			calls++;
		}
		if (!permits.tryAcquire(window, 30, TimeUnit.SECONDS)) {
			throw new IllegalStateException("Calls still in flight after 30 s");
		}
		if (failure[0] != null) {
			failure[0].join();
		}
		return calls;
	}

	private static Result result(String target, String mode, double callsPerSecond, Histogram histogram) {
		return new Result(target, mode, callsPerSecond, histogram.getValueAtPercentile(50) / 1000.0,
				histogram.getValueAtPercentile(99) / 1000.0);
	}

}
