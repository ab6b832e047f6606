package io.ujrpc.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boot's {@code spring.netty.leak-detection}, which the starter brings with Boot's own
 * Netty auto-configuration, sets the level of ujrpc's server's buffers.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.netty.leak-detection=advanced")
class SampleNettyLeakDetectionTests {

	private static ResourceLeakDetector.Level before;

	@LocalServerPort
	private int port;

	@BeforeAll
	static void rememberLevel() {
		before = ResourceLeakDetector.getLevel();
	}

	@AfterAll
	static void restoreLevel() {
		// The level is the JVM's: the other test classes run with the build's (paranoid).
		ResourceLeakDetector.setLevel(before);
	}

	@Test
	void bootsPropertySetsTheLevelOfTheServersBuffers() throws Exception {
		assertThat(before).isNotEqualTo(ResourceLeakDetector.Level.ADVANCED);
		assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.ADVANCED);
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/"))
				.header("content-type", "application/json")
				.POST(HttpRequest.BodyPublishers
					.ofString("{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.body()).contains("\"result\":3");
	}

}
