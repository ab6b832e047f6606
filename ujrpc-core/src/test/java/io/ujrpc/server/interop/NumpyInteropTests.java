package io.ujrpc.server.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.annotation.RestBody;
import io.ujrpc.annotation.RestMapping;
import io.ujrpc.array.NdArray;
import io.ujrpc.dispatch.MethodRegistry;
import io.ujrpc.server.JsonRpcServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls the server as a NumPy client does, with numpy, msgpack and cbor2 in a Python
 * virtual environment under {@code target/} (or the interpreter named by
 * {@code UJRPC_PYTHON}): JSON lists, base64 buffers, msgpack-numpy's maps, MessagePack
 * bin and CBOR typed arrays of 1, 256 and 8192 doubles. Skipped, with the reason printed,
 * where Python or its packages cannot be had.
 */
class NumpyInteropTests {

	private static final Path VENV = Path.of("target", "python-interop");

	@Test
	void numpyClientGetsItsArraysBackInEveryEncoding() throws Exception {
		String python = python();
		JsonRpcServer server = JsonRpcServer
			.builder(MethodRegistry.builder(JsonMapper.builder().build()).addAnnotated(new Methods()).build())
			.port(0)
			.build()
			.start();
		try {
			Result result = run(List.of(python, Path.of("src", "test", "python", "numpy_interop.py").toString(),
					String.valueOf(server.port())), 120);
			System.out.println(result.output);
			assertThat(result.exitCode).as(result.output).isZero();
			assertThat(result.output).contains("all passed").doesNotContain("FAIL");
		}
		finally {
			server.stop();
		}
	}

	private static String python() throws IOException, InterruptedException {
		String configured = System.getenv("UJRPC_PYTHON");
		if (configured != null && !configured.isBlank()) {
			return configured;
		}
		String venvPython = VENV.resolve("bin").resolve("python").toAbsolutePath().toString();
		if (Files.isExecutable(Path.of(venvPython)) && hasPackages(venvPython)) {
			return venvPython;
		}
		if (run(List.of("python3", "--version"), 30).exitCode != 0) {
			skip("python3 is not installed");
		}
		Result venv = run(List.of("python3", "-m", "venv", VENV.toAbsolutePath().toString()), 120);
		if (venv.exitCode != 0) {
			skip("python3 cannot create a virtual environment: " + venv.output.strip());
		}
		Result pip = run(List.of(venvPython, "-m", "pip", "install", "-q", "--retries", "0", "--timeout", "15", "numpy",
				"msgpack", "cbor2"), 400);
		if (pip.exitCode != 0 || !hasPackages(venvPython)) {
			skip("pip cannot install numpy, msgpack and cbor2 here: " + lastLine(pip.output));
		}
		return venvPython;
	}

	private static boolean hasPackages(String python) throws IOException, InterruptedException {
		return run(List.of(python, "-c", "import numpy, msgpack, cbor2"), 60).exitCode == 0;
	}

	private static void skip(String reason) {
		String message = reason + ": skipping the NumPy interop test";
		System.out.println(message);
		Assumptions.abort(message);
	}

	private static String lastLine(String output) {
		String[] lines = output.strip().split("\n");
		return lines[lines.length - 1];
	}

	private static Result run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
		Path log = Files.createTempFile("python-interop", ".log");
		Process process;
		try {
			process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		}
		catch (IOException ex) {
			Files.delete(log);
			return new Result(-1, ex.getMessage());
		}
		if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			String output = Files.readString(log, StandardCharsets.UTF_8);
			Files.delete(log);
			return new Result(-1, command.get(0) + " did not finish within " + timeoutSeconds + " s: " + output);
		}
		String output = Files.readString(log, StandardCharsets.UTF_8);
		Files.delete(log);
		return new Result(process.exitValue(), output);
	}

	private record Result(int exitCode, String output) {
	}

	static class Methods {

		@JsonRpcMethod("echo")
		public double[] echo(double[] values) {
			return values;
		}

		@JsonRpcMethod("echoArray")
		public NdArray echoArray(NdArray array) {
			return array;
		}

		@JsonRpcMethod("echoAny")
		public Object echoAny(Object value) {
			return value;
		}

		@JsonRpcMethod("echoBody")
		@RestMapping(method = "POST", path = "/array")
		public NdArray echoBody(@RestBody NdArray array) {
			return array;
		}

	}

}
