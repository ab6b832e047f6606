package io.ujrpc.server.websocket;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Wraps the JDK's WebSocket client: collects whole text messages, pongs and the close
 * status, each with a bounded wait.
 */
final class WebSocketTestClient implements WebSocket.Listener {

	private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();

	private final BlockingQueue<ByteBuffer> pongs = new LinkedBlockingQueue<>();

	private final CompletableFuture<Integer> closeStatus = new CompletableFuture<>();

	private final StringBuilder partial = new StringBuilder();

	private WebSocket webSocket;

	static WebSocketTestClient connect(HttpClient client, URI uri, String origin) {
		WebSocketTestClient listener = new WebSocketTestClient();
		WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
		if (origin != null) {
			builder.header("Origin", origin);
		}
		listener.webSocket = builder.buildAsync(uri, listener).orTimeout(10, TimeUnit.SECONDS).join();
		return listener;
	}

	WebSocket webSocket() {
		return this.webSocket;
	}

	WebSocketTestClient send(String text) {
		this.webSocket.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
		return this;
	}

	String nextMessage() throws InterruptedException {
		String message = this.messages.poll(10, TimeUnit.SECONDS);
		if (message == null) {
			throw new AssertionError("No message within 10 s");
		}
		return message;
	}

	String pollMessage(Duration timeout) throws InterruptedException {
		return this.messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	ByteBuffer nextPong() throws InterruptedException {
		return this.pongs.poll(10, TimeUnit.SECONDS);
	}

	int closeStatus() {
		return this.closeStatus.orTimeout(10, TimeUnit.SECONDS).join();
	}

	@Override
	public void onOpen(WebSocket webSocket) {
		webSocket.request(Long.MAX_VALUE);
	}

	@Override
	public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		this.partial.append(data);
		if (last) {
			this.messages.add(this.partial.toString());
			this.partial.setLength(0);
		}
		return null;
	}

	@Override
	public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
		this.pongs.add(message);
		return null;
	}

	@Override
	public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		this.closeStatus.complete(statusCode);
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		this.closeStatus.completeExceptionally(error);
	}

}
