package io.ujrpc.benchmarks.vertx;

import java.util.ArrayList;
import java.util.List;

import io.ujrpc.benchmarks.peer.BenchmarkMethods;
import io.ujrpc.benchmarks.peer.JsonRpc;
import io.ujrpc.benchmarks.peer.JsonRpc.Call;
import io.ujrpc.benchmarks.peer.JsonRpc.InvalidRequestException;
import io.ujrpc.benchmarks.peer.JsonRpcException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * JSON-RPC 2.0 on a plain Vert.x HTTP server: Jackson 3 reads the body, cheap methods
 * answer on the event loop and the blocking one goes to the worker pool with
 * {@code executeBlocking}.
 */
final class JsonRpcVerticle extends VerticleBase {

	private static final ObjectMapper mapper = JsonMapper.builder().build();

	private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");

	private final int port;

	JsonRpcVerticle(int port) {
		this.port = port;
	}

	@Override
	public Future<?> start() {
		return this.vertx.createHttpServer().requestHandler(this::handle).listen(this.port);
	}

	private void handle(HttpServerRequest request) {
		if (request.method() != HttpMethod.POST || !"/".equals(request.path())) {
			request.response().setStatusCode(404).end();
			return;
		}
		request.body()
			.onSuccess((body) -> respond(request, body))
			.onFailure((ex) -> request.response().setStatusCode(400).end());
	}

	private void respond(HttpServerRequest request, Buffer body) {
		JsonNode tree;
		try {
			tree = mapper.readTree(body.getBytes());
		}
		catch (JacksonException ex) {
			send(request, JsonRpc.error(null, JsonRpc.PARSE_ERROR, "Parse error"));
			return;
		}
		if (!tree.isArray()) {
			call(tree).onSuccess((response) -> send(request, response));
			return;
		}
		if (tree.isEmpty()) {
			send(request, JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "Invalid Request: empty batch"));
			return;
		}
		List<Future<JsonNode>> calls = new ArrayList<>(tree.size());
		for (JsonNode element : tree) {
			calls.add(call(element));
		}
		Future.all(calls).onSuccess((all) -> {
			ArrayNode responses = JsonRpc.array();
			for (int i = 0; i < all.size(); i++) {
				JsonNode response = all.resultAt(i);
				if (response != null) {
					responses.add(response);
				}
			}
			send(request, responses.isEmpty() ? null : responses);
		});
	}

	private void send(HttpServerRequest request, JsonNode response) {
		if (response == null) {
			request.response().setStatusCode(204).end();
			return;
		}
		request.response()
			.putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON)
			.end(Buffer.buffer(mapper.writeValueAsBytes(response)));
	}

	/** Answers one call; completes with {@code null} for a notification. Never fails. */
	private Future<JsonNode> call(JsonNode request) {
		Call call;
		try {
			call = JsonRpc.call(request);
		}
		catch (InvalidRequestException ex) {
			return Future.succeededFuture(ex.toResponse());
		}
		return invoke(call).transform((result) -> {
			if (call.isNotification()) {
				return Future.succeededFuture();
			}
			if (result.succeeded()) {
				return Future.succeededFuture(JsonRpc.result(call.id(), result.result()));
			}
			if (result.cause() instanceof JsonRpcException ex) {
				return Future.succeededFuture(ex.toResponse(call.id()));
			}
			return Future.succeededFuture(JsonRpc.error(call.id(), JsonRpc.INTERNAL_ERROR, "Internal error"));
		});
	}

	private Future<JsonNode> invoke(Call call) {
		try {
			return switch (call.method()) {
				case "sum" -> Future
					.succeededFuture(JsonRpc.number(BenchmarkMethods.sum(call.longParam(0, 2), call.longParam(1, 2))));
				case "echo", "echo_doubles" -> Future.succeededFuture(call.positionalParams(1).get(0));
				case "fibo_sleep" -> fiboSleep(call.fiboParam());
				default -> Future.failedFuture(JsonRpc.methodNotFound(call.method()));
			};
		}
		catch (JsonRpcException ex) {
			return Future.failedFuture(ex);
		}
	}

	private Future<JsonNode> fiboSleep(int n) {
		// ordered=false: calls from one verticle may run in parallel on the worker pool
		return this.vertx.executeBlocking(() -> JsonRpc.number(BenchmarkMethods.fiboSleep(n)), false);
	}

}
