package io.ujrpc.benchmarks.loadgen;

/**
 * When and how a run sends requests; all times are {@link System#nanoTime()} values.
 *
 * @param start when the first request is due
 * @param measureStart when the warm-up ends; only requests due from here on are measured
 * @param end when sending stops
 * @param connections the number of connections
 * @param depth the most requests in flight on one connection (the pipelining depth)
 * @param intervalNanos the time between two requests on one connection, {@code 0} for a
 * closed loop
 * @param newConnectionPerRequest whether every request opens (and closes) its own
 * connection
 */
record Plan(long start, long measureStart, long end, int connections, int depth, double intervalNanos,
		boolean newConnectionPerRequest) {

	boolean openLoop() {
		return this.intervalNanos > 0;
	}

	boolean measured(long time) {
		return time >= this.measureStart && time < this.end;
	}

}
