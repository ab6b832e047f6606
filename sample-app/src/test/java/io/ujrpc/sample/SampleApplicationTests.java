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

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleApplicationTests {

	@LocalServerPort
	private int port;

	private final HttpClient client = HttpClient.newHttpClient();

	@Test
	void sumAnswersOverHttp() throws Exception {
		assertThat(post("{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1}"))
			.isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}");
	}

	@Test
	void subtractTakesNamedParams() throws Exception {
		assertThat(post(
				"{\"jsonrpc\":\"2.0\",\"method\":\"subtract\",\"params\":{\"subtrahend\":23,\"minuend\":42},\"id\":2}"))
			.isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":19,\"id\":2}");
	}

	@Test
	void domainErrorsKeepTheirCodeAndData() throws Exception {
		assertThat(post("{\"jsonrpc\":\"2.0\",\"method\":\"divide\",\"params\":[7,0],\"id\":3}")).isEqualTo(
				"{\"jsonrpc\":\"2.0\",\"error\":{\"code\":1001,\"message\":\"Division by zero\",\"data\":7},\"id\":3}");
	}

	@Test
	void batchMixesBlockingAsyncAndArrayMethodsInRequestOrder() throws Exception {
		String batch = "[{\"jsonrpc\":\"2.0\",\"method\":\"sleep\",\"params\":[20],\"id\":1},"
				+ "{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[[1.5,2.5]],\"id\":2},"
				+ "{\"jsonrpc\":\"2.0\",\"method\":\"delayed_echo\",\"params\":[\"hi\",5],\"id\":3},"
				+ "{\"jsonrpc\":\"2.0\",\"method\":\"fibo_sleep\",\"params\":[10],\"id\":4},"
				+ "{\"jsonrpc\":\"2.0\",\"method\":\"total\",\"params\":[1,2,3.5],\"id\":5}]";
		assertThat(post(batch)).isEqualTo("[{\"jsonrpc\":\"2.0\",\"result\":\"slept 20 ms\",\"id\":1},"
				+ "{\"jsonrpc\":\"2.0\",\"result\":[1.5,2.5],\"id\":2},{\"jsonrpc\":\"2.0\",\"result\":\"hi\",\"id\":3},"
				+ "{\"jsonrpc\":\"2.0\",\"result\":55,\"id\":4},{\"jsonrpc\":\"2.0\",\"result\":6.5,\"id\":5}]");
	}

	private String post(String body) throws Exception {
		HttpResponse<String> response = this.client
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/"))
				.header("content-type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

}
