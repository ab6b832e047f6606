package io.ujrpc.autoconfigure.actuator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Actuator endpoints over the ujrpc server, as a client (or Kubernetes) sees them.
 */
@SpringBootTest(classes = ActuatorTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=health,info,metrics,prometheus,greeting")
class ActuatorEndpointsEndToEndTests {

	private static final String V3_JSON = "application/vnd.spring-boot.actuator.v3+json";

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

	private final HttpClient client = HttpClient.newHttpClient();

	@Test
	void linksListEveryExposedEndpoint() throws Exception {
		HttpResponse<String> links = get("/actuator", "*/*");
		assertThat(links.statusCode()).isEqualTo(200);
		assertThat(links.headers().firstValue("content-type")).hasValue(V3_JSON);
		String base = "http://localhost:" + this.port + "/actuator";
		assertThat(links.body()).contains("\"self\":{\"href\":\"" + base + "\"")
			.contains("\"health\":{\"href\":\"" + base + "/health\"")
			.contains("\"health-path\":{\"href\":\"" + base + "/health/{*path}\",\"templated\":true}")
			.contains("\"prometheus\":{\"href\":\"" + base + "/prometheus\"")
			.contains("\"greeting-name\":{\"href\":\"" + base + "/greeting/{name}\"")
			.doesNotContain("\"env\"")
			.doesNotContain("\"beans\"");
	}

	@Test
	void healthNegotiatesItsMediaType() throws Exception {
		HttpResponse<String> health = get("/actuator/health", "*/*");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.headers().firstValue("content-type")).hasValue(V3_JSON);
		assertThat(health.body()).isEqualTo("{\"groups\":[\"liveness\",\"readiness\"],\"status\":\"UP\"}");
		HttpResponse<String> json = get("/actuator/health", "application/json");
		assertThat(json.headers().firstValue("content-type")).hasValue("application/json");
		assertThat(get("/actuator/health", "text/plain").statusCode()).isEqualTo(406);
	}

	@Test
	void livenessAndReadinessGroupsServeKubernetesProbes() throws Exception {
		HttpResponse<String> liveness = get("/actuator/health/liveness", "*/*");
		assertThat(liveness.statusCode()).isEqualTo(200);
		assertThat(liveness.body()).isEqualTo("{\"status\":\"UP\"}");
		assertThat(get("/actuator/health/readiness", "*/*").body()).isEqualTo("{\"status\":\"UP\"}");
		AvailabilityChangeEvent.publish(this.context, ReadinessState.REFUSING_TRAFFIC);
		try {
			HttpResponse<String> refusing = get("/actuator/health/readiness", "*/*");
			assertThat(refusing.statusCode()).isEqualTo(503);
			assertThat(refusing.body()).isEqualTo("{\"status\":\"OUT_OF_SERVICE\"}");
			assertThat(get("/actuator/health/liveness", "*/*").statusCode()).isEqualTo(200);
		}
		finally {
			AvailabilityChangeEvent.publish(this.context, ReadinessState.ACCEPTING_TRAFFIC);
		}
		assertThat(get("/actuator/health/no-such-group", "*/*").statusCode()).isEqualTo(404);
	}

	@Test
	void infoAnswers() throws Exception {
		HttpResponse<String> info = get("/actuator/info", "application/json");
		assertThat(info.statusCode()).isEqualTo(200);
		assertThat(info.body()).isEqualTo("{}");
	}

	@Test
	void metricsListNamesAndFilterByTag() throws Exception {
		post("/", "{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1}");
		post("/", "{\"jsonrpc\":\"2.0\",\"method\":\"divide\",\"params\":[1,0],\"id\":2}");
		assertThat(get("/actuator/metrics", "*/*").body()).contains("\"jsonrpc.server.requests\"")
			.contains("\"jsonrpc.server.connections.open\"");
		HttpResponse<String> sum = get(
				"/actuator/metrics/jsonrpc.server.requests?tag=rpc.method:sum&tag=outcome:SUCCESS", "*/*");
		assertThat(sum.statusCode()).isEqualTo(200);
		assertThat(sum.body()).contains("\"name\":\"jsonrpc.server.requests\"")
			.contains("{\"statistic\":\"COUNT\",\"value\":")
			.contains("\"baseUnit\":\"seconds\"")
			.contains("\"tag\":\"rpc.status_code\"");
		HttpResponse<String> none = get("/actuator/metrics/jsonrpc.server.requests?tag=rpc.method:nothing", "*/*");
		assertThat(none.statusCode()).isEqualTo(404);
		assertThat(get("/actuator/metrics/no.such.metric", "*/*").statusCode()).isEqualTo(404);
		assertThat(get("/actuator/metrics/jsonrpc.server.requests?tag=malformed", "*/*").statusCode()).isEqualTo(400);
	}

	@Test
	void userEndpointsAreServedWithSelectorsAndWrites() throws Exception {
		assertThat(get("/actuator/greeting", "*/*").body()).isEqualTo("{\"message\":\"Hello, world\"}");
		assertThat(get("/actuator/greeting/ujrpc", "*/*").body()).isEqualTo("{\"message\":\"Hello, ujrpc\"}");
		HttpResponse<String> write = post("/actuator/greeting", "{\"greeting\":\"Hi\"}");
		assertThat(write.statusCode()).isEqualTo(204);
		try {
			assertThat(get("/actuator/greeting", "*/*").body()).isEqualTo("{\"message\":\"Hi, world\"}");
			assertThat(post("/actuator/greeting", "{\"unexpected\":1}").statusCode()).isEqualTo(400);
		}
		finally {
			post("/actuator/greeting", "{\"greeting\":\"Hello\"}");
		}
	}

	@Test
	void unknownPathsAnswer404AndUnsupportedMethods405() throws Exception {
		assertThat(get("/actuator/nope", "*/*").statusCode()).isEqualTo(404);
		assertThat(get("/actuator/env", "*/*").statusCode()).isEqualTo(404);
		assertThat(get("/actuator/health/liveness/extra/segments", "*/*").statusCode()).isEqualTo(404);
		assertThat(get("/actuatorx", "*/*").statusCode()).isEqualTo(404);
		HttpResponse<String> post = post("/actuator/health", "{}");
		assertThat(post.statusCode()).isEqualTo(405);
		assertThat(post.headers().firstValue("allow")).hasValue("GET");
	}

	@Test
	void jsonRpcKeepsWorkingBesideTheActuator() throws Exception {
		assertThat(get("/actuator/health", "*/*").statusCode()).isEqualTo(200);
		assertThat(post("/", "{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[20,22],\"id\":1}").body())
			.isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":42,\"id\":1}");
	}

	private HttpResponse<String> post(String path, String body) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
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
