package io.ujrpc.client;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.annotation.JsonRpcParam;
import io.ujrpc.client.CalculatorService.Point;

/**
 * The client side of {@link CalculatorService}, written as a user would.
 */
public interface Calculator {

	long sum(long a, long b);

	@JsonRpcMethod("sum")
	CompletableFuture<Long> sumAsync(long a, long b);

	@JsonRpcMethod("sum")
	CompletionStage<Integer> sumStage(int a, int b);

	@JsonRpcMethod("math.subtract")
	long subtract(@JsonRpcParam("minuend") long minuend, @JsonRpcParam("subtrahend") long subtrahend);

	long total(String label, long... values);

	String echo(String text);

	List<Point> points(int count);

	Map<String, Object> describe(Point point);

	String server();

	@JsonRpcNotification
	void note(String text);

	@JsonRpcNotification
	@JsonRpcMethod("note")
	CompletableFuture<Void> noteAsync(String text);

	void fail(int code);

	String hang();

	default long twice(long value) {
		return sum(value, value);
	}

}
