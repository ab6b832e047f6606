package io.ujrpc.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.ujrpc.dispatch.MethodRegistry;
import io.ujrpc.server.JsonRpcServer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An independent client calls the REST routes: Python's {@code requests} (or its standard
 * {@code urllib} where requests is not installed), through each route form, a problem
 * body, a streamed upload and a streamed download. Skipped, with the reason printed,
 * without python3.
 */
class RestPythonInteropTests {

	@Test
	void pythonClientCallsEveryRouteForm() throws Exception {
		assumeTrue(runs("python3", "--version"), () -> {
			System.out.println("RestPythonInteropTests skipped: python3 is not on the PATH");
			return "python3 is not on the PATH";
		});
		Path script = Files.createTempFile("rest_client", ".py");
		try (InputStream in = getClass().getResourceAsStream("/rest/interop/rest_client.py")) {
			Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
		}
		MethodRegistry registry = MethodRegistry.builder(JsonMapper.builder().build())
			.addAnnotated(new RestMethods())
			.build();
		JsonRpcServer server = JsonRpcServer.builder(registry).port(0).build().start();
		try {
			Path output = Files.createTempFile("rest_client", ".log");
			Process process = new ProcessBuilder(
					List.of("python3", script.toString(), "http://127.0.0.1:" + server.port()))
				.redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.start();
			process.getOutputStream().close();
			boolean exited = process.waitFor(1, TimeUnit.MINUTES);
			if (!exited) {
				process.destroyForcibly();
			}
			String text = Files.readString(output, StandardCharsets.UTF_8);
			Files.delete(output);
			assertThat(exited).as(text).isTrue();
			assertThat(text).contains("ok get-query", "ok get-repeated", "ok post-object", "ok post-array",
					"ok path-variable", "ok rest-body", "ok problem", "ok upload", "ok download", "done");
			assertThat(process.exitValue()).as(text).isZero();
		}
		finally {
			server.stop();
			Files.delete(script);
		}
	}

	private static boolean runs(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			process.getInputStream().readAllBytes();
			return process.waitFor(1, TimeUnit.MINUTES) && process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
