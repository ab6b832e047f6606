package io.ujrpc.dispatch;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import io.ujrpc.annotation.JsonRpcMethod;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Invalid-params messages say where the problem is and what was expected in JSON terms,
 * never in Java or Jackson terms.
 */
class ParameterBindingMessagesTests {

	private final ObjectMapper mapper = JsonMapper.builder().build();

	private final MethodRegistry registry = MethodRegistry.builder(this.mapper).addAnnotated(new Methods()).build();

	@Test
	void objectOfTheWrongKindNamesItsMembers() {
		assertThatInvalid("move", "[\"up\"]")
			.withMessage("parameter 'p' is a string (expected: an object with x (number), y (number), label (string))");
	}

	@Test
	void nullMemberForAPrimitiveNamesTheMember() {
		assertThatInvalid("move", "[{\"x\": null, \"y\": 1}]")
			.withMessage("parameter 'p.x' is null (expected: a number)");
	}

	@Test
	void missingMemberForAPrimitiveNamesTheMember() {
		assertThatInvalid("move", "[{\"x\": 1}]").withMessage("parameter 'p.y' is missing (expected: a number)");
	}

	@Test
	void memberOfTheWrongKindNamesTheMember() {
		assertThatInvalid("move", "{\"p\": {\"x\": \"one\", \"y\": 2}}")
			.withMessage("parameter 'p.x' is a string (expected: a number)");
	}

	@Test
	void elementOfAListNamesItsIndex() {
		assertThatInvalid("path", "[[{\"x\": 1, \"y\": 2}, 5]]").withMessage(
				"parameter 'points[1]' is the integer 5 (expected: an object with x (number), y (number), label (string))");
		assertThatInvalid("path", "[{\"x\": 1}]")
			.withMessage("parameter 'points' is an object (expected: an array of objects)");
	}

	@Test
	void nestedPathsAreWrittenAsJsonPaths() {
		assertThatInvalid("route", "[{\"name\": \"r\", \"stops\": [{\"x\": 1, \"y\": 2}, {\"x\": 1, \"y\": true}]}]")
			.withMessage("parameter 'route.stops[1].y' is a boolean (expected: a number)");
	}

	@Test
	void numberBeyondTheRangeOfAMemberSaysSo() {
		JsonNode params = params("[{\"x\": 1, \"y\": 2}]");
		((tools.jackson.databind.node.ObjectNode) params.get(0)).set("x",
				this.mapper.getNodeFactory().numberNode(new BigDecimal("1E400")));
		assertThatExceptionOfType(InvalidParamsException.class).isThrownBy(() -> bind("move", params))
			.withMessage("parameter 'p.x' is the number 1E+400 (expected: a number within the range of a double)");
	}

	@Test
	void numberBeyondTheRangeOfAScalarSaysSo() {
		JsonNode big = this.mapper.createArrayNode().add(new BigDecimal("1E400"));
		assertThatExceptionOfType(InvalidParamsException.class).isThrownBy(() -> bind("ratio", big))
			.withMessage("parameter 'value' is the number 1E+400 (expected: a number within the range of a double)");
		assertThatExceptionOfType(InvalidParamsException.class).isThrownBy(() -> bind("single", big))
			.withMessage("parameter 'value' is the number 1E+400 (expected: a number within the range of a float)");
		assertThat(bind("exact", big)).containsExactly(new BigDecimal("1E400"));
	}

	@Test
	void bigIntegerTakesOnlyIntegers() {
		assertThat(bind("integer", params("[123456789012345678901234567890]")))
			.containsExactly(new BigInteger("123456789012345678901234567890"));
		assertThatInvalid("integer", "[1.5]").withMessage("parameter 'value' is the number 1.5 (expected: an integer)");
	}

	@Test
	void longNumbersAreNotQuotedBack() {
		assertThatInvalid("ints", "[" + "9".repeat(40) + "]")
			.withMessage("parameter 'value' is an integer of 40 digits (expected: a 32-bit integer)");
	}

	@Test
	void unknownEnumValueListsTheValues() {
		assertThatInvalid("paint", "[\"PURPLE\"]")
			.withMessage("parameter 'color' is a string (expected: one of the strings RED, GREEN)");
	}

	@Test
	void mapOfTheWrongKindIsAnObject() {
		assertThatInvalid("tally", "[[1]]").withMessage("parameter 'counts' is an array (expected: an object)");
		assertThatInvalid("tally", "[{\"a\": \"b\"}]")
			.withMessage("parameter 'counts.a' is a string (expected: a 64-bit integer)");
	}

	@Test
	void validationInTheConstructorIsReportedInItsOwnWords() {
		assertThatInvalid("range", "[{\"low\": 5, \"high\": 1}]")
			.withMessage("parameter 'range' is invalid: low must not exceed high");
	}

	@Test
	void missingPrimitiveParameterSaysWhatItTakes() {
		assertThatInvalid("ratio", "[]").withMessage("missing parameter 'value' (expected: a number)");
	}

	@Test
	void noMessageNamesAJavaTypeOrAJacksonSetting() {
		for (String params : List.of("[\"up\"]", "[{\"x\": null, \"y\": 1}]", "[{\"x\": 1}]", "[[1, 2]]",
				"[{\"x\": {\"a\": 1}, \"y\": 1}]", "[{\"x\": 1, \"y\": 1, \"label\": [1]}]")) {
			assertThatInvalid("move", params).satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("Point", "$",
					"java.", "tools.jackson", "Feature", "`", "Cannot", "through reference"));
		}
	}

	private Object[] bind(String method, JsonNode params) {
		return this.registry.find(method).bind(params);
	}

	private JsonNode params(String json) {
		return this.mapper.readTree(json);
	}

	private ThrowableAssertAlternative<InvalidParamsException> assertThatInvalid(String method, String params) {
		return assertThatExceptionOfType(InvalidParamsException.class).isThrownBy(() -> bind(method, params(params)));
	}

	record Point(double x, double y, String label) {
	}

	record Route(String name, List<Point> stops) {
	}

	record Range(int low, int high) {

		Range {
			if (low > high) {
				throw new IllegalArgumentException("low must not exceed high");
			}
		}

	}

	enum Color {

		RED, GREEN

	}

	static class Methods {

		@JsonRpcMethod
		Point move(Point p) {
			return p;
		}

		@JsonRpcMethod
		int path(List<Point> points) {
			return points.size();
		}

		@JsonRpcMethod
		Route route(Route route) {
			return route;
		}

		@JsonRpcMethod
		double ratio(double value) {
			return value;
		}

		@JsonRpcMethod
		float single(float value) {
			return value;
		}

		@JsonRpcMethod
		BigDecimal exact(BigDecimal value) {
			return value;
		}

		@JsonRpcMethod
		BigInteger integer(BigInteger value) {
			return value;
		}

		@JsonRpcMethod
		int ints(int value) {
			return value;
		}

		@JsonRpcMethod
		Color paint(Color color) {
			return color;
		}

		@JsonRpcMethod
		int tally(Map<String, Long> counts) {
			return counts.size();
		}

		@JsonRpcMethod
		Range range(Range range) {
			return range;
		}

	}

}
