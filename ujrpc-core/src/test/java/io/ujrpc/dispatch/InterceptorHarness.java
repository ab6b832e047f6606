package io.ujrpc.dispatch;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.ujrpc.internal.netty.JsonRpcExchange;
import io.ujrpc.observation.ServerMetricsListener;
import io.ujrpc.protocol.JsonRpcCodec;
import io.ujrpc.protocol.Protocol;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Dispatches JSON text through a registry with a real blocking executor and reads the
 * answer as a tree, waiting a bounded time.
 */
final class InterceptorHarness {

	private final ObjectMapper mapper;

	private final JsonRpcExchange exchange;

	InterceptorHarness(ObjectMapper mapper, MethodRegistry registry, Executor executor) {
		this.mapper = mapper;
		this.exchange = new JsonRpcExchange(new JsonRpcDispatcher(registry, executor, false),
				new JsonRpcCodec(mapper, 10), ServerMetricsListener.NONE);
	}

	CompletableFuture<ByteBuf> dispatch(String json) {
		ByteBuf payload = Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
		try {
			return this.exchange.answer(payload, ByteBufAllocator.DEFAULT, Protocol.HTTP);
		}
		finally {
			payload.release();
		}
	}

	JsonNode call(String json) throws Exception {
		return read(dispatch(json), Duration.ofSeconds(10));
	}

	JsonNode read(CompletableFuture<ByteBuf> answer, Duration timeout) throws Exception {
		ByteBuf buffer = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		try {
			return this.mapper.readTree(buffer.toString(StandardCharsets.UTF_8));
		}
		finally {
			buffer.release();
		}
	}

}
