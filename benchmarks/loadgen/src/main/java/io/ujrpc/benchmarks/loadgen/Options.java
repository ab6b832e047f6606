package io.ujrpc.benchmarks.loadgen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of a load run.
 */
final class Options {

	static final String USAGE = """
			usage: loadgen [run] --url URL [options]
			  --url URL             http://host:port/path or tcp://host:port (newline-delimited JSON)
			  -c, --connections N   connections (default 16)
			  -R, --rate N          total requests per second, open loop with latency measured from the
			                        intended send time (coordinated omission corrected); 0 or absent: closed
			                        loop at maximum throughput
			  -d, --duration T      measured time, e.g. 10s, 500ms, 1m (default 10s)
			  -w, --warmup T        unmeasured time before it (default 2s)
			  -b, --body JSON|@FILE request body (default: sum(1, 2))
			  -p, --pipeline N      requests in flight per connection (default 1); in a closed loop they are
			                        written together and the next batch follows the last response
			  --new-connection      open a connection per request (pipeline 1, HTTP adds Connection: close)
			  -t, --threads N       event loop threads (default 1)
			  --transport epoll|nio socket transport of the generator (default epoll when available)
			  --drain T             wait for late responses after the run (default 2s); then they time out
			  -l, --label K=V       copied into the result line (repeatable), e.g. -l peer=tomcat -l scenario=sum
			  -o, --out FILE        also append the result line to FILE
			usage: loadgen connect --url URL [-n 100] [--warmup-count 100] [-b BODY] [-l K=V...]
			       sequential connect + one call + close, timed per set-up
			usage: loadgen idle --url URL --pid PID [-c 10000] [--settle 2s] [--timeout 30s] [--jcmd PATH] [-l K=V...]
			       open idle keep-alive connections, report the server's RSS growth per connection
			usage: loadgen report --in FILE [--in FILE...] [--out-dir DIR] [--title TEXT] [--meta K=V...]
			       [--targets FILE] [--jmh FILE] [--note TEXT]
			""";

	URI url;

	int connections = 16;

	long rate;

	Duration duration = Duration.ofSeconds(10);

	Duration warmup = Duration.ofSeconds(2);

	byte[] body = "{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1}".getBytes(StandardCharsets.UTF_8);

	int pipeline = 1;

	boolean newConnection;

	int threads = 1;

	String transport;

	Duration drain = Duration.ofSeconds(2);

	final Map<String, String> labels = new LinkedHashMap<>();

	Path out;

	static Options parse(String[] args) {
		Options options = new Options();
		List<String> rest = new ArrayList<>(List.of(args));
		while (!rest.isEmpty()) {
			String name = rest.remove(0);
			if (name.equals("--new-connection")) {
				options.newConnection = true;
				continue;
			}
			if (rest.isEmpty()) {
				throw new IllegalArgumentException(name + ": missing value");
			}
			String value = rest.remove(0);
			switch (name) {
				case "--url" -> options.url = URI.create(value);
				case "-c", "--connections" -> options.connections = positive(name, value);
				case "-R", "--rate" -> options.rate = Long.parseLong(value);
				case "-d", "--duration" -> options.duration = duration(value);
				case "-w", "--warmup" -> options.warmup = duration(value);
				case "-b", "--body" -> options.body = body(value);
				case "-p", "--pipeline" -> options.pipeline = positive(name, value);
				case "-t", "--threads" -> options.threads = positive(name, value);
				case "--transport" -> options.transport = value;
				case "--drain" -> options.drain = duration(value);
				case "-l", "--label" -> {
					int equals = value.indexOf('=');
					if (equals <= 0) {
						throw new IllegalArgumentException(name + ": " + value + " (expected: KEY=VALUE)");
					}
					options.labels.put(value.substring(0, equals), value.substring(equals + 1));
				}
				case "-o", "--out" -> options.out = Path.of(value);
				default -> throw new IllegalArgumentException("unknown option " + name);
			}
		}
		if (options.url == null) {
			throw new IllegalArgumentException("--url: missing (expected: http://host:port/ or tcp://host:port)");
		}
		if (options.rate < 0) {
			throw new IllegalArgumentException("--rate: " + options.rate + " (expected: >= 0)");
		}
		if (options.newConnection && options.pipeline != 1) {
			throw new IllegalArgumentException(
					"--pipeline: " + options.pipeline + " (expected: 1 with --new-connection)");
		}
		return options;
	}

	private static int positive(String name, String value) {
		int number = Integer.parseInt(value);
		if (number <= 0) {
			throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
		}
		return number;
	}

	static Duration duration(String value) {
		if (value.endsWith("ms")) {
			return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
		}
		if (value.endsWith("s")) {
			return Duration.ofMillis((long) (Double.parseDouble(value.substring(0, value.length() - 1)) * 1000));
		}
		if (value.endsWith("m")) {
			return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)) * 60);
		}
		return Duration.ofMillis((long) (Double.parseDouble(value) * 1000));
	}

	private static byte[] body(String value) {
		if (!value.startsWith("@")) {
			return value.getBytes(StandardCharsets.UTF_8);
		}
		try {
			return Files.readAllBytes(Path.of(value.substring(1)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("--body: cannot read " + value.substring(1), ex);
		}
	}

}
