package io.ujrpc.dispatch;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;

import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.annotation.JsonRpcParam;
import io.ujrpc.array.DoubleNodeList;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.node.ArrayNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;
import static org.assertj.core.api.InstanceOfAssertFactories.array;

class ParameterBindingTests {

	private final ObjectMapper mapper = JsonMapper.builder().build();

	private final MethodRegistry registry = MethodRegistry.builder(this.mapper).addAnnotated(new Methods()).build();

	@Test
	void bindsByPosition() {
		assertThat(bind("pair", "[1, \"x\"]")).containsExactly(1L, "x");
	}

	@Test
	void bindsByName() {
		assertThat(bind("pair", "{\"text\": \"x\", \"number\": 1}")).containsExactly(1L, "x");
	}

	@Test
	void bindsByTheAnnotatedName() {
		assertThat(bind("named", "{\"first-name\": \"Ann\"}")).containsExactly("Ann");
		assertThatInvalid("named", "{\"firstName\": \"Ann\"}")
			.withMessage("unknown parameter 'firstName' (expected one of [first-name])");
	}

	@Test
	void varargsTakeTheRemainingPositionalParams() {
		assertThat(bind("join", "[\"-\", \"a\", \"b\", \"c\"]")).satisfiesExactly(
				(separator) -> assertThat(separator).isEqualTo("-"),
				(parts) -> assertThat(parts).asInstanceOf(array(String[].class)).containsExactly("a", "b", "c"));
	}

	@Test
	void varargsWithoutRemainingParamsAreEmpty() {
		assertThat(bind("join", "[\"-\"]")[1]).asInstanceOf(array(String[].class)).isEmpty();
		assertThat(bind("join", "{\"separator\": \"-\"}")[1]).asInstanceOf(array(String[].class)).isEmpty();
	}

	@Test
	void varargsByNameTakeAnArray() {
		assertThat(bind("join", "{\"separator\": \"-\", \"parts\": [\"a\"]}")[1]).asInstanceOf(array(String[].class))
			.containsExactly("a");
	}

	@Test
	void primitiveVarargsRejectWrongElements() {
		assertThat(bind("sum", "[1, 2, 3]")[0]).isEqualTo(new long[] { 1, 2, 3 });
		assertThatInvalid("sum", "[1, \"2\"]")
			.withMessage("parameter 'numbers' is a string (expected: a 64-bit integer)");
		assertThatInvalid("sum", "[1, null]").withMessageContaining("'numbers'")
			.withMessageContaining("null")
			.withMessageContaining("a 64-bit integer");
	}

	@Test
	void missingPrimitiveIsInvalid() {
		assertThatInvalid("ints", "[]").withMessage("missing parameter 'value' (expected: a 32-bit integer)");
		assertThatInvalid("ints", "{}").withMessage("missing parameter 'value' (expected: a 32-bit integer)");
		assertThatInvalid("ints", null).withMessage("missing parameter 'value' (expected: a 32-bit integer)");
	}

	@Test
	void nullForPrimitiveIsInvalid() {
		assertThatInvalid("ints", "[null]").withMessage("parameter 'value' is null (expected: a 32-bit integer)");
	}

	@Test
	void missingOrNullReferenceIsNull() {
		assertThat(bind("boxed", "[]")).containsExactly((Object) null);
		assertThat(bind("boxed", "[null]")).containsExactly((Object) null);
		assertThat(bind("boxed", "{}")).containsExactly((Object) null);
	}

	@Test
	void optionalIsEmptyWhenMissingOrNull() {
		assertThat(bind("optional", "[]")).containsExactly(Optional.empty());
		assertThat(bind("optional", "[null]")).containsExactly(Optional.empty());
		assertThat(bind("optional", "{}")).containsExactly(Optional.empty());
		assertThat(bind("optional", "[\"x\"]")).containsExactly(Optional.of("x"));
		assertThatInvalid("optional", "[1]").withMessage("parameter 'name' is the integer 1 (expected: a string)");
	}

	@Test
	void unknownNamedParamIsInvalid() {
		assertThatInvalid("ints", "{\"value\": 1, \"other\": 2}")
			.withMessage("unknown parameter 'other' (expected one of [value])");
	}

	@Test
	void tooManyPositionalParamsAreInvalid() {
		assertThatInvalid("pair", "[1, \"x\", 3]").withMessage("expected at most 2 params, got 3");
		assertThatInvalid("none", "[1]").withMessage("expected no params, got 1");
		assertThat(bind("none", "[]")).isEmpty();
		assertThat(bind("none", "{}")).isEmpty();
		assertThat(bind("none", null)).isEmpty();
	}

	@Test
	void integerOutOfRangeIsInvalid() {
		assertThatInvalid("ints", "[2147483648]")
			.withMessage("parameter 'value' is the integer 2147483648 (expected: a 32-bit integer)");
		assertThatInvalid("longs", "[9223372036854775808]")
			.withMessage("parameter 'value' is the integer 9223372036854775808 (expected: a 64-bit integer)");
		assertThat(bind("ints", "[-2147483648]")).containsExactly(Integer.MIN_VALUE);
		assertThat(bind("longs", "[9223372036854775807]")).containsExactly(Long.MAX_VALUE);
	}

	@Test
	void fractionForIntegerIsInvalid() {
		assertThatInvalid("longs", "[1.5]")
			.withMessage("parameter 'value' is the number 1.5 (expected: a 64-bit integer)");
		assertThatInvalid("ints", "[2.0]")
			.withMessage("parameter 'value' is the number 2.0 (expected: a 32-bit integer)");
	}

	@Test
	void stringForIntegerIsInvalid() {
		assertThatInvalid("ints", "[\"12\"]").withMessage("parameter 'value' is a string (expected: a 32-bit integer)");
		assertThatInvalid("boxed", "[true]").withMessage("parameter 'value' is a boolean (expected: a 32-bit integer)");
	}

	@Test
	void scalarsOfOtherKinds() {
		assertThat(bind("scalars", "[1, true, {\"a\": [1]}]")).containsExactly(1.0, true,
				this.mapper.readTree("{\"a\": [1]}"));
		assertThatInvalid("scalars", "[\"1\", true, null]")
			.withMessage("parameter 'ratio' is a string (expected: a number)");
		assertThatInvalid("scalars", "[1, 1, null]")
			.withMessage("parameter 'flag' is the integer 1 (expected: a boolean)");
	}

	@Test
	void bindsARecordThroughJackson() {
		assertThat(bind("point", "[{\"x\": 1, \"y\": 2}]")).containsExactly(new Point(1, 2));
		assertThat(bind("point", "{\"point\": {\"x\": 3, \"y\": 4}}")).containsExactly(new Point(3, 4));
	}

	@Test
	void bindsAListOfRecordsThroughJackson() {
		Object[] args = bind("points", "[[{\"x\": 1, \"y\": 2}, {\"x\": 3, \"y\": 4}]]");
		assertThat(args[0]).asList().containsExactly(new Point(1, 2), new Point(3, 4));
	}

	@Test
	void wrongRecordNamesTheParameterAndTheProblem() {
		assertThatInvalid("point", "[{\"x\": \"one\", \"y\": 2}]")
			.withMessage("parameter 'point.x' is a string (expected: a 32-bit integer)");
		assertThatInvalid("points", "[5]")
			.withMessage("parameter 'points' is the integer 5 (expected: an array of objects)");
	}

	@Test
	void keptDecimalsBindAsJacksonBindsTheirNodes() {
		double[] values = new double[40];
		for (int i = 0; i < values.length; i++) {
			values[i] = (i % 7 == 0) ? -0.0 : i * 1.000001 - 12.5;
		}
		values[3] = 1e30;
		ArrayNode plain = this.mapper.getNodeFactory().arrayNode();
		for (double value : values) {
			plain.add(value);
		}
		for (String method : List.of("untyped", "doubles", "list", "numbers", "floats", "floatArray", "sorted")) {
			ArrayNode kept = DoubleNodeList.arrayNode(this.mapper.getNodeFactory(), values.clone(), values.length);
			Object expected = this.registry.find(method).bind(this.mapper.createArrayNode().add(plain))[0];
			Object actual = this.registry.find(method).bind(this.mapper.createArrayNode().add(kept))[0];
			assertThat(actual).as(method).isEqualTo(expected).hasSameClassAs(expected);
			// The doubles themselves where the binding is Jackson's untyped list or
			// double[].
			boolean direct = method.equals("untyped") || method.equals("doubles") || method.equals("list")
					|| method.equals("numbers");
			assertThat(DoubleNodeList.doubles(kept) != null).as(method).isEqualTo(direct);
		}
		assertThat(this.registry.find("untyped")
			.bind(this.mapper.createArrayNode()
				.add(DoubleNodeList.arrayNode(this.mapper.getNodeFactory(), values, values.length)))[0])
			.isInstanceOf(ArrayList.class);
	}

	@Test
	void keptDecimalsGoThroughTheMappersOwnDeserializers() {
		SimpleModule module = new SimpleModule().addDeserializer(Object.class, new ValueDeserializer<Object>() {

			@Override
			public Object deserialize(JsonParser parser, DeserializationContext context) {
				context.readTree(parser);
				return "mine";
			}

		});
		ObjectMapper custom = JsonMapper.builder().addModule(module).build();
		MethodRegistry registry = MethodRegistry.builder(custom).addAnnotated(new Methods()).build();
		double[] values = new double[20];
		Arrays.fill(values, 0.5);
		ArrayNode kept = DoubleNodeList.arrayNode(custom.getNodeFactory(), values, values.length);
		assertThat(registry.find("untyped").bind(custom.createArrayNode().add(kept))).containsExactly("mine");
		ObjectMapper exact = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
		registry = MethodRegistry.builder(exact).addAnnotated(new Methods()).build();
		kept = DoubleNodeList.arrayNode(exact.getNodeFactory(), values, values.length);
		assertThat(registry.find("untyped").bind(exact.createArrayNode().add(kept))[0]).asInstanceOf(LIST)
			.first()
			.isInstanceOf(BigDecimal.class);
	}

	private Object[] bind(String method, String params) {
		JsonNode node = (params != null) ? this.mapper.readTree(params) : null;
		return this.registry.find(method).bind(node);
	}

	private org.assertj.core.api.ThrowableAssertAlternative<InvalidParamsException> assertThatInvalid(String method,
			String params) {
		return assertThatExceptionOfType(InvalidParamsException.class).isThrownBy(() -> bind(method, params));
	}

	record Point(int x, int y) {
	}

	static class Methods {

		@JsonRpcMethod
		String pair(long number, String text) {
			return number + text;
		}

		@JsonRpcMethod
		String named(@JsonRpcParam("first-name") String firstName) {
			return firstName;
		}

		@JsonRpcMethod
		String join(String separator, String... parts) {
			return String.join(separator, parts);
		}

		@JsonRpcMethod
		long sum(long... numbers) {
			return 0;
		}

		@JsonRpcMethod
		int ints(int value) {
			return value;
		}

		@JsonRpcMethod
		long longs(long value) {
			return value;
		}

		@JsonRpcMethod
		Integer boxed(Integer value) {
			return value;
		}

		@JsonRpcMethod
		String optional(Optional<String> name) {
			return name.orElse("nobody");
		}

		@JsonRpcMethod
		void none() {
		}

		@JsonRpcMethod
		void scalars(double ratio, boolean flag, JsonNode tree) {
		}

		@JsonRpcMethod
		Object untyped(Object value) {
			return value;
		}

		@JsonRpcMethod
		double[] doubles(double[] values) {
			return values;
		}

		@JsonRpcMethod
		List<Double> list(List<Double> values) {
			return values;
		}

		@JsonRpcMethod
		Collection<Number> numbers(Collection<Number> values) {
			return values;
		}

		@JsonRpcMethod
		List<Float> floats(List<Float> values) {
			return values;
		}

		@JsonRpcMethod
		float[] floatArray(float[] values) {
			return values;
		}

		@JsonRpcMethod
		SortedSet<Double> sorted(SortedSet<Double> values) {
			return values;
		}

		@JsonRpcMethod
		Point point(Point point) {
			return point;
		}

		@JsonRpcMethod
		int points(List<Point> points) {
			return points.size();
		}

	}

}
