package io.ujrpc.dispatch;

import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.annotation.JsonRpcParam;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

class MethodRegistryTests {

	private final ObjectMapper mapper = JsonMapper.builder().build();

	@Test
	void registersAnnotatedMethodsUnderTheirJavaNameOrTheGivenName() {
		MethodRegistry registry = MethodRegistry.builder(this.mapper).addAnnotated(new Calculator()).build();
		assertThat(registry.names()).containsExactly("later", "math.sum", "subtract");
		assertThat(registry.size()).isEqualTo(3);
		assertThat(registry.find("sum")).isNull();
		assertThat(registry.find("notAnnotated")).isNull();
	}

	@Test
	void nonBlockingMethodsRunOnTheIoThreadAndOthersOnTheBlockingExecutor() {
		MethodRegistry registry = MethodRegistry.builder(this.mapper).addAnnotated(new Calculator()).build();
		assertThat(registry.find("math.sum").executionMode()).isEqualTo(ExecutionMode.IO_THREAD);
		assertThat(registry.find("subtract").executionMode()).isEqualTo(ExecutionMode.BLOCKING);
		assertThat(registry.find("math.sum").isAsync()).isFalse();
		assertThat(registry.find("later").isAsync()).isTrue();
	}

	@Test
	void duplicateNameNamesBothBeans() {
		MethodRegistry.Builder builder = MethodRegistry.builder(this.mapper).addAnnotated(new SumA(), SumA.class, "a");
		assertThatExceptionOfType(MethodRegistrationException.class)
			.isThrownBy(() -> builder.addAnnotated(new SumB(), SumB.class, "b"))
			.withMessage("Duplicate JSON-RPC method 'sum' on beans 'a' and 'b'");
	}

	@Test
	void namesStartingWithRpcDotAreReserved() {
		assertThatExceptionOfType(MethodRegistrationException.class)
			.isThrownBy(() -> MethodRegistry.builder(this.mapper).addAnnotated(new Reserved(), Reserved.class, "r"))
			.withMessage("Cannot serve JSON-RPC method 'rpc.discover' on 'r': names starting with 'rpc.' are reserved "
					+ "by the JSON-RPC 2.0 specification");
	}

	@Test
	void parametersWithoutNamesAreRejectedWithAHint() throws Exception {
		// The JDK is compiled without -parameters.
		Method addExact = Math.class.getMethod("addExact", long.class, long.class);
		assumeThat(addExact.getParameters()[0].isNamePresent()).isFalse();
		assertThatExceptionOfType(MethodRegistrationException.class).isThrownBy(
				() -> MethodRegistry.builder(this.mapper).add("add", null, addExact, ExecutionMode.IO_THREAD, "math"))
			.withMessage("Cannot serve JSON-RPC method 'add': java.lang.Math.addExact parameter 0 has no name; "
					+ "compile with -parameters or annotate it with @JsonRpcParam");
	}

	@Test
	void duplicateParameterNamesAreRejected() {
		assertThatExceptionOfType(MethodRegistrationException.class)
			.isThrownBy(() -> MethodRegistry.builder(this.mapper).addAnnotated(new TwoNamedX()))
			.withMessageContaining("Cannot serve JSON-RPC method 'pair': ")
			.withMessageEndingWith("TwoNamedX.pair has two parameters named 'x'");
	}

	@Test
	void emptyParameterNameIsRejected() {
		assertThatExceptionOfType(MethodRegistrationException.class)
			.isThrownBy(() -> MethodRegistry.builder(this.mapper).addAnnotated(new EmptyName()))
			.withMessageEndingWith("EmptyName.echo has an empty @JsonRpcParam on parameter 0");
	}

	@Test
	void instanceMethodWithoutTargetIsRejected() throws Exception {
		Method subtract = Calculator.class.getDeclaredMethod("subtract", long.class, long.class);
		assertThatExceptionOfType(MethodRegistrationException.class)
			.isThrownBy(() -> MethodRegistry.builder(this.mapper)
				.add("subtract", null, subtract, ExecutionMode.BLOCKING, "calc"))
			.withMessageEndingWith("Calculator.subtract needs a target instance");
	}

	@Test
	void inheritedMethodsAreRegistered() throws Throwable {
		MethodRegistry registry = MethodRegistry.builder(this.mapper).addAnnotated(new Greeter()).build();
		assertThat(registry.names()).containsExactly("farewell", "greet");
		assertThat(registry.find("farewell").invoke(new Object[0])).isEqualTo("bye from base");
	}

	@Test
	void annotatedOverrideIsRegisteredOnceAndCallsTheOverride() throws Throwable {
		MethodRegistry registry = MethodRegistry.builder(this.mapper).addAnnotated(new Greeter()).build();
		assertThat(registry.find("greet").invoke(new Object[] { "Ann" })).isEqualTo("hello Ann from Greeter");
	}

	@Test
	void annotatedOverrideOfAGenericMethodIsRegisteredOnceAndCallsTheOverride() throws Throwable {
		MethodRegistry registry = MethodRegistry.builder(this.mapper).addAnnotated(new StringEcho()).build();
		assertThat(registry.names()).containsExactly("echo");
		MethodInvoker echo = registry.find("echo");
		assertThat(echo.invoke(echo.bind(this.mapper.readTree("[\"hi\"]")))).isEqualTo("string hi");
	}

	@Test
	void publicMethodInheritedFromANonPublicClassIsRegisteredDespiteItsVisibilityBridge() throws Throwable {
		assumeThat(PublicHello.class.getDeclaredMethods()).anyMatch(Method::isBridge);
		MethodRegistry registry = MethodRegistry.builder(this.mapper).addAnnotated(new PublicHello()).build();
		assertThat(registry.names()).containsExactly("hello");
		assertThat(registry.find("hello").invoke(new Object[0])).isEqualTo("hello");
	}

	@Test
	void staticMethodsAreCalledWithoutTarget() throws Throwable {
		MethodRegistry registry = MethodRegistry.builder(this.mapper).addAnnotated(new Statics()).build();
		assertThat(registry.find("twice").invoke(new Object[] { 21 })).isEqualTo(42);
	}

	static class Calculator {

		@JsonRpcMethod(value = "math.sum", nonBlocking = true)
		long sum(long a, long b) {
			return a + b;
		}

		@JsonRpcMethod
		long subtract(long minuend, long subtrahend) {
			return minuend - subtrahend;
		}

		@JsonRpcMethod
		CompletionStage<Long> later() {
			return CompletableFuture.completedFuture(1L);
		}

		long notAnnotated() {
			return 0;
		}

	}

	static class SumA {

		@JsonRpcMethod
		long sum(long a) {
			return a;
		}

	}

	static class SumB {

		@JsonRpcMethod("sum")
		long add(long a) {
			return a;
		}

	}

	static class Reserved {

		@JsonRpcMethod("rpc.discover")
		String discover() {
			return "";
		}

	}

	static class TwoNamedX {

		@JsonRpcMethod
		long pair(@JsonRpcParam("x") long a, @JsonRpcParam("x") long b) {
			return a + b;
		}

	}

	static class EmptyName {

		@JsonRpcMethod
		String echo(@JsonRpcParam("") String value) {
			return value;
		}

	}

	static class BaseGreeter {

		@JsonRpcMethod
		String greet(String name) {
			return "hello " + name + " from base";
		}

		@JsonRpcMethod
		private String farewell() {
			return "bye from base";
		}

	}

	static class Greeter extends BaseGreeter {

		@Override
		@JsonRpcMethod
		String greet(String name) {
			return "hello " + name + " from Greeter";
		}

	}

	abstract static class Echo<T> {

		@JsonRpcMethod
		abstract String echo(T value);

	}

	static class StringEcho extends Echo<String> {

		@Override
		@JsonRpcMethod
		String echo(String value) {
			return "string " + value;
		}

	}

	static class PackageHello {

		@JsonRpcMethod
		public String hello() {
			return "hello";
		}

	}

	public static class PublicHello extends PackageHello {

	}

	static class Statics {

		@JsonRpcMethod
		static int twice(int value) {
			return value * 2;
		}

	}

}
