package io.ujrpc.array;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.dispatch.JsonRpcDispatcher;
import io.ujrpc.dispatch.MethodRegistry;
import io.ujrpc.protocol.Encoding;
import io.ujrpc.protocol.JsonRpcCodec;
import io.ujrpc.protocol.JsonRpcPayload;
import io.ujrpc.protocol.JsonRpcReply;
import io.ujrpc.protocol.JsonRpcResponse;
import io.ujrpc.protocol.Protocol;
import io.ujrpc.test.EncodedTrees;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Arbitrary values bound to typed-array and {@link NdArray} parameters, in JSON, CBOR and
 * MessagePack requests, through the codec and the dispatcher as the server runs them:
 * every call is answered with its argument or with {@code -32700}, {@code -32600} or
 * {@code -32602}, never another error or an exception, and an answered argument, encoded
 * in the request's encoding and read back, is the same array. The fuzzer's bytes are the
 * value of the only parameter; seeds are under {@code src/test/resources}.
 */
class ArrayBindingFuzzTests {

	private static final Set<Integer> BINDING_ERRORS = Set.of(-32700, -32600, -32602);

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final JsonRpcCodec CODEC = new JsonRpcCodec(MAPPER, 50);

	private static final JsonRpcDispatcher DISPATCHER = new JsonRpcDispatcher(
			MethodRegistry.builder(MAPPER).addAnnotated(new ArrayMethods()).build(), Runnable::run, false);

	/** The methods and the type each binds its parameter to. */
	private static final String[] METHODS = { "nd", "doubles", "floats", "longs", "ints", "shorts", "bytes" };

	private static final Class<?>[] TYPES = { NdArray.class, double[].class, float[].class, long[].class, int[].class,
			short[].class, byte[].class };

	@FuzzTest(maxDuration = "10s")
	void bindsArbitraryArrayArgumentsOrSaysWhy(FuzzedDataProvider data) throws Exception {
		Encoding encoding = data.pickValue(Encoding.values());
		int method = data.consumeInt(0, METHODS.length - 1);
		byte[] argument = data.consumeRemainingAsBytes();
		byte[] request = request(encoding, METHODS[method], argument);
		JsonRpcPayload payload = CODEC.decode(encoding, request, 0, request.length);
		JsonRpcReply reply = DISPATCHER.dispatch(payload, Protocol.HTTP).get(10, TimeUnit.SECONDS);
		assertThat(reply).isInstanceOf(JsonRpcResponse.class);
		JsonRpcResponse response = (JsonRpcResponse) reply;
		if (response.isError()) {
			assertThat(response.error().code()).as("%s", response.error()).isIn(BINDING_ERRORS);
			return;
		}
		Object bound = response.result();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		CODEC.encode(encoding, out, response);
		JsonNode result = EncodedTrees.read(encoding, out.toByteArray()).get("result");
		if (bound == null) {
			// A null or missing argument: the parameter is not required.
			assertThat(result.isNull()).isTrue();
			return;
		}
		Object reread = (TYPES[method] == NdArray.class) ? NdArray.fromTree(result)
				: PrimitiveArrays.fromTree(result, TYPES[method]);
		assertThat(Objects.deepEquals(reread, bound)).as("%s re-read as %s", bound, reread).isTrue();
	}

	/** A request with the argument's bytes spliced in as the only parameter. */
	private static byte[] request(Encoding encoding, String method, byte[] argument) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] name = method.getBytes(StandardCharsets.US_ASCII);
		switch (encoding) {
			case JSON -> {
				out.writeBytes(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":[")
					.getBytes(StandardCharsets.US_ASCII));
				out.writeBytes(argument);
				out.writeBytes("]}".getBytes(StandardCharsets.US_ASCII));
			}
			case CBOR -> {
				// A map of 4: text keys and values (major type 3), id 1, params an array
				// of 1.
				out.write(0xa4);
				cborText(out, "jsonrpc");
				cborText(out, "2.0");
				cborText(out, "id");
				out.write(0x01);
				cborText(out, "method");
				cborText(out, method);
				cborText(out, "params");
				out.write(0x81);
				out.writeBytes(argument);
			}
			case MESSAGE_PACK -> {
				// A fixmap of 4: fixstr keys and values, id 1, params a fixarray of 1.
				out.write(0x84);
				fixstr(out, "jsonrpc");
				fixstr(out, "2.0");
				fixstr(out, "id");
				out.write(0x01);
				fixstr(out, "method");
				out.write(0xa0 | name.length);
				out.writeBytes(name);
				fixstr(out, "params");
				out.write(0x91);
				out.writeBytes(argument);
			}
		}
		return out.toByteArray();
	}

	private static void cborText(ByteArrayOutputStream out, String text) {
		byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
		out.write(0x60 | bytes.length);
		out.writeBytes(bytes);
	}

	private static void fixstr(ByteArrayOutputStream out, String text) {
		byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
		out.write(0xa0 | bytes.length);
		out.writeBytes(bytes);
	}

	/**
	 * Methods that answer with their typed argument.
	 */
	public static class ArrayMethods {

		@JsonRpcMethod(nonBlocking = true)
		NdArray nd(NdArray array) {
			return array;
		}

		@JsonRpcMethod(nonBlocking = true)
		double[] doubles(double[] values) {
			return values;
		}

		@JsonRpcMethod(nonBlocking = true)
		float[] floats(float[] values) {
			return values;
		}

		@JsonRpcMethod(nonBlocking = true)
		long[] longs(long[] values) {
			return values;
		}

		@JsonRpcMethod(nonBlocking = true)
		int[] ints(int[] values) {
			return values;
		}

		@JsonRpcMethod(nonBlocking = true)
		short[] shorts(short[] values) {
			return values;
		}

		@JsonRpcMethod(nonBlocking = true)
		byte[] bytes(byte[] values) {
			return values;
		}

	}

}
