package io.ujrpc.sample;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample app tested the way a Spring Boot user tests a web app: with Boot's own test
 * clients, bound to the random port.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
@AutoConfigureRestTestClient
@AutoConfigureWebTestClient
class SampleTestClientsTests {

	private static final String SUM = "{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1}";

	@Autowired
	private TestRestTemplate restTemplate;

	@Autowired
	private RestTestClient restTestClient;

	@Autowired
	private WebTestClient webTestClient;

	@Test
	@SuppressWarnings({ "removal", "rawtypes" })
	void testRestTemplateCallsSum() {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		Map response = this.restTemplate.postForObject("/", new HttpEntity<>(SUM, headers), Map.class);
		assertThat(response).containsEntry("result", 3);
	}

	@Test
	void restTestClientCallsSum() {
		this.restTestClient.post()
			.uri("/")
			.contentType(MediaType.APPLICATION_JSON)
			.body(SUM)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.json("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}");
	}

	@Test
	void webTestClientReadsTheOpenRpcDocument() {
		this.webTestClient.get()
			.uri("/openrpc.json")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.methods[?(@.name == 'sum')]")
			.exists();
	}

}
