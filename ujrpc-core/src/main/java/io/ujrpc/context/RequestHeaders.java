package io.ujrpc.context;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The headers of the HTTP request a payload came in, or of the WebSocket handshake that
 * opened its connection; read-only, names compared case-insensitively.
 */
public interface RequestHeaders {

	/** No headers: raw TCP, or a payload handed to the dispatcher directly. */
	RequestHeaders EMPTY = of(Map.of());

	/**
	 * Return the first value of a header.
	 * @param name the header name, in any case
	 * @return the value, or {@code null} when the header is absent
	 */
	@Nullable String get(String name);

	/**
	 * Return every value of a header, in the order they came.
	 * @param name the header name, in any case
	 * @return the values, empty when the header is absent
	 */
	List<String> getAll(String name);

	/**
	 * Return the names of the headers present.
	 * @return the names, as they came
	 */
	Set<String> names();

	/**
	 * Whether a header is present.
	 * @param name the header name, in any case
	 * @return {@code true} when it has at least one value
	 */
	default boolean contains(String name) {
		return get(name) != null;
	}

	/**
	 * Return headers backed by a copy of a map.
	 * @param headers the values by name; names are compared case-insensitively
	 * @return the headers
	 */
	static RequestHeaders of(Map<String, List<String>> headers) {
		Map<String, List<String>> byLowerName = new LinkedHashMap<>();
		Map<String, String> originalNames = new LinkedHashMap<>();
		headers.forEach((name, values) -> {
			String key = name.toLowerCase(Locale.ROOT);
			byLowerName.computeIfAbsent(key, (ignored) -> new ArrayList<>()).addAll(values);
			originalNames.putIfAbsent(key, name);
		});
		byLowerName.replaceAll((name, values) -> List.copyOf(values));
		Set<String> names = Collections.unmodifiableSet(new LinkedHashSet<>(originalNames.values()));
		return new RequestHeaders() {

			@Override
			public @Nullable String get(String name) {
				List<String> values = byLowerName.get(name.toLowerCase(Locale.ROOT));
				return (values == null || values.isEmpty()) ? null : values.get(0);
			}

			@Override
			public List<String> getAll(String name) {
				return byLowerName.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
			}

			@Override
			public Set<String> names() {
				return names;
			}

			@Override
			public String toString() {
				return "RequestHeaders" + names;
			}

		};
	}

}
