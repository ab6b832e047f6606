package io.ujrpc.benchmarks.tomcat;

import io.ujrpc.benchmarks.peer.BenchmarkMethods;
import io.ujrpc.benchmarks.peer.JsonRpc;
import io.ujrpc.benchmarks.peer.JsonRpc.Call;
import io.ujrpc.benchmarks.peer.JsonRpc.InvalidRequestException;
import io.ujrpc.benchmarks.peer.JsonRpcException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * JSON-RPC 2.0 the way a Spring MVC user writes it without a library: Jackson reads the
 * body into a tree and a switch picks the method. Everything runs on the Tomcat request
 * thread.
 */
@RestController
class JsonRpcController {

	@PostMapping(path = "/", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<JsonNode> handle(@RequestBody JsonNode body) {
		if (!body.isArray()) {
			JsonNode response = call(body);
			return (response != null) ? ResponseEntity.ok(response) : ResponseEntity.noContent().build();
		}
		if (body.isEmpty()) {
			return ResponseEntity.ok(JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "Invalid Request: empty batch"));
		}
		ArrayNode responses = JsonRpc.array();
		for (JsonNode element : body) {
			JsonNode response = call(element);
			if (response != null) {
				responses.add(response);
			}
		}
		return responses.isEmpty() ? ResponseEntity.noContent().build() : ResponseEntity.ok(responses);
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<JsonNode> unreadable() {
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.body(JsonRpc.error(null, JsonRpc.PARSE_ERROR, "Parse error"));
	}

	/** Answers one call; {@code null} for a notification. */
	private JsonNode call(JsonNode request) {
		Call call;
		try {
			call = JsonRpc.call(request);
		}
		catch (InvalidRequestException ex) {
			return ex.toResponse();
		}
		JsonNode response;
		try {
			response = JsonRpc.result(call.id(), invoke(call));
		}
		catch (JsonRpcException ex) {
			response = ex.toResponse(call.id());
		}
		catch (RuntimeException ex) {
			response = JsonRpc.error(call.id(), JsonRpc.INTERNAL_ERROR, "Internal error");
		}
		return call.isNotification() ? null : response;
	}

	private JsonNode invoke(Call call) {
		return switch (call.method()) {
			case "sum" -> JsonRpc.number(BenchmarkMethods.sum(call.longParam(0, 2), call.longParam(1, 2)));
			case "echo", "echo_doubles" -> call.positionalParams(1).get(0);
			case "fibo_sleep" -> JsonRpc.number(BenchmarkMethods.fiboSleep(call.fiboParam()));
			default -> throw JsonRpc.methodNotFound(call.method());
		};
	}

}
