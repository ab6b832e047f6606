package io.ujrpc.dispatch;

import java.nio.charset.StandardCharsets;

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
 * Dispatches one JSON text through a registry, every method on the calling thread, and
 * reads the answer back as JSON.
 */
final class DispatchHarness {

	private final ObjectMapper mapper;

	private final JsonRpcExchange dispatcher;

	DispatchHarness(ObjectMapper mapper, MethodRegistry registry) {
		this.mapper = mapper;
		this.dispatcher = new JsonRpcExchange(new JsonRpcDispatcher(registry, Runnable::run, false),
				new JsonRpcCodec(mapper, 10), ServerMetricsListener.NONE);
	}

	JsonNode call(String json) {
		ByteBuf payload = Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
		ByteBuf answer;
		try {
			answer = this.dispatcher.answer(payload, ByteBufAllocator.DEFAULT, Protocol.HTTP).join();
		}
		finally {
			payload.release();
		}
		try {
			return this.mapper.readTree(answer.toString(StandardCharsets.UTF_8));
		}
		finally {
			answer.release();
		}
	}

	JsonNode json(String text) {
		return this.mapper.readTree(text);
	}

}
