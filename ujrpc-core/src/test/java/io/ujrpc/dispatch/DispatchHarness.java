package io.ujrpc.dispatch;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.ujrpc.protocol.JsonRpcCodec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Dispatches one JSON text through a registry, every method on the calling thread, and
 * reads the answer back as JSON.
 */
final class DispatchHarness {

	private final ObjectMapper mapper;

	private final JsonRpcDispatcher dispatcher;

	DispatchHarness(ObjectMapper mapper, MethodRegistry registry) {
		this.mapper = mapper;
		this.dispatcher = new JsonRpcDispatcher(registry, new JsonRpcCodec(mapper, 10), Runnable::run, false);
	}

	JsonNode call(String json) {
		ByteBuf payload = Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
		ByteBuf answer;
		try {
			answer = this.dispatcher.dispatch(payload, ByteBufAllocator.DEFAULT, "test").join();
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
