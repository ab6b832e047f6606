package io.ujrpc.spring.test;

import java.util.Map;

import io.ujrpc.annotation.JsonRpcMethod;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Boot's test clients, as a user's {@code @SpringBootTest} gets them, call the
 * ujrpc server on its random port.
 */
@SpringBootTest(classes = BootTestClientsTests.TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
@AutoConfigureRestTestClient
@AutoConfigureWebTestClient
class BootTestClientsTests {

	private static final String SUM = "{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1}";

	@Autowired
	private TestRestTemplate restTemplate;

	@Autowired
	private RestTestClient restTestClient;

	@Autowired
	private WebTestClient webTestClient;

	@LocalServerPort
	private int port;

	@Test
	@SuppressWarnings("removal")
	void testRestTemplatePostsToTheServersRandomPort() {
		assertThat(this.restTemplate.getRootUri()).isEqualTo("http://localhost:" + this.port);
		ResponseEntity<Map> response = this.restTemplate.postForEntity("/", json(), Map.class);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(response.getBody()).containsEntry("result", 3);
	}

	@Test
	void restTestClientPostsToTheServersRandomPort() {
		this.restTestClient.post()
			.uri("/")
			.contentType(MediaType.APPLICATION_JSON)
			.body(SUM)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.result")
			.isEqualTo(3);
	}

	@Test
	void webTestClientPostsToTheServersRandomPort() {
		this.webTestClient.post()
			.uri("/")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(SUM)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.result")
			.isEqualTo(3);
	}

	@Test
	void restTestClientSeesPlainStatuses() {
		this.restTestClient.get().uri("/nowhere").exchange().expectStatus().isNotFound();
	}

	private static org.springframework.http.HttpEntity<String> json() {
		org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		return new org.springframework.http.HttpEntity<>(SUM, headers);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

		@Bean
		Calculator calculator() {
			return new Calculator();
		}

	}

	static class Calculator {

		@JsonRpcMethod(nonBlocking = true)
		long sum(long a, long b) {
			return a + b;
		}

	}

}
