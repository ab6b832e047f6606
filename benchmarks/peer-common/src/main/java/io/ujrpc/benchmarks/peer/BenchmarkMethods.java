package io.ujrpc.benchmarks.peer;

import java.util.concurrent.locks.LockSupport;

/**
 * The work behind the benchmark methods, identical for every peer.
 */
public final class BenchmarkMethods {

	/** The largest {@code n} whose Fibonacci number fits in a {@code long}. */
	public static final int MAX_FIBO_N = 92;

	private BenchmarkMethods() {
	}

	/**
	 * Adds two numbers.
	 * @param a the first addend
	 * @param b the second addend
	 * @return {@code a + b}
	 */
	public static long sum(long a, long b) {
		return a + b;
	}

	/**
	 * Computes {@code fibo(n)} the slow, recursive way, then sleeps that many
	 * microseconds: some CPU work followed by some waiting, like a call to a database.
	 * @param n the index, {@code 0..92}
	 * @return {@code fibo(n)}
	 */
	public static long fiboSleep(int n) {
		if (n < 0 || n > MAX_FIBO_N) {
			throw new IllegalArgumentException("n: " + n + " (expected: 0.." + MAX_FIBO_N + ")");
		}
		long fibo = fibo(n);
		sleepMicros(fibo);
		return fibo;
	}

	static long fibo(int n) {
		return (n < 2) ? n : fibo(n - 1) + fibo(n - 2);
	}

	private static void sleepMicros(long micros) {
		// parkNanos may return early (spurious wake-up); sleep until the deadline.
		long deadline = System.nanoTime() + micros * 1000;
		long remaining;
		while ((remaining = deadline - System.nanoTime()) > 0) {
			LockSupport.parkNanos(remaining);
		}
	}

}
