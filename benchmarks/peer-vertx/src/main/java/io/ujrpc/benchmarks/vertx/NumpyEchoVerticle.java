package io.ujrpc.benchmarks.vertx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.Map;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.ByteArrayBuilder;
import tools.jackson.dataformat.cbor.CBORFactory;
import tools.jackson.dataformat.cbor.CBORGenerator;
import tools.jackson.dataformat.cbor.CBORParser;

/**
 * The Vert.x peer of the NumPy RPC benchmark (benchmarks/numpy): the JSON-RPC echo of an
 * array of doubles on {@code POST /}, decoded into a {@code double[]} as a service would
 * and encoded back in the request's form, as the aiohttp and tornado peers do. JSON list
 * ({@code echo([..])}) and base64 buffer ({@code echoArray({"buffer", "dtype",
 * "shape"})}) through Jackson 3's streaming API, msgpack-numpy's map through
 * msgpack-core, and a CBOR typed array (tag 86) through Jackson 3's CBOR format.
 */
final class NumpyEchoVerticle extends VerticleBase {

	private static final JsonFactory json = new JsonFactory();

	private static final CBORFactory cbor = new CBORFactory();

	private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");

	private static final CharSequence APPLICATION_MSGPACK = HttpHeaders.createOptimized("application/msgpack");

	private static final CharSequence APPLICATION_CBOR = HttpHeaders.createOptimized("application/cbor");

	private final int port;

	NumpyEchoVerticle(int port) {
		this.port = port;
	}

	@Override
	public Future<?> start() {
		return this.vertx.createHttpServer().requestHandler(this::handle).listen(this.port);
	}

	private void handle(HttpServerRequest request) {
		if (request.method() != HttpMethod.POST || !"/".equals(request.path())) {
			request.response().setStatusCode(404).end();
			return;
		}
		String type = String.valueOf(request.getHeader(HttpHeaders.CONTENT_TYPE));
		request.body().onSuccess((body) -> {
			try {
				if (type.startsWith("application/msgpack")) {
					reply(request, APPLICATION_MSGPACK, msgpack(body.getBytes()));
				}
				else if (type.startsWith("application/cbor")) {
					reply(request, APPLICATION_CBOR, cbor(body.getBytes()));
				}
				else {
					reply(request, APPLICATION_JSON, json(body.getBytes()));
				}
			}
			catch (IOException | RuntimeException ex) {
				request.response().setStatusCode(400).end(String.valueOf(ex.getMessage()));
			}
		}).onFailure((ex) -> request.response().setStatusCode(400).end());
	}

	private static void reply(HttpServerRequest request, CharSequence type, byte[] body) {
		request.response().putHeader(HttpHeaders.CONTENT_TYPE, type).end(Buffer.buffer(body));
	}

	/*
	 * {"jsonrpc", "method", "params": [[numbers]] or [{"buffer", "dtype", "shape"}],
	 * "id"}
	 */
	private static byte[] json(byte[] body) throws IOException {
		double[] values = null;
		int[] shape = null;
		boolean buffer = false;
		long id = 0;
		try (JsonParser parser = json.createParser(ObjectReadContext.empty(), body)) {
			expect(parser.nextToken(), JsonToken.START_OBJECT);
			String name;
			while ((name = parser.nextName()) != null) {
				JsonToken token = parser.nextToken();
				if ("id".equals(name)) {
					id = parser.getLongValue();
				}
				else if ("params".equals(name)) {
					expect(token, JsonToken.START_ARRAY);
					token = parser.nextToken();
					if (token == JsonToken.START_ARRAY) {
						values = list(parser);
					}
					else {
						expect(token, JsonToken.START_OBJECT);
						buffer = true;
						String member;
						while ((member = parser.nextName()) != null) {
							JsonToken value = parser.nextToken();
							if ("buffer".equals(member)) {
								values = doubles(Base64.getDecoder().decode(parser.getString()));
							}
							else if ("shape".equals(member)) {
								expect(value, JsonToken.START_ARRAY);
								shape = new int[] { 0 };
								while (parser.nextToken() != JsonToken.END_ARRAY) {
									shape[0] = parser.getIntValue();
								}
							}
							else {
								parser.skipChildren();
							}
						}
					}
					expect(parser.nextToken(), JsonToken.END_ARRAY);
				}
				else {
					parser.skipChildren();
				}
			}
		}
		if (values == null) {
			throw new IOException("no array in params");
		}
		ByteArrayBuilder out = new ByteArrayBuilder(body.length + 64);
		try (JsonGenerator gen = json.createGenerator(ObjectWriteContext.empty(), out)) {
			gen.writeStartObject();
			gen.writeStringProperty("jsonrpc", "2.0");
			gen.writeName("result");
			if (buffer) {
				gen.writeStartObject();
				gen.writeStringProperty("buffer", Base64.getEncoder().encodeToString(bytes(values)));
				gen.writeStringProperty("dtype", "<f8");
				gen.writeName("shape");
				gen.writeArray(new int[] { (shape != null) ? shape[0] : values.length }, 0, 1);
				gen.writeEndObject();
			}
			else {
				gen.writeArray(values, 0, values.length);
			}
			gen.writeNumberProperty("id", id);
			gen.writeEndObject();
		}
		return out.toByteArray();
	}

	private static double[] list(JsonParser parser) {
		double[] values = new double[16];
		int n = 0;
		while (parser.nextToken() != JsonToken.END_ARRAY) {
			if (n == values.length) {
				values = java.util.Arrays.copyOf(values, n * 2);
			}
			values[n++] = parser.getDoubleValue();
		}
		return java.util.Arrays.copyOf(values, n);
	}

	/* msgpack-numpy: params [{nd: true, type: "<f8", kind: "", shape: [n], data: bin}] */
	private static byte[] msgpack(byte[] body) throws IOException {
		Map<Value, Value> call;
		try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(body)) {
			call = unpacker.unpackValue().asMapValue().map();
		}
		Map<Value, Value> array = call.get(ValueFactory.newString("params")).asArrayValue().get(0).asMapValue().map();
		Value data = array.get(ValueFactory.newBinary("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
		if (data == null) {
			data = array.get(ValueFactory.newString("data"));
		}
		double[] values = doubles(data.asBinaryValue().asByteArray());
		byte[] bytes = bytes(values);
		try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
			packer.packMapHeader(3);
			packer.packString("jsonrpc").packString("2.0");
			packer.packString("result").packMapHeader(5);
			binaryKey(packer, "nd").packBoolean(true);
			binaryKey(packer, "type").packString("<f8");
			binaryKey(packer, "kind").packBinaryHeader(0);
			binaryKey(packer, "shape").packArrayHeader(1).packInt(values.length);
			binaryKey(packer, "data").packBinaryHeader(bytes.length).writePayload(bytes);
			packer.packString("id").packValue(call.get(ValueFactory.newString("id")));
			return packer.toByteArray();
		}
	}

	private static MessageBufferPacker binaryKey(MessageBufferPacker packer, String key) throws IOException {
		byte[] bytes = key.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
		packer.packBinaryHeader(bytes.length).writePayload(bytes);
		return packer;
	}

	/*
	 * {"jsonrpc", "method", "params": [tag 86 (little-endian float64 typed array)], "id"}
	 */
	private static byte[] cbor(byte[] body) throws IOException {
		double[] values = null;
		long id = 0;
		try (CBORParser parser = (CBORParser) cbor.createParser(ObjectReadContext.empty(), body)) {
			expect(parser.nextToken(), JsonToken.START_OBJECT);
			String name;
			while ((name = parser.nextName()) != null) {
				JsonToken token = parser.nextToken();
				if ("id".equals(name)) {
					id = parser.getLongValue();
				}
				else if ("params".equals(name)) {
					expect(token, JsonToken.START_ARRAY);
					parser.nextToken();
					values = doubles(parser.getBinaryValue());
					expect(parser.nextToken(), JsonToken.END_ARRAY);
				}
				else {
					parser.skipChildren();
				}
			}
		}
		if (values == null) {
			throw new IOException("no array in params");
		}
		byte[] bytes = bytes(values);
		ByteArrayBuilder out = new ByteArrayBuilder(bytes.length + 64);
		try (CBORGenerator gen = (CBORGenerator) cbor.createGenerator(ObjectWriteContext.empty(), out)) {
			gen.writeStartObject(null, 3);
			gen.writeStringProperty("jsonrpc", "2.0");
			gen.writeName("result");
			gen.writeTag(86);
			gen.writeBinary(bytes);
			gen.writeNumberProperty("id", id);
			gen.writeEndObject();
		}
		return out.toByteArray();
	}

	private static void expect(JsonToken actual, JsonToken expected) throws IOException {
		if (actual != expected) {
			throw new IOException(actual + " (expected: " + expected + ")");
		}
	}

	private static double[] doubles(byte[] bytes) {
		double[] values = new double[bytes.length / 8];
		ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(values);
		return values;
	}

	private static byte[] bytes(double[] values) {
		byte[] bytes = new byte[values.length * 8];
		ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().put(values);
		return bytes;
	}

}
