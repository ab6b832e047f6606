package io.ujrpc.client;

import java.net.URI;
import java.util.List;
import java.util.Map;

import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.array.NdArray;
import io.ujrpc.dispatch.MethodRegistry;
import io.ujrpc.protocol.JsonRpcException;
import io.ujrpc.server.JsonRpcServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The client's CBOR and MessagePack codecs against the server, over HTTP and WebSocket.
 */
class BinaryCodecTests {

	private JsonRpcServer server;

	private JsonRpcClient client;

	@AfterEach
	void stop() {
		if (this.client != null) {
			this.client.close();
		}
		if (this.server != null) {
			this.server.stop();
		}
	}

	@ParameterizedTest
	@CsvSource({ "cbor,http", "cbor,ws", "msgpack,http", "msgpack,ws" })
	void callsArraysAndErrorsTravelInTheEncoding(String encoding, String scheme) {
		JsonMapper mapper = JsonMapper.builder().build();
		this.server = JsonRpcServer.builder(MethodRegistry.builder(mapper).addAnnotated(new Arrays()).build())
			.port(0)
			.webSocketPath("/ws")
			.build()
			.start();
		URI uri = URI.create(scheme + "://127.0.0.1:" + this.server.port() + (scheme.equals("ws") ? "/ws" : "/"));
		JsonRpcClientCodec codec = encoding.equals("cbor") ? JsonRpcClientCodec.cbor(mapper)
				: JsonRpcClientCodec.messagePack(mapper);
		this.client = JsonRpcClient.builder(uri).codec(codec).build();
		assertThat(this.client.call("sum", List.of(40, 2), Long.class)).isEqualTo(42L);
		assertThat(this.client.call("sum", Map.of("a", 1, "b", 2), Long.class)).isEqualTo(3L);
		double[] values = new double[8192];
		for (int i = 0; i < values.length; i++) {
			values[i] = i / 7.0;
		}
		assertThat(this.client.call("echo", List.of(values), double[].class)).isEqualTo(values);
		NdArray matrix = NdArray.of(new long[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
		NdArray echoed = this.client.call("echoArray", List.of(matrix), NdArray.class);
		assertThat(echoed).isEqualTo(matrix);
		assertThat(echoed.shape()).containsExactly(2, 3);
		assertThat(echoed.toLongArray()).containsExactly(1, 2, 3, 4, 5, 6);
		assertThatExceptionOfType(JsonRpcException.class)
			.isThrownBy(() -> this.client.call("missing", null, String.class))
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(-32601));
	}

	static class Arrays {

		@JsonRpcMethod("sum")
		public long sum(long a, long b) {
			return a + b;
		}

		@JsonRpcMethod("echo")
		public double[] echo(double[] values) {
			return values;
		}

		@JsonRpcMethod("echoArray")
		public NdArray echoArray(NdArray array) {
			return array;
		}

	}

}
