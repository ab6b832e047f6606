package io.ujrpc.benchmarks.webflux;

import io.ujrpc.benchmarks.peer.BenchmarkMethods;
import io.ujrpc.benchmarks.peer.JsonRpc;
import io.ujrpc.benchmarks.peer.JsonRpc.Call;
import io.ujrpc.benchmarks.peer.JsonRpc.InvalidRequestException;
import io.ujrpc.benchmarks.peer.JsonRpcException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebInputException;

/**
 * JSON-RPC 2.0 the way a WebFlux user writes it without a library: cheap methods answer
 * on the event loop, the blocking one moves to {@code boundedElastic}, batches keep their
 * order.
 */
@RestController
class JsonRpcController {

	@PostMapping(path = "/", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<JsonNode>> handle(@RequestBody JsonNode body) {
		if (!body.isArray()) {
			return call(body).map(ResponseEntity::ok).defaultIfEmpty(ResponseEntity.noContent().build());
		}
		if (body.isEmpty()) {
			return Mono
				.just(ResponseEntity.ok(JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "Invalid Request: empty batch")));
		}
		return Flux.fromIterable(body)
			.flatMapSequential(this::call)
			.collect(JsonRpc::array, ArrayNode::add)
			.map((responses) -> responses.isEmpty() ? ResponseEntity.noContent().build()
					: ResponseEntity.ok(responses));
	}

	@ExceptionHandler(ServerWebInputException.class)
	ResponseEntity<JsonNode> unreadable() {
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.body(JsonRpc.error(null, JsonRpc.PARSE_ERROR, "Parse error"));
	}

	/** Answers one call; empty for a notification. */
	private Mono<JsonNode> call(JsonNode request) {
		Call call;
		try {
			call = JsonRpc.call(request);
		}
		catch (InvalidRequestException ex) {
			return Mono.just(ex.toResponse());
		}
		Mono<JsonNode> response = invoke(call).map((result) -> JsonRpc.result(call.id(), result))
			.onErrorResume(JsonRpcException.class, (ex) -> Mono.just(ex.toResponse(call.id())))
			.onErrorResume((ex) -> Mono.just(JsonRpc.error(call.id(), JsonRpc.INTERNAL_ERROR, "Internal error")));
		return call.isNotification() ? response.then(Mono.empty()) : response;
	}

	private Mono<JsonNode> invoke(Call call) {
		try {
			return switch (call.method()) {
				case "sum" ->
					Mono.just(JsonRpc.number(BenchmarkMethods.sum(call.longParam(0, 2), call.longParam(1, 2))));
				case "echo", "echo_doubles" -> Mono.just(call.positionalParams(1).get(0));
				case "fibo_sleep" -> fiboSleep(call.fiboParam());
				default -> Mono.error(JsonRpc.methodNotFound(call.method()));
			};
		}
		catch (JsonRpcException ex) {
			return Mono.error(ex);
		}
	}

	private Mono<JsonNode> fiboSleep(int n) {
		return Mono.fromCallable(() -> JsonRpc.number(BenchmarkMethods.fiboSleep(n)))
			.subscribeOn(Schedulers.boundedElastic());
	}

}
