package io.ujrpc.dispatch;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.internal.netty.JsonRpcExchange;
import io.ujrpc.observation.ServerMetricsListener;
import io.ujrpc.protocol.JsonRpcCodec;
import io.ujrpc.protocol.JsonRpcException;
import io.ujrpc.protocol.Protocol;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class JsonRpcDispatcherTests {

	private final ObjectMapper mapper = JsonMapper.builder().build();

	private final Methods methods = new Methods();

	private final MethodRegistry registry = MethodRegistry.builder(this.mapper).addAnnotated(this.methods).build();

	/** Runs blocking calls when the test says so. */
	private final ManualExecutor executor = new ManualExecutor();

	private JsonRpcExchange dispatcher = dispatcher(this.executor, false);

	@Test
	void ioThreadMethodWithPlainResultCompletesBeforeDispatchReturns() {
		CompletableFuture<ByteBuf> answer = dispatch(
				"{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[\"hi\"],\"id\":1}");
		assertThat(answer).isDone();
		assertThat(this.executor.tasks).isEmpty();
		assertJson(answer, "{\"jsonrpc\":\"2.0\",\"result\":\"hi\",\"id\":1}");
	}

	@Test
	void blockingMethodRunsOnTheExecutor() {
		CompletableFuture<ByteBuf> answer = dispatch(
				"{\"jsonrpc\":\"2.0\",\"method\":\"blockingEcho\",\"params\":[\"hi\"],\"id\":1}");
		assertThat(answer).isNotDone();
		assertThat(this.methods.threads).isEmpty();
		this.executor.runAll();
		assertThat(this.methods.threads).containsExactly("executor");
		assertJson(answer, "{\"jsonrpc\":\"2.0\",\"result\":\"hi\",\"id\":1}");
	}

	@Test
	void asyncMethodIsAnsweredWhenItsStageCompletes() {
		CompletableFuture<ByteBuf> answer = dispatch("{\"jsonrpc\":\"2.0\",\"method\":\"later\",\"id\":\"a\"}");
		assertThat(answer).isNotDone();
		this.methods.later.complete("done");
		assertJson(answer, "{\"jsonrpc\":\"2.0\",\"result\":\"done\",\"id\":\"a\"}");
	}

	@Test
	void asyncMethodThatFailsIsAnsweredWithItsError() {
		CompletableFuture<ByteBuf> answer = dispatch("{\"jsonrpc\":\"2.0\",\"method\":\"later\",\"id\":2}");
		this.methods.later.completeExceptionally(new JsonRpcException(-32010, "Too late"));
		assertJson(answer, "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32010,\"message\":\"Too late\"},\"id\":2}");
	}

	@Test
	void blockingAsyncMethodIsAnsweredWhenItsStageCompletes() {
		CompletableFuture<ByteBuf> answer = dispatch("{\"jsonrpc\":\"2.0\",\"method\":\"blockingLater\",\"id\":3}");
		this.executor.runAll();
		assertThat(answer).isNotDone();
		this.methods.later.complete("done");
		assertJson(answer, "{\"jsonrpc\":\"2.0\",\"result\":\"done\",\"id\":3}");
	}

	@Test
	void jsonRpcExceptionPassesCodeMessageAndDataThrough() {
		assertJson(dispatch("{\"jsonrpc\":\"2.0\",\"method\":\"quota\",\"id\":1}"),
				"{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32001,\"message\":\"Quota exceeded\",\"data\":{\"limit\":10}},\"id\":1}");
	}

	@Test
	void jsonRpcExceptionWithoutMessageFromABlockingMethodIsStillAnswered() {
		CompletableFuture<ByteBuf> answer = dispatch("{\"jsonrpc\":\"2.0\",\"method\":\"silent\",\"id\":1}");
		this.executor.runAll();
		assertJson(answer, "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32042,\"message\":\"Error -32042\"},\"id\":1}");
	}

	@Test
	void unexpectedExceptionIsAnInternalErrorWithoutItsMessage() {
		CompletableFuture<ByteBuf> answer = dispatch("{\"jsonrpc\":\"2.0\",\"method\":\"boom\",\"id\":1}");
		String text = text(answer);
		assertThat(text).doesNotContain("secret");
		assertThat(this.mapper.readTree(text)).isEqualTo(this.mapper
			.readTree("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32603,\"message\":\"Internal error\"},\"id\":1}"));
	}

	@Test
	void unexpectedExceptionDetailsAreSentOnlyWhenAskedFor() {
		this.dispatcher = dispatcher(this.executor, true);
		assertJson(dispatch("{\"jsonrpc\":\"2.0\",\"method\":\"boom\",\"id\":1}"),
				"{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32603,\"message\":\"Internal error\",\"data\":"
						+ "{\"exception\":\"java.lang.IllegalStateException\",\"message\":\"secret detail\"}},\"id\":1}");
	}

	@Test
	void invalidParamsAreAnsweredWithMinus32602NamingTheParameter() {
		assertJson(dispatch("{\"jsonrpc\":\"2.0\",\"method\":\"twice\",\"params\":[\"2\"],\"id\":1}"),
				"{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32602,\"message\":"
						+ "\"Invalid params: parameter 'value' is a string (expected: a 32-bit integer)\"},\"id\":1}");
	}

	@Test
	void rejectedExecutorIsAnsweredServerBusy() {
		this.dispatcher = dispatcher((task) -> {
			throw new RejectedExecutionException("full");
		}, false);
		assertJson(dispatch("{\"jsonrpc\":\"2.0\",\"method\":\"blockingEcho\",\"params\":[\"hi\"],\"id\":1}"),
				"{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32000,\"message\":\"Server busy\"},\"id\":1}");
	}

	@Test
	void notificationErrorsProduceNothing() {
		this.dispatcher = dispatcher((task) -> {
			throw new RejectedExecutionException("full");
		}, false);
		assertThat(dispatch("{\"jsonrpc\":\"2.0\",\"method\":\"boom\"}")).isCompletedWithValue(null);
		assertThat(dispatch("{\"jsonrpc\":\"2.0\",\"method\":\"quota\"}")).isCompletedWithValue(null);
		assertThat(dispatch("{\"jsonrpc\":\"2.0\",\"method\":\"missing\"}")).isCompletedWithValue(null);
		assertThat(dispatch("{\"jsonrpc\":\"2.0\",\"method\":\"twice\",\"params\":[\"x\"]}"))
			.isCompletedWithValue(null);
		assertThat(dispatch("{\"jsonrpc\":\"2.0\",\"method\":\"blockingEcho\",\"params\":[\"x\"]}"))
			.isCompletedWithValue(null);
		assertThat(dispatch("{\"jsonrpc\":\"2.0\",\"method\":\"unserializable\"}")).isCompletedWithValue(null);
	}

	@Test
	void failedAsyncNotificationProducesNothing() {
		CompletableFuture<ByteBuf> answer = dispatch("{\"jsonrpc\":\"2.0\",\"method\":\"later\"}");
		this.methods.later.completeExceptionally(new IllegalStateException("ignored"));
		assertThat(answer).isCompletedWithValue(null);
	}

	@Test
	void batchKeepsRequestOrderWithMixedSyncBlockingAndAsyncCalls() {
		CompletableFuture<ByteBuf> answer = dispatch("[{\"jsonrpc\":\"2.0\",\"method\":\"later\",\"id\":1},"
				+ "{\"jsonrpc\":\"2.0\",\"method\":\"blockingEcho\",\"params\":[\"b\"],\"id\":2},"
				+ "{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[\"s\"]},"
				+ "{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[\"c\"],\"id\":3}]");
		assertThat(answer).isNotDone();
		this.executor.runAll();
		assertThat(answer).isNotDone();
		this.methods.later.complete("a");
		assertJson(answer, "[{\"jsonrpc\":\"2.0\",\"result\":\"a\",\"id\":1},"
				+ "{\"jsonrpc\":\"2.0\",\"result\":\"b\",\"id\":2},{\"jsonrpc\":\"2.0\",\"result\":\"c\",\"id\":3}]");
	}

	@Test
	void batchOfSynchronousCallsCompletesBeforeDispatchReturns() {
		CompletableFuture<ByteBuf> answer = dispatch(
				"[{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[\"a\"],\"id\":1},"
						+ "{\"jsonrpc\":\"2.0\",\"method\":\"twice\",\"params\":[2],\"id\":2}]");
		assertThat(answer).isDone();
		assertJson(answer,
				"[{\"jsonrpc\":\"2.0\",\"result\":\"a\",\"id\":1},{\"jsonrpc\":\"2.0\",\"result\":4,\"id\":2}]");
	}

	@Test
	void unserializableResultIsAnInternalError() {
		assertJson(dispatch("{\"jsonrpc\":\"2.0\",\"method\":\"unserializable\",\"id\":1}"),
				"{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32603,\"message\":\"Internal error\"},\"id\":1}");
	}

	@Test
	void unserializableResultInABatchFailsThatElementOnly() {
		assertJson(
				dispatch("[{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[\"a\"],\"id\":1},"
						+ "{\"jsonrpc\":\"2.0\",\"method\":\"unserializable\",\"id\":2},"
						+ "{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[\"c\"],\"id\":3}]"),
				"[{\"jsonrpc\":\"2.0\",\"result\":\"a\",\"id\":1},"
						+ "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32603,\"message\":\"Internal error\"},\"id\":2},"
						+ "{\"jsonrpc\":\"2.0\",\"result\":\"c\",\"id\":3}]");
	}

	@Test
	void unserializableErrorDataIsAnInternalError() {
		assertJson(dispatch("{\"jsonrpc\":\"2.0\",\"method\":\"badData\",\"id\":1}"),
				"{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32603,\"message\":\"Internal error\"},\"id\":1}");
	}

	@Test
	void asyncMethodReturningNullIsAnInternalError() {
		assertJson(dispatch("{\"jsonrpc\":\"2.0\",\"method\":\"nullStage\",\"id\":1}"),
				"{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32603,\"message\":\"Internal error\"},\"id\":1}");
	}

	@Test
	void readsADirectBufferAndLeavesItUnreleased() {
		ByteBuf payload = ByteBufAllocator.DEFAULT.directBuffer();
		payload.writeCharSequence("{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[\"d\"],\"id\":1}",
				StandardCharsets.UTF_8);
		try {
			assertJson(this.dispatcher.answer(payload, ByteBufAllocator.DEFAULT, Protocol.HTTP),
					"{\"jsonrpc\":\"2.0\",\"result\":\"d\",\"id\":1}");
			assertThat(payload.refCnt()).isEqualTo(1);
		}
		finally {
			payload.release();
		}
	}

	private JsonRpcExchange dispatcher(Executor executor, boolean includeExceptionDetails) {
		return new JsonRpcExchange(new JsonRpcDispatcher(this.registry, executor, includeExceptionDetails),
				new JsonRpcCodec(this.mapper, 10), ServerMetricsListener.NONE);
	}

	private CompletableFuture<ByteBuf> dispatch(String json) {
		ByteBuf payload = Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
		try {
			return this.dispatcher.answer(payload, ByteBufAllocator.DEFAULT, Protocol.HTTP);
		}
		finally {
			payload.release();
		}
	}

	private void assertJson(CompletableFuture<ByteBuf> answer, String expected) {
		assertThat(this.mapper.readTree(text(answer))).isEqualTo(this.mapper.readTree(expected));
	}

	private static String text(CompletableFuture<ByteBuf> answer) {
		assertThat(answer).isDone();
		ByteBuf buffer = answer.join();
		assertThat(buffer).isNotNull();
		try {
			return buffer.toString(StandardCharsets.UTF_8);
		}
		finally {
			buffer.release();
		}
	}

	static class ManualExecutor implements Executor {

		final Queue<Runnable> tasks = new ArrayDeque<>();

		@Override
		public void execute(Runnable task) {
			this.tasks.add(task);
		}

		void runAll() {
			Thread thread = Thread.currentThread();
			String name = thread.getName();
			thread.setName("executor");
			try {
				Runnable task;
				while ((task = this.tasks.poll()) != null) {
					task.run();
				}
			}
			finally {
				thread.setName(name);
			}
		}

	}

	static class Unserializable {

		public String getValue() {
			throw new IllegalStateException("cannot be read");
		}

	}

	static class Methods {

		final List<String> threads = new CopyOnWriteArrayList<>();

		final CompletableFuture<String> later = new CompletableFuture<>();

		@JsonRpcMethod(nonBlocking = true)
		String echo(String value) {
			return value;
		}

		@JsonRpcMethod(nonBlocking = true)
		int twice(int value) {
			return value * 2;
		}

		@JsonRpcMethod
		String blockingEcho(String value) {
			this.threads.add(Thread.currentThread().getName());
			return value;
		}

		@JsonRpcMethod(nonBlocking = true)
		CompletionStage<String> later() {
			return this.later;
		}

		@JsonRpcMethod
		CompletableFuture<String> blockingLater() {
			return this.later;
		}

		@JsonRpcMethod(nonBlocking = true)
		CompletionStage<String> nullStage() {
			return null;
		}

		@JsonRpcMethod(nonBlocking = true)
		void quota() {
			throw new JsonRpcException(-32001, "Quota exceeded", Map.of("limit", 10));
		}

		@JsonRpcMethod
		void silent() {
			throw new JsonRpcException(-32042, null);
		}

		@JsonRpcMethod(nonBlocking = true)
		void badData() {
			throw new JsonRpcException(-32002, "Bad data", new Unserializable());
		}

		@JsonRpcMethod(nonBlocking = true)
		void boom() {
			throw new IllegalStateException("secret detail");
		}

		@JsonRpcMethod(nonBlocking = true)
		Unserializable unserializable() {
			return new Unserializable();
		}

	}

}
