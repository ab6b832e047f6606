package io.ujrpc.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import io.ujrpc.openrpc.OpenRpcMetaSchema;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample app describes itself: {@code rpc.discover} and {@code /openrpc.json}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleOpenRpcTests {

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Test
	void documentValidatesAgainstTheOpenRpcMetaSchema() throws Exception {
		JsonNode document = discover();
		assertThat(OpenRpcMetaSchema.violations(document)).isEmpty();
		assertThat(document.at("/info/title").stringValue()).isEqualTo("ujrpc-sample");
		assertThat(document.at("/info/version").stringValue()).isEqualTo("0.1.0-SNAPSHOT");
		assertThat(document.at("/servers/0/url").stringValue()).isEqualTo("http://localhost:" + this.port + "/");
	}

	@Test
	void everyMethodIsDescribed() throws Exception {
		List<String> names = new ArrayList<>();
		for (JsonNode method : discover().get("methods")) {
			names.add(method.get("name").stringValue());
			assertThat(method.get("summary")).as("summary of %s", method.get("name")).isNotNull();
		}
		assertThat(names).containsExactly("delayed_echo", "divide", "download", "echo", "fibo_sleep", "sleep",
				"subtract", "sum", "total", "upload");
	}

	@Test
	void sumIsDescribedWithItsParameters() throws Exception {
		JsonNode sum = null;
		for (JsonNode method : discover().get("methods")) {
			if (method.get("name").stringValue().equals("sum")) {
				sum = method;
			}
		}
		assertThat(sum).isNotNull();
		assertThat(sum.get("params")).isEqualTo(this.mapper.readTree("[{\"name\":\"a\",\"description\":"
				+ "\"The first addend\",\"required\":true,\"schema\":{\"type\":\"integer\",\"format\":\"int64\"}},"
				+ "{\"name\":\"b\",\"description\":\"The second addend\",\"required\":true,\"schema\":"
				+ "{\"type\":\"integer\",\"format\":\"int64\"}}]"));
		assertThat(sum.at("/result/schema"))
			.isEqualTo(this.mapper.readTree("{\"type\":\"integer\",\"format\":\"int64\"}"));
	}

	@Test
	void documentIsAlsoServedOverHttp() throws Exception {
		HttpResponse<String> response = this.client.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/openrpc.json")).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(this.mapper.readTree(response.body())).isEqualTo(discover());
	}

	private JsonNode discover() throws Exception {
		HttpResponse<String> response = this.client
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/"))
				.header("content-type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"method\":\"rpc.discover\",\"id\":1}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return this.mapper.readTree(response.body()).get("result");
	}

}
