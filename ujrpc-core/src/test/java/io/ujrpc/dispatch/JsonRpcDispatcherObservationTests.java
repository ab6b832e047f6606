package io.ujrpc.dispatch;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.internal.netty.JsonRpcExchange;
import io.ujrpc.observation.DefaultJsonRpcServerObservationConvention;
import io.ujrpc.observation.JsonRpcServerContext;
import io.ujrpc.observation.JsonRpcServerObservationConvention;
import io.ujrpc.observation.ServerMetricsListener;
import io.ujrpc.protocol.JsonRpcCodec;
import io.ujrpc.protocol.JsonRpcException;
import io.ujrpc.protocol.Protocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class JsonRpcDispatcherObservationTests {

	private static final String NAME = "jsonrpc.server.requests";

	private final TestObservationRegistry observations = TestObservationRegistry.create();

	private final List<Observation.Context> recorded = new CopyOnWriteArrayList<>();

	private final ExecutorService executor = Executors.newFixedThreadPool(2);

	private final RecordingListener listener = new RecordingListener();

	private final Methods methods = new Methods(this.observations);

	@BeforeEach
	void record() {
		this.observations.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public void onStart(Observation.Context context) {
				JsonRpcDispatcherObservationTests.this.recorded.add(context);
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

		});
	}

	@AfterEach
	void shutDown() {
		this.executor.shutdownNow();
	}

	@Test
	void successIsObservedWithStatusZeroAndOutcomeSuccess() {
		String response = dispatch(dispatcher(null),
				"{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":7}");
		assertThat(response).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":7}");
		assertThat(this.recorded).hasSize(1);
		Observation.Context context = this.recorded.get(0);
		assertThat(context.getName()).isEqualTo(NAME);
		assertThat(context.getContextualName()).isEqualTo("sum");
		assertThat(tags(context)).containsExactlyEntriesOf(tags("sum", "0", "SUCCESS"));
		assertThat(context.getHighCardinalityKeyValue("jsonrpc.request.id").getValue()).isEqualTo("7");
		assertThat(context.getError()).isNull();
	}

	@Test
	void unknownMethodIsObservedAsOtherWithMethodNotFound() {
		dispatch(dispatcher(null), "{\"jsonrpc\":\"2.0\",\"method\":\"nope-" + System.nanoTime() + "\",\"id\":1}");
		assertThat(tags(single())).containsExactlyEntriesOf(tags("_OTHER", "-32601", "CLIENT_ERROR"));
	}

	@Test
	void invalidParamsAreAClientError() {
		dispatch(dispatcher(null), "{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2,3],\"id\":1}");
		assertThat(tags(single())).containsExactlyEntriesOf(tags("sum", "-32602", "CLIENT_ERROR"));
	}

	@Test
	void parseErrorIsObservedAsOther() {
		dispatch(dispatcher(null), "{not json");
		assertThat(tags(single())).containsExactlyEntriesOf(tags("_OTHER", "-32700", "CLIENT_ERROR"));
	}

	@Test
	void unexpectedExceptionIsAServerErrorAndRecordedOnTheObservation() {
		dispatch(dispatcher(null), "{\"jsonrpc\":\"2.0\",\"method\":\"fail\",\"id\":1}");
		Observation.Context context = single();
		assertThat(tags(context)).containsExactlyEntriesOf(tags("fail", "-32603", "SERVER_ERROR"));
		assertThat(context.getError()).isInstanceOf(IllegalStateException.class).hasMessage("boom");
		assertThat(context.getLowCardinalityKeyValue("error")).as("the meter handler adds 'error', not us").isNull();
	}

	@Test
	void applicationErrorCodeIsAClientError() {
		dispatch(dispatcher(null), "{\"jsonrpc\":\"2.0\",\"method\":\"refuse\",\"id\":1}");
		assertThat(tags(single())).containsExactlyEntriesOf(tags("refuse", "42", "CLIENT_ERROR"));
	}

	@Test
	void notificationIsObservedThoughNothingIsAnswered() {
		String response = dispatch(dispatcher(null), "{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2]}");
		assertThat(response).isNull();
		Observation.Context context = single();
		assertThat(tags(context)).containsExactlyEntriesOf(tags("sum", "0", "SUCCESS"));
		assertThat(((JsonRpcServerContext) context).isNotification()).isTrue();
		assertThat(context.getHighCardinalityKeyValue("jsonrpc.request.id")).isNull();
	}

	@Test
	void batchIsObservedAsOneObservationPerCallAndItsSizeIsReported() {
		dispatch(dispatcher(null), "[{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1},"
				+ "{\"jsonrpc\":\"2.0\",\"method\":\"missing\",\"id\":2},{\"jsonrpc\":\"2.0\",\"method\":\"sum\","
				+ "\"params\":[3,4]},{\"foo\":1}]");
		assertThat(this.recorded).hasSize(4);
		assertThat(this.recorded.stream().map(JsonRpcDispatcherObservationTests::tags).toList()).containsExactly(
				tags("sum", "0", "SUCCESS"), tags("_OTHER", "-32601", "CLIENT_ERROR"), tags("sum", "0", "SUCCESS"),
				tags("_OTHER", "-32600", "CLIENT_ERROR"));
		assertThat(this.listener.batchSizes).containsExactly(4);
		assertThat(this.listener.started).hasValue(1);
		assertThat(this.listener.finished).hasValue(1);
	}

	@Test
	void singleRequestIsNotReportedAsABatch() {
		dispatch(dispatcher(null), "{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1}");
		assertThat(this.listener.batchSizes).isEmpty();
		assertThat(this.listener.started).hasValue(1);
		assertThat(this.listener.finished).hasValue(1);
	}

	@Test
	void blockingMethodRunsWithItsObservationInScopeAndStopsWhenItReturns() {
		String response = dispatch(dispatcher(null), "{\"jsonrpc\":\"2.0\",\"method\":\"current\",\"id\":1}");
		assertThat(response).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"current\",\"id\":1}");
		assertThat(this.methods.seenOnThread.get()).startsWith("pool-");
		assertThat(tags(single())).containsExactlyEntriesOf(tags("current", "0", "SUCCESS"));
	}

	@Test
	void asyncMethodStopsItsObservationWhenTheStageCompletes() throws Exception {
		JsonRpcExchange dispatcher = dispatcher(null);
		CompletableFuture<ByteBuf> future = dispatcher.answer(
				utf8("{\"jsonrpc\":\"2.0\",\"method\":\"later\",\"id\":1}"), UnpooledByteBufAllocator.DEFAULT,
				Protocol.HTTP);
		assertThat(future).isNotDone();
		assertThat(this.recorded).hasSize(1);
		JsonRpcServerContext context = (JsonRpcServerContext) single();
		assertThat(context.isFinished()).isFalse();
		assertThat(tags(context)).containsEntry("rpc.status_code", "UNKNOWN").containsEntry("outcome", "UNKNOWN");
		assertThat(this.listener.finished).hasValue(0);
		this.methods.later.complete("done");
		release(future.get(5, TimeUnit.SECONDS));
		assertThat(tags(context)).containsExactlyEntriesOf(tags("later", "0", "SUCCESS"));
		assertThat(this.listener.finished).hasValue(1);
	}

	@Test
	void customConventionReplacesTheDefault() {
		JsonRpcServerObservationConvention custom = new DefaultJsonRpcServerObservationConvention() {

			@Override
			public String getName() {
				return "custom.calls";
			}

			@Override
			public KeyValues getLowCardinalityKeyValues(JsonRpcServerContext context) {
				return super.getLowCardinalityKeyValues(context).and("tenant", "acme");
			}

		};
		dispatch(dispatcher(custom), "{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1}");
		Observation.Context context = single();
		assertThat(context.getName()).isEqualTo("custom.calls");
		assertThat(context.getLowCardinalityKeyValue("tenant").getValue()).isEqualTo("acme");
	}

	@Test
	void noopRegistryDoesNoObservationWorkAtAll() {
		AtomicInteger conventionCalls = new AtomicInteger();
		JsonRpcServerObservationConvention counting = new DefaultJsonRpcServerObservationConvention() {

			@Override
			public KeyValues getLowCardinalityKeyValues(JsonRpcServerContext context) {
				conventionCalls.incrementAndGet();
				return super.getLowCardinalityKeyValues(context);
			}

		};
		// A registry without handlers is a no-op registry too.
		for (ObservationRegistry registry : List.of(ObservationRegistry.NOOP, ObservationRegistry.create())) {
			JsonRpcExchange dispatcher = new JsonRpcExchange(
					new JsonRpcDispatcher(registry(), this.executor, false, registry, counting), codec(),
					ServerMetricsListener.NONE);
			String response = dispatch(dispatcher,
					"[{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1},"
							+ "{\"jsonrpc\":\"2.0\",\"method\":\"current\",\"id\":2}]");
			assertThat(response).contains("\"result\":3").contains("\"result\":null");
		}
		assertThat(conventionCalls).hasValue(0);
	}

	private JsonRpcExchange dispatcher(JsonRpcServerObservationConvention convention) {
		return new JsonRpcExchange(
				new JsonRpcDispatcher(registry(), this.executor, false, this.observations, convention), codec(),
				this.listener);
	}

	private MethodRegistry registry() {
		return MethodRegistry.builder(JsonMapper.builder().build()).addAnnotated(this.methods).build();
	}

	private static JsonRpcCodec codec() {
		return new JsonRpcCodec(JsonMapper.builder().build(), 100);
	}

	private static String dispatch(JsonRpcExchange dispatcher, String payload) {
		ByteBuf request = utf8(payload);
		try {
			ByteBuf response = dispatcher.answer(request, UnpooledByteBufAllocator.DEFAULT, Protocol.HTTP)
				.get(5, TimeUnit.SECONDS);
			return release(response);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		finally {
			request.release();
		}
	}

	private static ByteBuf utf8(String text) {
		return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
	}

	private static String release(ByteBuf buffer) {
		if (buffer == null) {
			return null;
		}
		try {
			return buffer.toString(StandardCharsets.UTF_8);
		}
		finally {
			buffer.release();
		}
	}

	private Observation.Context single() {
		assertThat(this.recorded).hasSize(1);
		return this.recorded.get(0);
	}

	private static Map<String, String> tags(Observation.Context context) {
		Map<String, String> tags = new TreeMap<>();
		for (KeyValue keyValue : context.getLowCardinalityKeyValues()) {
			tags.put(keyValue.getKey(), keyValue.getValue());
		}
		return tags;
	}

	private static Map<String, String> tags(String method, String status, String outcome) {
		return new TreeMap<>(Map.of("rpc.system", "jsonrpc", "rpc.method", method, "rpc.status_code", status, "outcome",
				outcome, "transport", "http"));
	}

	static class Methods {

		final CompletableFuture<String> later = new CompletableFuture<>();

		final AtomicReference<String> seenOnThread = new AtomicReference<>();

		private final ObservationRegistry observations;

		Methods(ObservationRegistry observations) {
			this.observations = observations;
		}

		@JsonRpcMethod(nonBlocking = true)
		long sum(long a, long b) {
			return a + b;
		}

		@JsonRpcMethod(nonBlocking = true)
		void fail() {
			throw new IllegalStateException("boom");
		}

		@JsonRpcMethod(nonBlocking = true)
		void refuse() {
			throw new JsonRpcException(42, "Refused");
		}

		@JsonRpcMethod
		String current() {
			this.seenOnThread.set(Thread.currentThread().getName());
			Observation current = this.observations.getCurrentObservation();
			return (current != null) ? ((JsonRpcServerContext) current.getContext()).getMethodName() : null;
		}

		@JsonRpcMethod(nonBlocking = true)
		CompletionStage<String> later() {
			return this.later;
		}

	}

	static class RecordingListener implements ServerMetricsListener {

		final List<Integer> batchSizes = new CopyOnWriteArrayList<>();

		final AtomicInteger started = new AtomicInteger();

		final AtomicInteger finished = new AtomicInteger();

		@Override
		public void requestStarted(Protocol protocol) {
			this.started.incrementAndGet();
		}

		@Override
		public void requestFinished(Protocol protocol) {
			this.finished.incrementAndGet();
		}

		@Override
		public void batchReceived(Protocol protocol, int size) {
			this.batchSizes.add(size);
		}

	}

}
