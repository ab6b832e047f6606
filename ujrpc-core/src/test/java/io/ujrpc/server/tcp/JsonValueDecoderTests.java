package io.ujrpc.server.tcp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.ujrpc.protocol.JsonRpcErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonValueDecoderTests {

	private final EmbeddedChannel channel = new EmbeddedChannel(new JsonValueDecoder(64));

	@AfterEach
	void close() {
		this.channel.finishAndReleaseAll();
	}

	@Test
	void objectsAndArraysAreFramedWhole() {
		write("{\"a\":1}[{\"b\":[1,2]},{}]");
		assertThat(values()).containsExactly("{\"a\":1}", "[{\"b\":[1,2]},{}]");
	}

	@Test
	void whitespaceBetweenValuesIsSkipped() {
		write("  \n{\"a\":1}\r\n\t {\"b\":2}\n\n");
		assertThat(values()).containsExactly("{\"a\":1}", "{\"b\":2}");
	}

	@Test
	void bracketsInsideStringsDoNotCount() {
		write("{\"a\":\"}]{[\"}{\"b\":\"[\"}");
		assertThat(values()).containsExactly("{\"a\":\"}]{[\"}", "{\"b\":\"[\"}");
	}

	@Test
	void escapedQuotesAndBackslashesAreFollowed() {
		write("{\"a\":\"x\\\"}\"}{\"b\":\"\\\\\"}{\"c\":\"\\\\\\\"}\"}");
		assertThat(values()).containsExactly("{\"a\":\"x\\\"}\"}", "{\"b\":\"\\\\\"}", "{\"c\":\"\\\\\\\"}\"}");
	}

	@Test
	void valueSplitIntoSingleBytesIsFramedOnce() {
		String json = "{\"method\":\"echo\",\"params\":[\"{\\\"}\"]}";
		for (byte b : json.getBytes(StandardCharsets.UTF_8)) {
			this.channel.writeInbound(Unpooled.wrappedBuffer(new byte[] { b }));
		}
		assertThat(values()).containsExactly(json);
	}

	@Test
	void multiByteTextIsFramedIntact() {
		write("{\"a\":\"gr\u00fc\u00dfe \u2603 \ud83d\ude00 }\"}");
		assertThat(values()).containsExactly("{\"a\":\"gr\u00fc\u00dfe \u2603 \ud83d\ude00 }\"}");
	}

	@Test
	void malformedValueWithBalancedBracketsIsPassedOnForTheCodec() {
		write("{\"a\":}{\"b\":1}");
		assertThat(values()).containsExactly("{\"a\":}", "{\"b\":1}");
	}

	@Test
	void valueOverTheLimitFailsOnceThenInputIsDiscarded() {
		write("{\"ok\":1}{\"a\":\"" + "x".repeat(100) + "\"}");
		write("{\"b\":1}");
		List<Object> messages = messages();
		assertThat(messages).hasSize(2);
		assertThat(((ByteBuf) messages.get(0)).toString(StandardCharsets.UTF_8)).isEqualTo("{\"ok\":1}");
		((ByteBuf) messages.get(0)).release();
		JsonFramingError error = (JsonFramingError) messages.get(1);
		assertThat(error.error().code()).isEqualTo(JsonRpcErrorCode.INVALID_REQUEST.code());
		assertThat(error.error().message()).contains("over the limit of 64 bytes");
	}

	@Test
	void valueOfExactlyTheLimitIsAccepted() {
		String json = "{\"a\":\"" + "x".repeat(64 - 8) + "\"}";
		assertThat(json).hasSize(64);
		write(json);
		assertThat(values()).containsExactly(json);
	}

	@Test
	void incompleteValueOverTheLimitFailsBeforeItEnds() {
		write("[" + "1,".repeat(40));
		assertThat(messages()).singleElement()
			.isInstanceOfSatisfying(JsonFramingError.class,
					(error) -> assertThat(error.error().code()).isEqualTo(JsonRpcErrorCode.INVALID_REQUEST.code()));
	}

	@Test
	void garbageIsAParseError() {
		write("{\"a\":1}\nGET / HTTP/1.1\r\n");
		List<Object> messages = messages();
		assertThat(messages).hasSize(2);
		((ByteBuf) messages.get(0)).release();
		JsonFramingError error = (JsonFramingError) messages.get(1);
		assertThat(error.error().code()).isEqualTo(JsonRpcErrorCode.PARSE_ERROR.code());
		assertThat(error.error().message()).contains("0x47");
	}

	@Test
	void topLevelScalarIsAnInvalidRequest() {
		write("42");
		assertThat(messages()).singleElement()
			.isInstanceOfSatisfying(JsonFramingError.class,
					(error) -> assertThat(error.error().code()).isEqualTo(JsonRpcErrorCode.INVALID_REQUEST.code()));
	}

	@Test
	void onlyWhitespaceProducesNothing() {
		write(" \n\n \t");
		assertThat(messages()).isEmpty();
	}

	private void write(String text) {
		this.channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
	}

	private List<Object> messages() {
		List<Object> messages = new ArrayList<>();
		Object message;
		while ((message = this.channel.readInbound()) != null) {
			messages.add(message);
		}
		return messages;
	}

	private List<String> values() {
		List<String> values = new ArrayList<>();
		for (Object message : messages()) {
			ByteBuf value = (ByteBuf) message;
			values.add(value.toString(StandardCharsets.UTF_8));
			value.release();
		}
		return values;
	}

}
