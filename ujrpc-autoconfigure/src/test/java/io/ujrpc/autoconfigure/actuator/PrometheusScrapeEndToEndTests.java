package io.ujrpc.autoconfigure.actuator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.annotation.DirtiesContext.MethodMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls JSON-RPC methods over the wire, then scrapes {@code /actuator/prometheus} like
 * Prometheus does and checks the exact series.
 */
@SpringBootTest(classes = ActuatorTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=prometheus", "spring.application.name=scrape" })
class PrometheusScrapeEndToEndTests {

	private static final String REQUESTS = "jsonrpc_server_requests_seconds_count{";

	@LocalServerPort
	private int port;

	private final HttpClient client = HttpClient.newHttpClient();

	@Test
	@DirtiesContext(methodMode = MethodMode.BEFORE_METHOD)
	void callsShowUpInTheScrapeWithTheirExactSeriesAndTags() throws Exception {
		assertThat(post("{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1}").body())
			.isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}");
		assertThat(post("{\"jsonrpc\":\"2.0\",\"method\":\"divide\",\"params\":[1,0],\"id\":2}").body())
			.contains("\"code\":1001");
		assertThat(post("{\"jsonrpc\":\"2.0\",\"method\":\"crash\",\"id\":3}").body()).contains("\"code\":-32603");
		assertThat(post("{\"jsonrpc\":\"2.0\",\"method\":\"no.such.method\",\"id\":4}").body())
			.contains("\"code\":-32601");
		assertThat(post("[{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":5},"
				+ "{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[3,4],\"id\":6},"
				+ "{\"jsonrpc\":\"2.0\",\"method\":\"another.unknown\",\"id\":7}]")
			.body()).contains("\"result\":3").contains("\"result\":7").contains("\"code\":-32601");
		HttpResponse<String> notification = post("{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[5,5]}");
		assertThat(notification.statusCode()).isEqualTo(204);

		HttpResponse<String> scrape = get("/actuator/prometheus", "text/plain");
		assertThat(scrape.statusCode()).isEqualTo(200);
		assertThat(scrape.headers().firstValue("content-type")).hasValue("text/plain;version=0.0.4;charset=utf-8");
		List<String> lines = Arrays.asList(scrape.body().split("\n"));
		assertThat(lines.stream().filter((line) -> line.startsWith(REQUESTS))).containsExactlyInAnyOrder(
				REQUESTS + "error=\"IllegalStateException\",outcome=\"SERVER_ERROR\",rpc_method=\"crash\","
						+ "rpc_status_code=\"-32603\",rpc_system=\"jsonrpc\",transport=\"http\"} 1",
				REQUESTS + "error=\"JsonRpcException\",outcome=\"CLIENT_ERROR\",rpc_method=\"divide\","
						+ "rpc_status_code=\"1001\",rpc_system=\"jsonrpc\",transport=\"http\"} 1",
				REQUESTS + "error=\"none\",outcome=\"CLIENT_ERROR\",rpc_method=\"_OTHER\","
						+ "rpc_status_code=\"-32601\",rpc_system=\"jsonrpc\",transport=\"http\"} 2",
				REQUESTS + "error=\"none\",outcome=\"SUCCESS\",rpc_method=\"sum\","
						+ "rpc_status_code=\"0\",rpc_system=\"jsonrpc\",transport=\"http\"} 4");
		assertThat(lines).contains("jsonrpc_server_batch_size_count{transport=\"http\"} 1",
				"jsonrpc_server_batch_size_sum{transport=\"http\"} 3.0",
				"jsonrpc_server_requests_in_flight{transport=\"http\"} 0.0",
				"jsonrpc_server_listeners{io_transport=\"io_uring\",transport=\"http\"} 1.0",
				"jsonrpc_server_requests_active_seconds_count{outcome=\"UNKNOWN\",rpc_method=\"sum\","
						+ "rpc_status_code=\"UNKNOWN\",rpc_system=\"jsonrpc\",transport=\"http\"} 0");
		assertThat(value(lines, "jsonrpc_server_connections_accepted_total{transport=\"http\"}")).isPositive();
		assertThat(value(lines, "jsonrpc_server_connections_open{transport=\"http\"}")).isPositive();
		assertThat(value(lines, "jsonrpc_server_received_bytes_total{transport=\"http\"}")).isGreaterThan(700);
		assertThat(value(lines, "jsonrpc_server_sent_bytes_total{transport=\"http\"}")).isGreaterThan(500);
		assertThat(lines).noneMatch((line) -> line.contains("no.such.method") || line.contains("another.unknown"));
	}

	@Test
	void openMetricsIsChosenByTheAcceptHeader() throws Exception {
		post("{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1}");
		HttpResponse<String> scrape = get("/actuator/prometheus",
				"application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
		assertThat(scrape.statusCode()).isEqualTo(200);
		assertThat(scrape.headers().firstValue("content-type"))
			.hasValue("application/openmetrics-text;version=1.0.0;charset=utf-8");
		assertThat(scrape.body()).contains("# TYPE jsonrpc_server_requests_seconds summary")
			.contains("jsonrpc_server_requests_seconds_count{")
			.endsWith("# EOF\n");
	}

	@Test
	void scrapeRefusesMediaTypesItCannotProduceAndJsonRpcKeepsWorking() throws Exception {
		assertThat(get("/actuator/prometheus", "application/json").statusCode()).isEqualTo(406);
		assertThat(post("{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[2,2],\"id\":9}").body())
			.isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":4,\"id\":9}");
	}

	private static double value(List<String> lines, String series) {
		return lines.stream()
			.filter((line) -> line.startsWith(series + " "))
			.map((line) -> Double.parseDouble(line.substring(series.length() + 1)))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No series " + series));
	}

	private HttpResponse<String> post(String body) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/"))
			.header("content-type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(String path, String accept) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("accept", accept)
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
