package io.ujrpc.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.ujrpc.array.NdArray;
import org.junit.jupiter.api.Test;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.IntNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link NdArray}s in the JSON-list form ({@code {"data": [[...]], "dtype": "<f8"}}) read
 * from the decimals ujrpc's reader keeps as doubles and written digits first, exactly as
 * the tree and the serializer read and write them.
 */
class NdArrayListTests {

	private final ObjectMapper mapper = JsonMapper.builder().build();

	private final JsonRpcCodec codec = new JsonRpcCodec(this.mapper, 3);

	@Test
	void float64ListsAreWrittenAsTheSerializerWritesThem() {
		assertThat(this.codec.writesNdArraysDirectly()).isTrue();
		SplittableRandom random = new SplittableRandom(21);
		for (int run = 0; run < 400; run++) {
			int[] shape = shape(random);
			double[] values = values(random, size(shape));
			for (NdArray array : List.of(NdArray.of(values, shape),
					NdArray.of(values, shape).withFormat(NdArray.Format.LIST))) {
				assertThat(encode(array)).isEqualTo(expected(array));
			}
		}
	}

	@Test
	void arraysTheDirectPathLeavesAloneAreWrittenAsTheSerializerWritesThem() {
		double[] values = { 1.5, Double.NaN, 2.5, Double.POSITIVE_INFINITY };
		for (NdArray array : List.of(NdArray.of(values), NdArray.of(new double[] { 3.25 }, new int[0]),
				NdArray.of(new float[] { 0.1f, 2.5f, 1e-7f }), NdArray.of(new long[] { 1, -2, 3 }, 3),
				NdArray.of(new double[] { 0.5, 0.25 }).withFormat(NdArray.Format.BUFFER))) {
			assertThat(encode(array)).isEqualTo(expected(array));
		}
	}

	@Test
	void listsOfDecimalsAreReadAsTheTreeReadsThem() {
		SplittableRandom random = new SplittableRandom(22);
		for (int run = 0; run < 300; run++) {
			int[] shape = shape(random);
			double[] values = values(random, size(shape));
			for (String dtype : List.of("<f8", "<f4")) {
				String json = "{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":[{\"data\":"
						+ this.mapper.writeValueAsString(NdArray.of(values, shape))
							.replaceFirst("^\\{\"data\":", "")
							.replaceFirst(",\"dtype\":\"<f8\"}$", "")
						+ ",\"dtype\":\"" + dtype + "\"}],\"id\":1}";
				byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
				NdArray read = NdArray.fromTree(params(this.codec.decode(bytes, 0, bytes.length)));
				NdArray reference = NdArray.fromTree(params(this.codec.decodeWithJackson(bytes, 0, bytes.length)));
				assertThat(read).isEqualTo(reference);
				assertThat(read.dtype()).isEqualTo(dtype);
				if (size(shape) > 0) {
					// Empty lists say nothing of the dimensions below them.
					assertThat(read.shape()).isEqualTo(shape);
				}
			}
		}
	}

	private static JsonNode params(JsonRpcPayload payload) {
		return ((JsonRpcRequest) payload.entries().get(0)).params().get(0);
	}

	private String encode(NdArray array) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		this.codec.encode(out, JsonRpcResponse.success(IntNode.valueOf(7), array));
		return out.toString(StandardCharsets.UTF_8);
	}

	private String expected(NdArray array) {
		return "{\"jsonrpc\":\"2.0\",\"result\":"
				+ this.mapper.writer().with(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).writeValueAsString(array)
				+ ",\"id\":7}";
	}

	/* One to three dimensions, some of them empty now and then, long rows often. */
	private static int[] shape(SplittableRandom random) {
		int[] shape = new int[random.nextInt(1, 4)];
		for (int i = 0; i < shape.length; i++) {
			shape[i] = (random.nextInt(10) == 0) ? 0 : random.nextInt(1, (i == shape.length - 1) ? 70 : 5);
		}
		return shape;
	}

	private static int size(int[] shape) {
		int size = 1;
		for (int dim : shape) {
			size *= dim;
		}
		return size;
	}

	/*
	 * Random bits, numpy's random() and short decimals, all finite, both signs and zeros.
	 */
	private static double[] values(SplittableRandom random, int size) {
		List<Double> values = new ArrayList<>();
		int kind = random.nextInt(3);
		while (values.size() < size) {
			double value = switch (kind) {
				case 0 -> Double.longBitsToDouble(random.nextLong());
				case 1 -> random.nextDouble();
				default -> random.nextInt(-100_000, 100_000) / 1000.0;
			};
			if (Double.isFinite(value)) {
				values.add((random.nextInt(50) == 0) ? -0.0 : value);
			}
		}
		return values.stream().mapToDouble(Double::doubleValue).toArray();
	}

}
