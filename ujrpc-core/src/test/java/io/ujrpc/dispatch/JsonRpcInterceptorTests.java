package io.ujrpc.dispatch;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.context.RequestContext;
import io.ujrpc.protocol.JsonRpcError;
import io.ujrpc.protocol.JsonRpcException;
import io.ujrpc.protocol.JsonRpcResponse;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class JsonRpcInterceptorTests {

	private final ObjectMapper mapper = JsonMapper.builder().build();

	private final ExecutorService executor = Executors.newFixedThreadPool(2, (task) -> new Thread(task, "blocking"));

	private final List<String> events = new CopyOnWriteArrayList<>();

	private final Methods methods = new Methods(this.events);

	@AfterEach
	void shutDown() {
		this.executor.shutdownNow();
	}

	@Test
	void interceptorsRunInOrderAroundTheMethodAndSeeItsResultInReverse() throws Exception {
		InterceptorHarness harness = harness(new Recording("a", this.events), new Recording("b", this.events));
		JsonNode answer = harness.call("{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[\"hi\"],\"id\":1}");
		assertThat(answer.get("result").asString()).isEqualTo("hi");
		assertThat(this.events).containsExactly("a.pre echo", "b.pre echo", "a.around", "b.around", "method hi",
				"b.after result hi", "a.after result hi");
	}

	@Test
	void returnedErrorRejectsTheCallBeforeLaterInterceptorsAndTheMethod() throws Exception {
		JsonRpcInterceptor deny = new JsonRpcInterceptor() {

			@Override
			public @Nullable JsonRpcError preHandle(RequestContext call, MethodInvoker method) {
				return new JsonRpcError(-32003, "Forbidden", null);
			}

		};
		InterceptorHarness harness = harness(new Recording("a", this.events), deny, new Recording("c", this.events));
		JsonNode answer = harness.call("{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[\"hi\"],\"id\":7}");
		assertThat(answer.get("error").get("code").asInt()).isEqualTo(-32003);
		assertThat(answer.get("id").asInt()).isEqualTo(7);
		assertThat(this.events).containsExactly("a.pre echo", "c.after error -32003", "a.after error -32003");
	}

	@Test
	void thrownJsonRpcExceptionRejectsWithItsError() throws Exception {
		InterceptorHarness harness = harness(new JsonRpcInterceptor() {

			@Override
			public @Nullable JsonRpcError preHandle(RequestContext call, MethodInvoker method) {
				throw new JsonRpcException(-32001, "Unauthorized");
			}

		});
		JsonNode answer = harness.call("{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[\"hi\"],\"id\":1}");
		assertThat(answer.get("error").get("code").asInt()).isEqualTo(-32001);
		assertThat(this.events).isEmpty();
	}

	@Test
	void unexpectedExceptionBeforeTheCallIsAnInternalErrorWithoutDetails() throws Exception {
		InterceptorHarness harness = harness(new JsonRpcInterceptor() {

			@Override
			public @Nullable JsonRpcError preHandle(RequestContext call, MethodInvoker method) {
				throw new IllegalStateException("secret detail");
			}

		});
		JsonNode answer = harness.call("{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[\"hi\"],\"id\":1}");
		assertThat(answer.get("error").get("code").asInt()).isEqualTo(-32603);
		assertThat(answer.toString()).doesNotContain("secret");
	}

	@Test
	void aroundRunsOnTheBlockingThreadForABlockingMethodAndOnTheDispatchingThreadForANonBlockingOne() throws Exception {
		List<String> threads = new CopyOnWriteArrayList<>();
		InterceptorHarness harness = harness(new JsonRpcInterceptor() {

			@Override
			public @Nullable JsonRpcError preHandle(RequestContext call, MethodInvoker method) {
				threads.add("pre " + call.method() + " " + Thread.currentThread().getName());
				return null;
			}

			@Override
			public @Nullable Object aroundInvoke(RequestContext call, MethodInvoker method, Invocation invocation)
					throws Throwable {
				threads.add("around " + call.method() + " " + Thread.currentThread().getName());
				return invocation.proceed();
			}

		});
		String dispatching = Thread.currentThread().getName();
		harness.call("{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[\"hi\"],\"id\":1}");
		harness.call("{\"jsonrpc\":\"2.0\",\"method\":\"fast\",\"id\":2}");
		assertThat(threads).containsExactly("pre echo " + dispatching, "around echo blocking",
				"pre fast " + dispatching, "around fast " + dispatching);
	}

	@Test
	void aroundCanSetThreadStateThatTheMethodSeesAndClearIt() throws Exception {
		ThreadLocal<String> caller = new ThreadLocal<>();
		this.methods.caller = caller;
		InterceptorHarness harness = harness(new JsonRpcInterceptor() {

			@Override
			public @Nullable Object aroundInvoke(RequestContext call, MethodInvoker method, Invocation invocation)
					throws Throwable {
				caller.set(call.headers().get("x-user") + "@" + call.method());
				try {
					return invocation.proceed();
				}
				finally {
					caller.remove();
				}
			}

		});
		JsonNode answer = harness.call("{\"jsonrpc\":\"2.0\",\"method\":\"whoAmI\",\"id\":1}");
		assertThat(answer.get("result").asString()).isEqualTo("null@whoAmI");
		String leftOver = this.executor.submit(caller::get).get();
		assertThat(leftOver).isNull();
	}

	@Test
	void exceptionThrownAroundIsMappedLikeTheMethodsOwn() throws Exception {
		InterceptorHarness harness = harness(new JsonRpcInterceptor() {

			@Override
			public @Nullable Object aroundInvoke(RequestContext call, MethodInvoker method, Invocation invocation) {
				throw new JsonRpcException(-32050, "Not today");
			}

		});
		JsonNode answer = harness.call("{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[\"hi\"],\"id\":1}");
		assertThat(answer.get("error").get("code").asInt()).isEqualTo(-32050);
		assertThat(this.events).isEmpty();
	}

	@Test
	void everyBatchElementGoesThroughTheInterceptors() throws Exception {
		InterceptorHarness harness = harness(new Recording("a", this.events));
		JsonNode answer = harness.call("[{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[\"x\"],\"id\":1},"
				+ "{\"jsonrpc\":\"2.0\",\"method\":\"fast\",\"id\":2},"
				+ "{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[\"n\"]},"
				+ "{\"jsonrpc\":\"2.0\",\"method\":\"missing\",\"id\":3}]");
		assertThat(answer.size()).isEqualTo(3);
		assertThat(this.events).filteredOn((event) -> event.startsWith("a.pre"))
			.containsExactlyInAnyOrder("a.pre echo", "a.pre fast", "a.pre echo");
		assertThat(this.events).filteredOn((event) -> event.startsWith("a.after")).hasSize(3);
	}

	@Test
	void asyncMethodsOutcomeIsObservedWhenItsStageCompletes() throws Exception {
		InterceptorHarness harness = harness(new Recording("a", this.events));
		JsonNode answer = harness.call("{\"jsonrpc\":\"2.0\",\"method\":\"later\",\"id\":1}");
		assertThat(answer.get("result").asString()).isEqualTo("later");
		assertThat(this.events).containsExactly("a.pre later", "a.around", "method later", "a.after result later");
	}

	@Test
	void registryWithoutInterceptorsListsNone() {
		MethodRegistry registry = MethodRegistry.builder(this.mapper).addAnnotated(this.methods).build();
		assertThat(registry.interceptors()).isEmpty();
	}

	private InterceptorHarness harness(JsonRpcInterceptor... interceptors) {
		MethodRegistry.Builder builder = MethodRegistry.builder(this.mapper).addAnnotated(this.methods);
		for (JsonRpcInterceptor interceptor : interceptors) {
			builder.interceptor(interceptor);
		}
		return new InterceptorHarness(this.mapper, builder.build(), this.executor);
	}

	private final class Recording implements JsonRpcInterceptor {

		private final String name;

		private final List<String> events;

		Recording(String name, List<String> events) {
			this.name = name;
			this.events = events;
		}

		@Override
		public @Nullable JsonRpcError preHandle(RequestContext call, MethodInvoker method) {
			this.events.add(this.name + ".pre " + method.name());
			return null;
		}

		@Override
		public @Nullable Object aroundInvoke(RequestContext call, MethodInvoker method, Invocation invocation)
				throws Throwable {
			this.events.add(this.name + ".around");
			return invocation.proceed();
		}

		@Override
		public void afterCompletion(RequestContext call, MethodInvoker method, JsonRpcResponse response) {
			this.events.add(this.name + ".after "
					+ (response.isError() ? "error " + response.error().code() : "result " + response.result()));
		}

	}

	static class Methods {

		private final List<String> events;

		ThreadLocal<String> caller = new ThreadLocal<>();

		Methods(List<String> events) {
			this.events = events;
		}

		@JsonRpcMethod
		String echo(String text) {
			this.events.add("method " + text);
			return text;
		}

		@JsonRpcMethod(nonBlocking = true)
		String fast() {
			return "fast";
		}

		@JsonRpcMethod
		String whoAmI() {
			return this.caller.get();
		}

		@JsonRpcMethod(nonBlocking = true)
		java.util.concurrent.CompletionStage<String> later() {
			this.events.add("method later");
			return java.util.concurrent.CompletableFuture.supplyAsync(() -> "later");
		}

	}

}
