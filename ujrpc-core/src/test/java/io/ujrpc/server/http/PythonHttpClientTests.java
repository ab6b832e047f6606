package io.ujrpc.server.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import io.ujrpc.server.JsonRpcServer;
import io.ujrpc.test.TestMethods;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Python's {@code http.client} sends a whole oversized body without {@code Expect} before
 * it reads anything: it gets the 413, not a reset (the lingering close reads and drops
 * the rest of the body). Skipped, with the reason printed, where there is no python3.
 */
class PythonHttpClientTests {

	private static final int MAX_CONTENT_LENGTH = 64 * 1024;

	private static final String CLIENT = """
			import http.client, sys
			connection = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=20)
			body = b"[" + b" " * (8 * 1024 * 1024) + b"]"
			connection.request("POST", "/", body=body, headers={"Content-Type": "application/json"})
			response = connection.getresponse()
			print(response.status, response.getheader("Connection"), response.read().decode().strip())
			""";

	private JsonRpcServer server;

	@BeforeEach
	void start() {
		this.server = JsonRpcServer.builder(TestMethods.registry())
			.port(0)
			.maxContentLength(MAX_CONTENT_LENGTH)
			.build()
			.start();
	}

	@AfterEach
	void stop() {
		this.server.stop();
	}

	@Test
	void oversizedBodySentWithoutExpectGets413() throws Exception {
		Process process;
		try {
			process = new ProcessBuilder("python3", "-c", CLIENT, String.valueOf(this.server.port()))
				.redirectErrorStream(true)
				.start();
		}
		catch (IOException ex) {
			System.out.println("PythonHttpClientTests skipped: python3 cannot be run (" + ex.getMessage() + ")");
			Assumptions.abort("python3 is not installed");
			return;
		}
		boolean exited = process.waitFor(60, TimeUnit.SECONDS);
		if (!exited) {
			process.destroyForcibly();
		}
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
		assertThat(exited).as("python3 exited: %s", output).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		assertThat(output).isEqualTo("413 close Request body is over the limit of " + MAX_CONTENT_LENGTH + " bytes");
	}

}
