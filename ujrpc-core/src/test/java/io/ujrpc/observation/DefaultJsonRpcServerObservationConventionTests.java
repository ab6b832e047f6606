package io.ujrpc.observation;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.transport.Kind;
import io.ujrpc.context.ExchangeContext;
import io.ujrpc.context.RequestHeaders;
import io.ujrpc.protocol.JsonRpcErrorCode;
import io.ujrpc.protocol.JsonRpcRequest;
import io.ujrpc.protocol.JsonRpcResponse;
import io.ujrpc.protocol.Protocol;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.StringNode;

import static org.assertj.core.api.Assertions.assertThat;

class DefaultJsonRpcServerObservationConventionTests {

	private static final ExchangeContext EXCHANGE = new ExchangeContext(Protocol.HTTP,
			new InetSocketAddress("127.0.0.1", 51234), new InetSocketAddress("127.0.0.1", 8080), null, RequestHeaders
				.of(Map.of("traceparent", List.of("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"))),
			null);

	private final DefaultJsonRpcServerObservationConvention convention = new DefaultJsonRpcServerObservationConvention();

	@Test
	void contextIsAServerReceiverContextReadingTheRequestHeaders() {
		JsonRpcServerContext context = new JsonRpcServerContext(new JsonRpcRequest("sum", null, IntNode.valueOf(1)),
				"sum", EXCHANGE);
		assertThat(context.getKind()).isEqualTo(Kind.SERVER);
		assertThat(context.getCarrier()).isSameAs(EXCHANGE);
		assertThat(context.getGetter().get(EXCHANGE, "traceparent"))
			.isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
		assertThat(context.getGetter().get(EXCHANGE, "tracestate")).isNull();
	}

	@Test
	void spanAttributesFollowTheJsonRpcSemanticConventions() {
		JsonRpcServerContext context = new JsonRpcServerContext(
				new JsonRpcRequest("sum", null, StringNode.valueOf("req-7")), "sum", EXCHANGE);
		assertThat(map(this.convention.getHighCardinalityKeyValues(context)))
			.containsExactlyInAnyOrderEntriesOf(Map.of("rpc.system.name", "jsonrpc", "jsonrpc.protocol.version", "2.0",
					"jsonrpc.request.id", "req-7", "server.address", "127.0.0.1", "server.port", "8080",
					"network.peer.address", "127.0.0.1", "network.peer.port", "51234", "network.transport", "tcp"));
		context.setResponse(JsonRpcResponse.success(StringNode.valueOf("req-7"), 3));
		assertThat(map(this.convention.getHighCardinalityKeyValues(context))).doesNotContainKeys("error.type",
				"rpc.response.status_code");
	}

	@Test
	void errorResponseAddsTheCodeAsStatusCodeAndErrorType() {
		JsonRpcServerContext context = new JsonRpcServerContext(new JsonRpcRequest("missing", null, IntNode.valueOf(1)),
				JsonRpcServerContext.OTHER_METHOD, EXCHANGE);
		context.setResponse(JsonRpcResponse.failure(IntNode.valueOf(1), JsonRpcErrorCode.METHOD_NOT_FOUND.toError()));
		Map<String, String> attributes = map(this.convention.getHighCardinalityKeyValues(context));
		assertThat(attributes).containsEntry("rpc.response.status_code", "-32601")
			.containsEntry("error.type", "-32601")
			.containsEntry("rpc.method_original", "missing");
	}

	@Test
	void metricTagsAreTheLowCardinalityKeysAlone() {
		JsonRpcServerContext context = new JsonRpcServerContext(new JsonRpcRequest("sum", null, IntNode.valueOf(1)),
				"sum", EXCHANGE);
		context.setResponse(JsonRpcResponse.success(IntNode.valueOf(1), 3));
		assertThat(map(this.convention.getLowCardinalityKeyValues(context))).containsOnlyKeys("rpc.system",
				"rpc.method", "rpc.status_code", "outcome", "transport");
	}

	@Test
	void nullIdAndLocalDispatchAddNoIdAndNoAddresses() {
		JsonRpcServerContext context = new JsonRpcServerContext(new JsonRpcRequest("sum", null, NullNode.getInstance()),
				"sum", Protocol.TCP);
		assertThat(map(this.convention.getHighCardinalityKeyValues(context))).containsOnlyKeys("rpc.system.name",
				"jsonrpc.protocol.version", "network.transport");
	}

	private static Map<String, String> map(KeyValues keyValues) {
		Map<String, String> map = new TreeMap<>();
		for (KeyValue keyValue : keyValues) {
			map.put(keyValue.getKey(), keyValue.getValue());
		}
		return map;
	}

}
