package io.ujrpc.openrpc;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.ujrpc.annotation.JsonRpcErrorMapping;
import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.annotation.JsonRpcParam;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

/**
 * Methods whose parameters and results cover every kind of type the document describes.
 */
class Shapes {

	enum Color {

		RED, GREEN

	}

	record Point(@Min(0) int x, @Min(0) int y) {

	}

	record Polygon(@NotBlank String name, @Size(min = 3) List<@Valid Point> corners, Color color) {

	}

	static class Bean {

		private String label;

		private long count;

		public String getLabel() {
			return this.label;
		}

		public void setLabel(String label) {
			this.label = label;
		}

		public long getCount() {
			return this.count;
		}

		public void setCount(long count) {
			this.count = count;
		}

	}

	@JsonRpcErrorMapping(code = 4004, message = "Shape not found")
	static class ShapeNotFoundException extends RuntimeException {

		ShapeNotFoundException(String message) {
			super(message);
		}

	}

	@JsonRpcErrorMapping(code = 4009, message = "Shape exists", messageAsData = true)
	static class ShapeExistsException extends Exception {

		ShapeExistsException(String message) {
			super(message);
		}

	}

	@JsonRpcMethod(value = "scalars", summary = "Scalars of every kind",
			description = "Primitives, boxed values and strings.")
	String scalars(int i, long l, double d, float f, boolean b, short s, byte by, char c, Integer boxedInt,
			Long boxedLong, Double boxedDouble, Boolean boxedBoolean, String text) {
		return text;
	}

	@JsonRpcMethod("enumerated")
	Color enumerated(Color color) {
		return color;
	}

	@JsonRpcMethod("records")
	Polygon records(@Valid Polygon polygon, Point origin) {
		return polygon;
	}

	@JsonRpcMethod("bean")
	Bean bean(Bean bean) {
		return bean;
	}

	@JsonRpcMethod("collections")
	Map<String, Integer> collections(List<Point> points, Set<String> tags, Map<String, Point> byName, int[] numbers,
			String[][] grid) {
		return Map.of();
	}

	@JsonRpcMethod("optional")
	Optional<String> optional(Optional<String> nickname,
			@JsonRpcParam(value = "when", description = "Defaults to now") Optional<Instant> when) {
		return nickname;
	}

	@JsonRpcMethod("time")
	OffsetDateTime time(Instant instant, LocalDate date, Duration duration) {
		return null;
	}

	@JsonRpcMethod("constrained")
	int constrained(@Min(1) @Max(10) int level, @Pattern(regexp = "[a-z]+") @Size(max = 8) String code,
			@NotNull @Positive Long amount, @NotBlank String name, @Size(min = 1, max = 3) List<String> items,
			List<@Size(max = 4) String> tags, @Size(max = 2) String[] codes) {
		return level;
	}

	@JsonRpcMethod("any")
	JsonNode any(JsonNode value) {
		return value;
	}

	@JsonRpcMethod("later")
	CompletionStage<Point> later(int x) {
		return CompletableFuture.completedFuture(new Point(x, x));
	}

	@JsonRpcMethod("nothing")
	void nothing() {
	}

	@Deprecated
	@JsonRpcMethod("old")
	int old() {
		return 1;
	}

	@JsonRpcMethod("find")
	Point find(String name) throws ShapeNotFoundException, ShapeExistsException {
		if (name.equals("exists")) {
			throw new ShapeExistsException("A shape named 'exists' exists");
		}
		throw new ShapeNotFoundException("No shape named " + name);
	}

}
