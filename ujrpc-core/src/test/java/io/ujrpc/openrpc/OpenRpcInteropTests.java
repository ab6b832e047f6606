package io.ujrpc.openrpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.ujrpc.dispatch.MethodRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An independent OpenRPC implementation accepts the documents: the OpenRPC project's own
 * {@code @open-rpc/schema-utils-js} validates them against its meta-schema and parses
 * them, dereferencing every {@code $ref}. Needs node and npm (and the npm registry for
 * the first install); skipped, with the reason printed, without them.
 */
class OpenRpcInteropTests {

	private static final Path WORK = Path.of("target", "openrpc-interop");

	private static final long INSTALL_MINUTES = 5;

	private final JsonMapper mapper = JsonMapper.builder().build();

	@Test
	void schemaUtilsValidatesAndParsesTheDocuments() throws Exception {
		prepare();
		write("shapes.json", new Shapes());
		write("calculator.json", new Calculator());
		Result validation = run(1, "node", "validate.js", "shapes.json", "calculator.json");
		assertThat(validation.output()).contains("shapes.json: valid, 13 methods parsed")
			.contains("calculator.json: valid, 4 methods parsed");
		assertThat(validation.exitCode()).isZero();
	}

	@Test
	void schemaUtilsRejectsABrokenDocument() throws Exception {
		prepare();
		Files.writeString(WORK.resolve("broken.json"),
				"{\"openrpc\":\"1.3.2\",\"info\":{\"title\":\"x\"},\"methods\":[{\"name\":\"a\",\"params\":[]}]}");
		Result validation = run(1, "node", "validate.js", "broken.json");
		assertThat(validation.output()).contains("broken.json: invalid");
		assertThat(validation.exitCode()).isEqualTo(1);
	}

	/**
	 * Skip without node and npm; install the tool once per build directory.
	 */
	private static synchronized void prepare() throws IOException {
		String missing = !runs("node", "--version") ? "node" : !runs("npm", "--version") ? "npm" : null;
		if (missing != null) {
			System.out.println("OpenRpcInteropTests skipped: " + missing + " is not on the PATH");
		}
		assumeTrue(missing == null, () -> missing + " is not on the PATH");
		Files.createDirectories(WORK);
		copy("package.json");
		copy("validate.js");
		if (!Files.isDirectory(WORK.resolve("node_modules/@open-rpc/schema-utils-js"))) {
			Result install = run(INSTALL_MINUTES, "npm", "install", "--no-audit", "--no-fund", "--no-package-lock",
					"--loglevel=error");
			assertThat(install.exitCode()).as("npm install: %s", install.output()).isZero();
		}
	}

	private void write(String name, Object service) throws IOException {
		OpenRpcDiscovery discovery = OpenRpcDiscovery.builder()
			.title(service.getClass().getSimpleName())
			.version("1.0.0")
			.servers(List.of(new OpenRpcServer("http", "http://localhost:8080/")))
			.build();
		MethodRegistry.builder(this.mapper).discovery(discovery).addAnnotated(service).build();
		Files.writeString(WORK.resolve(name), this.mapper.writeValueAsString(discovery.document()));
	}

	private static void copy(String name) {
		try (InputStream in = OpenRpcInteropTests.class.getResourceAsStream("/openrpc/interop/" + name)) {
			Files.copy(in, WORK.resolve(name), StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static boolean runs(String... command) {
		try {
			return run(1, command).exitCode() == 0;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static Result run(long minutes, String... command) throws IOException {
		List<String> line = new ArrayList<>(List.of(command));
		Path output = Files.createTempFile("openrpc-interop", ".log");
		Process process = new ProcessBuilder(line).directory(WORK.toFile().exists() ? WORK.toFile() : null)
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		process.getOutputStream().close();
		try {
			if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				return new Result(-1, String.join(" ", line) + " timed out after " + minutes + " min");
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
			return new Result(-1, "interrupted");
		}
		String text = Files.readString(output, StandardCharsets.UTF_8);
		Files.delete(output);
		return new Result(process.exitValue(), text);
	}

	private record Result(int exitCode, String output) {

	}

}
