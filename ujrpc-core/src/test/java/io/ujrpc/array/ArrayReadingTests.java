package io.ujrpc.array;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Primitive arrays and {@link NdArray} read from trees, and what they say when they
 * cannot be.
 */
class ArrayReadingTests {

	private final JsonMapper mapper = JsonMapper.builder().build();

	@Test
	void primitiveArraysReadListsBase64AndBinary() {
		byte[] bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1).putLong(-2).array();
		assertThat((long[]) PrimitiveArrays.fromTree(tree("[1, -2]"), long[].class)).containsExactly(1, -2);
		assertThat((long[]) PrimitiveArrays
			.fromTree(this.mapper.getNodeFactory().stringNode(Base64.getEncoder().encodeToString(bytes)), long[].class))
			.containsExactly(1, -2);
		assertThat((int[]) PrimitiveArrays.fromTree(this.mapper.getNodeFactory().binaryNode(bytes), int[].class))
			.containsExactly(1, 0, -2, -1);
		assertThat((byte[]) PrimitiveArrays.fromTree(tree("[255, -128]"), byte[].class)).containsExactly(-1, -128);
	}

	@Test
	void primitiveArraysSayWhatIsWrong() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PrimitiveArrays.fromTree(tree("[1, \"2\"]"), double[].class))
			.withMessage("a list whose element 1 is a string (expected: a number)");
		assertThatIllegalArgumentException().isThrownBy(() -> PrimitiveArrays.fromTree(tree("[1.5]"), int[].class))
			.withMessage(
					"a list whose element 0 is a number with a fraction (expected: an integer within the range of an int)");
		assertThatIllegalArgumentException().isThrownBy(() -> PrimitiveArrays.fromTree(tree("[256]"), byte[].class))
			.withMessageContaining("-128 to 255");
		assertThatIllegalArgumentException().isThrownBy(
				() -> PrimitiveArrays.fromTree(this.mapper.getNodeFactory().binaryNode(new byte[7]), double[].class))
			.withMessage("7 bytes, not a whole number of 8-byte elements (expected: little-endian double values)");
		assertThatIllegalArgumentException().isThrownBy(
				() -> PrimitiveArrays.fromTree(this.mapper.getNodeFactory().stringNode("not base64!"), long[].class))
			.withMessageStartingWith("a string that is not base64");
		assertThatIllegalArgumentException().isThrownBy(() -> PrimitiveArrays.fromTree(tree("{}"), long[].class))
			.withMessageStartingWith("an object (expected: a list of numbers");
	}

	@Test
	void bigEndianTypedArraysAreSwapped() {
		byte[] big = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putInt(1).putInt(2).array();
		byte[] little = PrimitiveArrays.littleEndian(74, big.clone());
		assertThat((int[]) PrimitiveArrays.fromBytes(little, 0, little.length, int[].class)).containsExactly(1, 2);
		assertThat(PrimitiveArrays.littleEndian(86, big)).isSameAs(big);
		assertThat(PrimitiveArrays.littleEndian(40, big)).isNull();
	}

	@Test
	void ndArrayReadsTheThreeFormsAndRemembersWhich() {
		NdArray list = NdArray.fromTree(tree("{\"data\": [[1, 2], [3, 4]], \"dtype\": \"<i8\"}"));
		NdArray buffer = NdArray.fromTree(tree("{\"buffer\": \"AQAAAAAAAAACAAAAAAAAAAMAAAAAAAAABAAAAAAAAAA=\", "
				+ "\"dtype\": \"<i8\", \"shape\": [2, 2]}"));
		NdArray numpy = NdArray.fromTree(tree("{\"nd\": true, \"type\": \"<i8\", \"kind\": \"\", \"shape\": [2, 2], "
				+ "\"data\": \"AQAAAAAAAAACAAAAAAAAAAMAAAAAAAAABAAAAAAAAAA=\"}"));
		assertThat(list).isEqualTo(buffer).isEqualTo(numpy);
		assertThat(list.format()).isEqualTo(NdArray.Format.LIST);
		assertThat(buffer.format()).isEqualTo(NdArray.Format.BUFFER);
		assertThat(numpy.format()).isEqualTo(NdArray.Format.NUMPY);
		assertThat(list.shape()).containsExactly(2, 2);
		assertThat(list.toLongArray()).containsExactly(1, 2, 3, 4);
		assertThat(list.toDoubleArray()).containsExactly(1, 2, 3, 4);
	}

	@Test
	void ndArrayWritesItsFormInJson() throws Exception {
		NdArray list = NdArray.fromTree(tree("{\"data\": [[1.5, 2], [3, 4]], \"dtype\": \"<f4\"}"));
		assertThat(this.mapper.writeValueAsString(list))
			.isEqualTo("{\"data\":[[1.5,2.0],[3.0,4.0]],\"dtype\":\"<f4\"}");
		assertThat(this.mapper.writeValueAsString(list.withFormat(NdArray.Format.BUFFER)))
			.isEqualTo("{\"buffer\":\"AADAPwAAAEAAAEBAAACAQA==\",\"dtype\":\"<f4\",\"shape\":[2,2]}");
		assertThat(this.mapper.readValue("{\"data\": [true, false], \"dtype\": \"|b1\"}", NdArray.class).data())
			.containsExactly(1, 0);
	}

	@Test
	void ndArraySaysWhatIsWrong() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> NdArray.fromTree(tree("{\"data\": [[1, 2], [3]], \"dtype\": \"<i8\"}")))
			.withMessageContaining("not rectangular");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> NdArray.fromTree(tree("{\"data\": [1], \"dtype\": \"<c16\"}")))
			.withMessageStartingWith("dtype '<c16' is not supported");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> NdArray.fromTree(tree("{\"buffer\": \"AAAA\", \"dtype\": \"<f8\", \"shape\": [2]}")))
			.withMessageContaining("does not hold shape [2]");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> NdArray.fromTree(tree("{\"data\": [300], \"dtype\": \"|u1\"}")))
			.withMessage("300 is out of range of |u1");
	}

	private JsonNode tree(String json) {
		return this.mapper.readTree(json);
	}

}
