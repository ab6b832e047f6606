package io.ujrpc.benchmarks.loadgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import tools.jackson.databind.node.ObjectNode;

/**
 * Command line entry point: {@code loadgen [run] ...} for a load run,
 * {@code loadgen connect ...} for sequential connection set-ups, {@code loadgen idle ...}
 * for memory per idle connection, {@code loadgen report ...} for the benchmark report.
 */
public final class LoadGen {

	private LoadGen() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
			System.out.print(Options.USAGE);
			return;
		}
		try {
			if (args[0].equals("connect")) {
				ConnectRun.main(Arrays.copyOfRange(args, 1, args.length));
				return;
			}
			if (args[0].equals("idle")) {
				IdleRun.main(Arrays.copyOfRange(args, 1, args.length));
				return;
			}
			if (args[0].equals("report")) {
				Report.main(Arrays.copyOfRange(args, 1, args.length));
				return;
			}
			String[] runArgs = args[0].equals("run") ? Arrays.copyOfRange(args, 1, args.length) : args;
			run(Options.parse(runArgs));
		}
		catch (IllegalArgumentException ex) {
			System.err.println("loadgen: " + ex.getMessage());
			System.err.print(Options.USAGE);
			System.exit(2);
		}
	}

	private static void run(Options options) throws InterruptedException, IOException {
		System.err.printf("loadgen: %s, %d connections, %s, pipeline %d%s, warm-up %s, measuring %s%n", options.url,
				options.connections, (options.rate > 0) ? options.rate + " req/s (open loop)" : "max (closed loop)",
				options.pipeline, options.newConnection ? ", new connection per request" : "",
				options.warmup.toMillis() + "ms", options.duration.toMillis() + "ms");
		ObjectNode result = new LoadRun(options).run();
		String line = result.toString();
		System.out.println(line);
		if (options.out != null) {
			Files.writeString(options.out, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}
	}

}
