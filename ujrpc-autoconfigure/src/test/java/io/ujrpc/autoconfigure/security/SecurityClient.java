package io.ujrpc.autoconfigure.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls the server over HTTP and WebSocket with an {@code Authorization} header.
 */
final class SecurityClient {

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final int port;

	SecurityClient(int port) {
		this.port = port;
	}

	static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	HttpResponse<String> call(@Nullable String authorization, String method) throws Exception {
		return post(authorization, "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"id\":1}");
	}

	HttpResponse<String> post(@Nullable String authorization, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	HttpResponse<String> get(@Nullable String authorization, String path) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	CompletableFuture<WebSocket> webSocket(@Nullable String authorization, Messages messages) {
		WebSocket.Builder builder = this.client.newWebSocketBuilder();
		if (authorization != null) {
			builder.header("Authorization", authorization);
		}
		return builder.buildAsync(URI.create("ws://127.0.0.1:" + this.port + "/ws"), messages);
	}

	/**
	 * The text messages a WebSocket receives.
	 */
	static final class Messages implements WebSocket.Listener {

		private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();

		private final StringBuilder partial = new StringBuilder();

		@Override
		public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.partial.append(data);
			if (last) {
				this.messages.add(this.partial.toString());
				this.partial.setLength(0);
			}
			webSocket.request(1);
			return null;
		}

		String next() throws InterruptedException {
			String message = this.messages.poll(10, TimeUnit.SECONDS);
			assertThat(message).as("a message within 10 s").isNotNull();
			return message;
		}

	}

}
