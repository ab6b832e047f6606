package io.ujrpc.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

// A context of its own: a cached context that Spring pauses and resumes does not restart the server
// (JsonRpcWebServer starts once).
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoint.health.probes.enabled=true")
class SampleActuatorTests {

	@LocalServerPort
	private int port;

	private final HttpClient client = HttpClient.newHttpClient();

	@Test
	void prometheusScrapesCallsOnTheApplicationPort() throws Exception {
		this.client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/"))
			.header("content-type", "application/json")
			.POST(HttpRequest.BodyPublishers
				.ofString("{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> scrape = get("/actuator/prometheus");
		assertThat(scrape.statusCode()).isEqualTo(200);
		assertThat(scrape.body())
			.contains("jsonrpc_server_requests_seconds_count{error=\"none\",outcome=\"SUCCESS\","
					+ "rpc_method=\"sum\",rpc_status_code=\"0\",rpc_system=\"jsonrpc\",transport=\"http\"}")
			.contains("jsonrpc_server_listeners{");
	}

	@Test
	void probesAnswer() throws Exception {
		assertThat(get("/actuator/health/liveness").body()).isEqualTo("{\"status\":\"UP\"}");
		assertThat(get("/actuator/health/readiness").body()).isEqualTo("{\"status\":\"UP\"}");
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
