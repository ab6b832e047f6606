package io.ujrpc.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.netty.channel.uring.IoUringServerSocketChannel;
import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.dispatch.MethodRegistry;
import io.ujrpc.server.transport.TransportType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class JsonRpcServerSmokeTests {

	private JsonRpcServer server;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.stop();
		}
	}

	@Test
	void sumOverIoUring() throws Exception {
		MethodRegistry registry = MethodRegistry.builder(JsonMapper.builder().build())
			.addAnnotated(new Calculator())
			.build();
		this.server = JsonRpcServer.builder(registry).port(0).build().start();
		assertThat(this.server.transport()).isEqualTo(TransportType.IO_URING);
		assertThat(this.server.serverChannel()).isInstanceOf(IoUringServerSocketChannel.class);
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.server.port() + "/"))
				.header("content-type", "application/json")
				.POST(HttpRequest.BodyPublishers
					.ofString("{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}");
	}

	static class Calculator {

		@JsonRpcMethod(nonBlocking = true)
		long sum(long a, long b) {
			return a + b;
		}

	}

}
