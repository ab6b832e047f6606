package io.ujrpc.server.interop;

import io.ujrpc.dispatch.MethodRegistry;
import io.ujrpc.server.JsonRpcServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls the server in CBOR with cbor-x and in MessagePack with {@code @msgpack/msgpack},
 * JavaScript clients nobody here wrote: typed arrays, bin, errors and msgpack-numpy maps
 * with string keys.
 */
class BinaryJavaScriptInteropTests {

	@BeforeAll
	static void installClients() throws Exception {
		NodeInterop.requireNodeWith("cbor-x@1.6.8", "@msgpack/msgpack@3.1.3");
	}

	@Test
	void cborXAndMsgpackJavaScriptClientsGetTheirValuesBack() throws Exception {
		JsonRpcServer server = JsonRpcServer
			.builder(MethodRegistry.builder(JsonMapper.builder().build())
				.addAnnotated(new NumpyInteropTests.Methods())
				.addAnnotated(new Sums())
				.build())
			.port(0)
			.build()
			.start();
		try {
			NodeInterop.Result result = NodeInterop.node("binary-interop.js", String.valueOf(server.port()));
			assertThat(result.exitCode()).as(result.output()).isZero();
			System.out.println("cbor-x and @msgpack/msgpack: " + result.lastLine());
			JsonNode results = JsonMapper.builder().build().readTree(result.lastLine());
			assertThat(results.get("cborType").stringValue()).isEqualTo("application/cbor");
			assertThat(results.get("cborTypedArray").booleanValue()).isTrue();
			assertThat(results.get("cborEqual").booleanValue()).isTrue();
			assertThat(results.get("cborSum").intValue()).isEqualTo(42);
			assertThat(results.get("cborId").stringValue()).isEqualTo("c");
			assertThat(results.get("msgpackType").stringValue()).isEqualTo("application/msgpack");
			assertThat(results.get("msgpackEqual").booleanValue()).isTrue();
			assertThat(results.get("msgpackMissing").intValue()).isEqualTo(-32601);
			assertThat(results.get("numpyShape").toString()).isEqualTo("[2,2]");
			assertThat(results.get("numpyType").stringValue()).isEqualTo("<f8");
			assertThat(results.get("restCborType").stringValue()).isEqualTo("application/cbor");
			assertThat(results.get("restCborEqual").booleanValue()).isTrue();
			assertThat(results.get("restMsgpackType").stringValue()).isEqualTo("application/msgpack");
			assertThat(results.get("restMsgpackSum").intValue()).isEqualTo(42);
		}
		finally {
			server.stop();
		}
	}

	static class Sums {

		@io.ujrpc.annotation.JsonRpcMethod("sum")
		public long sum(long a, long b) {
			return a + b;
		}

	}

}
