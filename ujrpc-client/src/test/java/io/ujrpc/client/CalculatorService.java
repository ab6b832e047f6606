package io.ujrpc.client;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.annotation.JsonRpcParam;
import io.ujrpc.protocol.JsonRpcException;

/**
 * The server side of the client tests: what {@link Calculator} calls.
 */
public class CalculatorService {

	private final BlockingQueue<String> notes = new LinkedBlockingQueue<>();

	private final List<CompletableFuture<String>> hanging = new CopyOnWriteArrayList<>();

	private final String name;

	public CalculatorService() {
		this("first");
	}

	public CalculatorService(String name) {
		this.name = name;
	}

	public BlockingQueue<String> notes() {
		return this.notes;
	}

	public int hangingCount() {
		return this.hanging.size();
	}

	/**
	 * Answer every call of {@code hang} still waiting.
	 */
	public void release() {
		this.hanging.forEach((future) -> future.complete("released"));
	}

	@JsonRpcMethod(nonBlocking = true)
	public long sum(long a, long b) {
		return a + b;
	}

	@JsonRpcMethod(value = "math.subtract", nonBlocking = true)
	public long subtract(@JsonRpcParam("minuend") long minuend, @JsonRpcParam("subtrahend") long subtrahend) {
		return minuend - subtrahend;
	}

	@JsonRpcMethod(nonBlocking = true)
	public long total(String label, long... values) {
		long total = 0;
		for (long value : values) {
			total += value;
		}
		return total;
	}

	@JsonRpcMethod(nonBlocking = true)
	public String echo(String text) {
		return text;
	}

	@JsonRpcMethod(nonBlocking = true)
	public List<Point> points(int count) {
		return java.util.stream.IntStream.range(0, count).mapToObj((i) -> new Point(i, i * i)).toList();
	}

	@JsonRpcMethod(nonBlocking = true)
	public Map<String, Object> describe(Point point) {
		return Map.of("x", point.x(), "y", point.y(), "server", this.name);
	}

	@JsonRpcMethod(nonBlocking = true)
	public String server() {
		return this.name;
	}

	@JsonRpcMethod(nonBlocking = true)
	public void note(String text) {
		this.notes.add(text);
	}

	@JsonRpcMethod(nonBlocking = true)
	public void fail(int code) {
		throw new JsonRpcException(code, "Failed on purpose", Map.of("code", code, "reason", "test"));
	}

	@JsonRpcMethod(nonBlocking = true)
	public CompletableFuture<String> hang() {
		CompletableFuture<String> future = new CompletableFuture<>();
		this.hanging.add(future);
		return future;
	}

	/**
	 * A point, to send and receive as an object.
	 *
	 * @param x the x coordinate
	 * @param y the y coordinate
	 */
	public record Point(int x, int y) {
	}

}
