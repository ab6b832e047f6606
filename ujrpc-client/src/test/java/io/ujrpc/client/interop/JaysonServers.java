package io.ujrpc.client.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * jayson's HTTP, TCP and WebSocket servers in a Node.js process, with jayson installed by
 * npm under {@code target/}, never committed. Tests are skipped, with the reason printed,
 * only where Node.js or npm is absent; a failing install fails them.
 */
final class JaysonServers implements AutoCloseable {

	static final String JAYSON = "jayson@5.0.0";

	static final String WS = "ws@7.5.10";

	private static final Path MODULES_ROOT = Path.of("target", "node-interop");

	private final Process process;

	private final int httpPort;

	private final int tcpPort;

	private final int webSocketPort;

	private JaysonServers(Process process, JsonNode ports) {
		this.process = process;
		this.httpPort = ports.get("http").asInt();
		this.tcpPort = ports.get("tcp").asInt();
		this.webSocketPort = ports.get("ws").asInt();
	}

	/**
	 * Skip the calling test when Node.js and npm are absent, install jayson once, and
	 * start the servers.
	 */
	static JaysonServers start() throws IOException, InterruptedException {
		install();
		ProcessBuilder builder = new ProcessBuilder("node",
				Path.of("src", "test", "node", "jayson-servers.js").toString())
			.redirectError(ProcessBuilder.Redirect.INHERIT);
		builder.environment().put("NODE_PATH", MODULES_ROOT.resolve("node_modules").toAbsolutePath().toString());
		Process process = builder.start();
		CompletableFuture<String> firstLine = CompletableFuture.supplyAsync(() -> {
			try {
				return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
					.readLine();
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		String line;
		try {
			line = firstLine.get(60, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			process.destroyForcibly();
			throw new IllegalStateException("jayson's servers did not start within 60 s", ex);
		}
		if (line == null) {
			process.destroyForcibly();
			throw new IllegalStateException("jayson's servers exited without listening");
		}
		return new JaysonServers(process, JsonMapper.builder().build().readTree(line));
	}

	private static synchronized void install() throws IOException, InterruptedException {
		if (!runs("node", "--version") || !runs("npm", "--version")) {
			String reason = "Node.js and npm are not installed: skipping the jayson server interop tests";
			System.out.println(reason);
			Assumptions.abort(reason);
		}
		if (Files.isDirectory(MODULES_ROOT.resolve("node_modules").resolve("jayson"))
				&& Files.isDirectory(MODULES_ROOT.resolve("node_modules").resolve("ws"))) {
			return;
		}
		Files.createDirectories(MODULES_ROOT);
		List<String> command = new ArrayList<>(List.of("npm", "install", "--no-audit", "--no-fund", "--no-save",
				"--prefix", MODULES_ROOT.toAbsolutePath().toString(), JAYSON, WS));
		Path log = Files.createTempFile("npm-install", ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		if (!process.waitFor(300, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("npm install did not finish within 300 s:\n" + Files.readString(log));
		}
		if (process.exitValue() != 0) {
			throw new IllegalStateException("npm install " + JAYSON + " " + WS + " failed:\n" + Files.readString(log));
		}
		Files.delete(log);
	}

	private static boolean runs(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return false;
			}
			return process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	int httpPort() {
		return this.httpPort;
	}

	int tcpPort() {
		return this.tcpPort;
	}

	int webSocketPort() {
		return this.webSocketPort;
	}

	@Override
	public void close() throws Exception {
		this.process.getOutputStream().close();
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

}
