package io.ujrpc.server.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Runs Node.js scripts against the server with npm packages installed under
 * {@code target/}, never committed. Tests are skipped, with the reason printed, only
 * where Node.js is not installed; a failing install fails them.
 */
final class NodeInterop {

	static final Path MODULES_ROOT = Path.of("target", "node-interop");

	private NodeInterop() {
	}

	/**
	 * Skip the calling test when Node.js and npm are absent, and install the packages
	 * once.
	 * @param packages package specs, such as {@code jayson@5.0.0}
	 */
	static synchronized void requireNodeWith(String... packages) throws IOException, InterruptedException {
		if (!runs("node", "--version") || !runs("npm", "--version")) {
			String reason = "Node.js and npm are not installed: skipping the jayson interop tests";
			System.out.println(reason);
			Assumptions.abort(reason);
		}
		List<String> missing = new ArrayList<>();
		for (String spec : packages) {
			String name = spec.substring(0, spec.lastIndexOf('@'));
			if (!Files.isDirectory(MODULES_ROOT.resolve("node_modules").resolve(name))) {
				missing.add(spec);
			}
		}
		if (missing.isEmpty()) {
			return;
		}
		Files.createDirectories(MODULES_ROOT);
		List<String> command = new ArrayList<>(List.of("npm", "install", "--no-audit", "--no-fund", "--no-save",
				"--prefix", MODULES_ROOT.toAbsolutePath().toString()));
		command.addAll(missing);
		Result result = run(command, 300);
		if (result.exitCode != 0) {
			throw new IllegalStateException("npm install " + missing + " failed:\n" + result.output);
		}
	}

	/**
	 * Run a script from {@code src/test/node}.
	 * @param script the file name
	 * @param args its arguments
	 * @return its exit code and output
	 */
	static Result node(String script, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("node", Path.of("src", "test", "node", script).toString()));
		command.addAll(List.of(args));
		return run(command, 90);
	}

	private static boolean runs(String... command) {
		try {
			return run(List.of(command), 30).exitCode == 0;
		}
		catch (IOException | InterruptedException ex) {
			return false;
		}
	}

	private static Result run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().put("NODE_PATH", MODULES_ROOT.resolve("node_modules").toAbsolutePath().toString());
		Path log = Files.createTempFile("node-interop", ".log");
		builder.redirectOutput(log.toFile());
		Process process = builder.start();
		if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException(command + " did not finish within " + timeoutSeconds + " s:\n"
					+ Files.readString(log, StandardCharsets.UTF_8));
		}
		String output = Files.readString(log, StandardCharsets.UTF_8);
		Files.delete(log);
		return new Result(process.exitValue(), output);
	}

	record Result(int exitCode, String output) {

		/**
		 * Return the last line printed, where the scripts put their results.
		 */
		String lastLine() {
			String[] lines = this.output.strip().split("\n");
			return lines[lines.length - 1];
		}

	}

}
