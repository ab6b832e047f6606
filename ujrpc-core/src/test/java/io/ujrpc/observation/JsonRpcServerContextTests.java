package io.ujrpc.observation;

import java.util.function.Consumer;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.ujrpc.protocol.JsonRpcRequest;
import io.ujrpc.protocol.Protocol;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.IntNode;

import static org.assertj.core.api.Assertions.assertThat;

class JsonRpcServerContextTests {

	private static final KeyValues START = KeyValues.of("a", "1", "b", "UNKNOWN", "c", "x");

	private static final KeyValues STOP = KeyValues.of("a", "1", "b", "0", "c", "x");

	@Test
	void keyValuesOfAConventionAreKeptAsGiven() {
		JsonRpcServerContext context = context();
		context.addLowCardinalityKeyValues(START);
		assertThat(context.getLowCardinalityKeyValues()).isSameAs(START);
		context.addLowCardinalityKeyValues(STOP);
		assertThat(context.getLowCardinalityKeyValues()).isSameAs(STOP);
		assertThat(context.getLowCardinalityKeyValue("b")).isEqualTo(KeyValue.of("b", "0"));
	}

	@Test
	void keyValuesBehaveAsInAPlainContext() {
		assertSameAsPlainContext((context) -> {
			context.addLowCardinalityKeyValues(START);
			context.addLowCardinalityKeyValue(KeyValue.of("region", "eu"));
			context.addLowCardinalityKeyValues(STOP);
		});
		assertSameAsPlainContext((context) -> {
			context.addLowCardinalityKeyValues(STOP.and("tenant", "acme"));
			context.addLowCardinalityKeyValues(START);
			context.removeLowCardinalityKeyValues("c", "missing");
			context.addHighCardinalityKeyValues(KeyValues.of("id", "1"));
			context.addHighCardinalityKeyValue(KeyValue.of("id", "2"));
			context.addHighCardinalityKeyValue(KeyValue.of("peer", "p"));
			context.removeHighCardinalityKeyValue("peer");
		});
	}

	private void assertSameAsPlainContext(Consumer<Observation.Context> changes) {
		Observation.Context plain = new Observation.Context();
		JsonRpcServerContext context = context();
		changes.accept(plain);
		changes.accept(context);
		assertThat(context.getLowCardinalityKeyValues()).isEqualTo(plain.getLowCardinalityKeyValues());
		assertThat(context.getHighCardinalityKeyValues()).isEqualTo(plain.getHighCardinalityKeyValues());
		assertThat(context.getAllKeyValues()).isEqualTo(plain.getAllKeyValues());
		for (KeyValue keyValue : plain.getAllKeyValues()) {
			assertThat(context.getLowCardinalityKeyValue(keyValue.getKey()))
				.isEqualTo(plain.getLowCardinalityKeyValue(keyValue.getKey()));
			assertThat(context.getHighCardinalityKeyValue(keyValue.getKey()))
				.isEqualTo(plain.getHighCardinalityKeyValue(keyValue.getKey()));
		}
	}

	private static JsonRpcServerContext context() {
		return new JsonRpcServerContext(new JsonRpcRequest("sum", null, IntNode.valueOf(1)), "sum", Protocol.HTTP);
	}

}
