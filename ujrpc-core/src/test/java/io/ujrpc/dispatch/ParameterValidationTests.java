package io.ujrpc.dispatch;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.ujrpc.annotation.JsonRpcMethod;
import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ParameterValidationTests {

	private static final jakarta.validation.ValidatorFactory factory = Validation.byDefaultProvider()
		.configure()
		.messageInterpolator(new ParameterMessageInterpolator())
		.buildValidatorFactory();

	private static final Validator validator = factory.getValidator();

	private final Orders orders = new Orders();

	private final DispatchHarness harness = new DispatchHarness(JsonMapper.builder().build(),
			MethodRegistry.builder(JsonMapper.builder().build())
				.parameterValidator(new BeanParameterValidator(validator))
				.addAnnotated(this.orders)
				.build());

	@AfterAll
	static void close() {
		factory.close();
	}

	@Test
	void validArgumentsReachTheMethod() {
		JsonNode answer = this.harness
			.call("{\"jsonrpc\":\"2.0\",\"method\":\"order\",\"params\":{\"sku\":\"ab-12\",\"quantity\":3},\"id\":1}");
		assertThat(answer.get("result").intValue()).isEqualTo(3);
		assertThat(this.orders.calls).hasValue(1);
	}

	@Test
	void aViolationIsInvalidParamsWithTheParameterPathAndMessage() {
		JsonNode answer = this.harness
			.call("{\"jsonrpc\":\"2.0\",\"method\":\"order\",\"params\":[\"ab-12\",0],\"id\":2}");
		assertThat(answer.get("error")).isEqualTo(this.harness.json("{\"code\":-32602,\"message\":\"Invalid params: "
				+ "quantity must be greater than or equal to 1\",\"data\":{\"violations\":[{\"path\":\"quantity\","
				+ "\"message\":\"must be greater than or equal to 1\"}]}}"));
		assertThat(this.orders.calls).hasValue(0);
	}

	@Test
	void everyViolationIsListedInPathOrder() {
		JsonNode answer = this.harness.call("{\"jsonrpc\":\"2.0\",\"method\":\"order\",\"params\":"
				+ "{\"sku\":\"AB\",\"quantity\":1000},\"id\":3}");
		assertThat(answer.at("/error/message").stringValue())
			.isEqualTo("Invalid params: quantity must be less than or equal to 100 (and 1 more)");
		assertThat(answer.at("/error/data/violations")).isEqualTo(this.harness.json("[{\"path\":\"quantity\","
				+ "\"message\":\"must be less than or equal to 100\"},{\"path\":\"sku\",\"message\":"
				+ "\"must match \\\"[a-z]+-[0-9]+\\\"\"}]"));
	}

	@Test
	void missingRequiredParameterIsAViolation() {
		JsonNode answer = this.harness
			.call("{\"jsonrpc\":\"2.0\",\"method\":\"order\",\"params\":{\"quantity\":1},\"id\":4}");
		assertThat(answer.at("/error/data/violations"))
			.isEqualTo(this.harness.json("[{\"path\":\"sku\",\"message\":\"must not be null\"}]"));
	}

	@Test
	void validRecordsAreCheckedInsideWithPropertyAndIndexPaths() {
		JsonNode answer = this.harness.call("{\"jsonrpc\":\"2.0\",\"method\":\"ship\",\"params\":[{\"to\":\" \","
				+ "\"lines\":[{\"sku\":\"a-1\",\"quantity\":1},{\"sku\":\"b-2\",\"quantity\":0}]}],\"id\":5}");
		assertThat(answer.at("/error/code").intValue()).isEqualTo(-32602);
		assertThat(answer.at("/error/data/violations")).isEqualTo(this.harness.json("[{\"path\":"
				+ "\"shipment.lines[1].quantity\",\"message\":\"must be greater than or equal to 1\"},{\"path\":"
				+ "\"shipment.to\",\"message\":\"must not be blank\"}]"));
	}

	@Test
	void containerElementConstraintsNameTheElement() {
		JsonNode answer = this.harness
			.call("{\"jsonrpc\":\"2.0\",\"method\":\"tag\",\"params\":[[\"ok\",\"\"]],\"id\":6}");
		assertThat(answer.at("/error/data/violations"))
			.isEqualTo(this.harness.json("[{\"path\":\"tags[1]\",\"message\":\"must not be blank\"}]"));
	}

	@Test
	void methodsWithoutConstraintsAreNotChecked() {
		MethodInvoker plain = MethodRegistry.builder(JsonMapper.builder().build())
			.addAnnotated(this.orders)
			.build()
			.find("plain");
		assertThat(new BeanParameterValidator(validator).prepare(plain)).isNull();
		JsonNode answer = this.harness.call("{\"jsonrpc\":\"2.0\",\"method\":\"plain\",\"params\":[null],\"id\":7}");
		assertThat(answer.get("result").isNull()).isTrue();
	}

	@Test
	void aValidatorThatFailsIsAnInternalErrorWithoutDetails() {
		DispatchHarness failing = new DispatchHarness(JsonMapper.builder().build(),
				MethodRegistry.builder(JsonMapper.builder().build()).parameterValidator((invoker) -> (arguments) -> {
					throw new IllegalStateException("secret internals");
				}).addAnnotated(this.orders).build());
		JsonNode answer = failing.call("{\"jsonrpc\":\"2.0\",\"method\":\"plain\",\"params\":[\"x\"],\"id\":8}");
		assertThat(answer.get("error")).isEqualTo(failing.json("{\"code\":-32603,\"message\":\"Internal error\"}"));
	}

	record Line(@NotNull String sku, @Min(1) int quantity) {

	}

	record Shipment(@NotBlank String to, @Size(min = 1) List<@Valid Line> lines) {

	}

	static class Orders {

		final AtomicInteger calls = new AtomicInteger();

		@JsonRpcMethod(nonBlocking = true)
		int order(@NotNull @Pattern(regexp = "[a-z]+-[0-9]+") String sku, @Min(1) @Max(100) int quantity) {
			this.calls.incrementAndGet();
			return quantity;
		}

		@JsonRpcMethod(nonBlocking = true)
		int ship(@Valid @NotNull Shipment shipment) {
			return shipment.lines().size();
		}

		@JsonRpcMethod(nonBlocking = true)
		int tag(List<@NotBlank String> tags) {
			return tags.size();
		}

		@JsonRpcMethod(nonBlocking = true)
		String plain(String text) {
			return text;
		}

	}

}
