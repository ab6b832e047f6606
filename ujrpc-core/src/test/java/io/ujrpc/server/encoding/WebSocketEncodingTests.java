package io.ujrpc.server.encoding;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.dispatch.MethodRegistry;
import io.ujrpc.server.JsonRpcServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.cbor.CBORMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binary frames in CBOR or MessagePack over WebSocket, chosen by subprotocol; text frames
 * stay JSON.
 */
class WebSocketEncodingTests {

	private JsonRpcServer server;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.stop();
		}
	}

	@Test
	void messagePackSubprotocolAnswersBinaryFramesInMessagePackAndTextInJson() throws Exception {
		Client client = connect("jsonrpc-msgpack");
		assertThat(client.socket.getSubprotocol()).isEqualTo("jsonrpc-msgpack");
		MessageBufferPacker packer = MessagePack.newDefaultBufferPacker();
		packer.packMapHeader(4);
		packer.packString("jsonrpc").packString("2.0").packString("method").packString("sum");
		packer.packString("params").packArrayHeader(2).packInt(20).packInt(22);
		packer.packString("id").packInt(9);
		client.socket.sendBinary(ByteBuffer.wrap(packer.toByteArray()), true).get(10, TimeUnit.SECONDS);
		Object reply = client.next();
		assertThat(reply).isInstanceOf(byte[].class);
		Map<Value, Value> map = MessagePack.newDefaultUnpacker((byte[]) reply).unpackValue().asMapValue().map();
		assertThat(map.get(ValueFactory.newString("result")).asIntegerValue().asInt()).isEqualTo(42);
		client.socket.sendText("{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1}", true)
			.get(10, TimeUnit.SECONDS);
		assertThat(client.next()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}");
	}

	@Test
	void cborSubprotocolAnswersBinaryFramesInCbor() throws Exception {
		Client client = connect("jsonrpc-cbor");
		CBORMapper cbor = CBORMapper.builder().build();
		client.socket.sendBinary(ByteBuffer.wrap(cbor
			.writeValueAsBytes(Map.of("jsonrpc", "2.0", "method", "sum", "params", new int[] { 2, 3 }, "id", 1))), true)
			.get(10, TimeUnit.SECONDS);
		assertThat(cbor.readTree((byte[]) client.next()).get("result").intValue()).isEqualTo(5);
	}

	@Test
	void binaryFramesWithoutASubprotocolAreStillRefused() throws Exception {
		Client client = connect(null);
		client.socket.sendBinary(ByteBuffer.wrap(new byte[] { 1 }), true).get(10, TimeUnit.SECONDS);
		assertThat(client.next()).isEqualTo("close 1003");
	}

	private Client connect(String subprotocol) throws Exception {
		this.server = JsonRpcServer
			.builder(MethodRegistry.builder(JsonMapper.builder().build()).addAnnotated(new Sums()).build())
			.port(0)
			.webSocketPath("/ws")
			.build()
			.start();
		Client client = new Client();
		WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
		if (subprotocol != null) {
			builder.subprotocols(subprotocol);
		}
		client.socket = builder.buildAsync(URI.create("ws://127.0.0.1:" + this.server.port() + "/ws"), client)
			.get(10, TimeUnit.SECONDS);
		return client;
	}

	static class Sums {

		@JsonRpcMethod("sum")
		public long sum(long a, long b) {
			return a + b;
		}

	}

	static final class Client implements WebSocket.Listener {

		private final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();

		private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

		private final StringBuilder text = new StringBuilder();

		WebSocket socket;

		Object next() throws InterruptedException {
			Object message = this.messages.poll(10, TimeUnit.SECONDS);
			assertThat(message).as("a message within 10 s").isNotNull();
			return message;
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.text.append(data);
			if (last) {
				this.messages.add(this.text.toString());
				this.text.setLength(0);
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
			byte[] bytes = new byte[data.remaining()];
			data.get(bytes);
			this.binary.writeBytes(bytes);
			if (last) {
				this.messages.add(this.binary.toByteArray());
				this.binary.reset();
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			this.messages.add("close " + statusCode);
			return null;
		}

	}

}
