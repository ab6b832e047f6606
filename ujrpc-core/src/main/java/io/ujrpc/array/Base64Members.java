package io.ujrpc.array;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The members of a JSON object as ujrpc's JSON reader finds them when its {@link #MEMBER
 * buffer} is a long base64 string: that string kept as the bytes it decodes to, not as a
 * {@code String} of its text, until something asks for its node. An {@link ObjectNode}
 * over it is an ordinary object node: getting a member builds that member's node
 * ({@link Base64StringNode}, its text encoded again from the bytes, which gives it back
 * exactly: only canonical base64 is kept so), and any other use of the members as a map
 * (iteration, a change, equality, a hash) builds them all first, after which the map is
 * what Jackson builds. Binding the object to an {@link NdArray} reads the bytes instead
 * (see {@link #decoded}).
 * <p>
 * Not thread-safe, as {@link ObjectNode} is not.
 */
public final class Base64Members extends AbstractMap<String, JsonNode> implements Serializable {

	private static final long serialVersionUID = 1L;

	/**
	 * The name of the member the JSON reader keeps so: that of an {@link NdArray}'s bytes
	 * in its buffer format. Anything else that reads a member builds its string, which
	 * costs more than a string read as text, so that only the buffer NdArray binding
	 * reads as bytes is kept.
	 */
	public static final String MEMBER = "buffer";

	/** Member values: nodes, and {@link Pending} for the strings kept as bytes. */
	private final LinkedHashMap<String, Object> members = new LinkedHashMap<>();

	private int pending;

	private Base64Members() {
	}

	/**
	 * Create an object node with the members of another, to which long base64 strings can
	 * be added.
	 * @param nodes the factory of the object's nodes, the default one
	 * @param object the members so far, copied in order
	 * @return the object node, over members of this type
	 */
	public static ObjectNode objectNode(JsonNodeFactory nodes, ObjectNode object) {
		Base64Members members = new Base64Members();
		for (Map.Entry<String, JsonNode> member : object.properties()) {
			members.members.put(member.getKey(), member.getValue());
		}
		return new ObjectNode(nodes, members);
	}

	/**
	 * Set a member of an object node built by {@link #objectNode} to a long base64
	 * string: kept as its bytes when it is canonical base64, else its node.
	 * @param object the object node
	 * @param name the member's name
	 * @param ascii the bytes the text is in
	 * @param offset where the text starts
	 * @param length its length
	 * @param decoded what {@link Base64StringNode#decode} returns for the text, kept
	 * @return whether the object had the member already
	 */
	public static boolean set(ObjectNode object, String name, byte[] ascii, int offset, int length, byte[] decoded) {
		Base64Members members = ((Values) object.values()).members();
		Object value;
		if (canonical(decoded, ascii, offset, length)) {
			value = new Pending(decoded);
			members.pending++;
		}
		else {
			value = Base64StringNode.of(new String(ascii, offset, length, StandardCharsets.ISO_8859_1), decoded);
		}
		Object previous = members.members.put(name, value);
		if (previous instanceof Pending) {
			members.pending--;
		}
		return previous != null;
	}

	/*
	 * Whether base64 text the basic decoder takes is what the encoder gives for the bytes
	 * it decodes to: padded, with the unused bits of its last character zero. Every whole
	 * group of four characters before is the encoding of its three bytes.
	 */
	private static boolean canonical(byte[] decoded, byte[] ascii, int offset, int length) {
		if ((length & 3) != 0 || decoded.length == 0) {
			return false;
		}
		int last = decoded.length - 1 - (decoded.length - 1) % 3;
		byte[] group = Base64.getEncoder().encode(Arrays.copyOfRange(decoded, last, decoded.length));
		return Arrays.equals(group, 0, 4, ascii, offset + length - 4, offset + length);
	}

	/**
	 * The bytes an object's member decodes to, when it is a long base64 string the JSON
	 * reader kept: read without building the member's node.
	 * @param object any node
	 * @param name the member's name
	 * @return the bytes, as {@link Base64StringNode} keeps them (not to be modified);
	 * {@code null} when the member is missing or is no such string
	 */
	static byte @Nullable [] decoded(JsonNode object, String name) {
		if (object instanceof ObjectNode node && node.values() instanceof Values values) {
			Object value = values.members().members.get(name);
			if (value instanceof Pending kept) {
				return kept.decoded;
			}
		}
		JsonNode value = object.get(name);
		return (value != null) ? Base64StringNode.decoded(value) : null;
	}

	/**
	 * Whether an object's member is a long base64 string the JSON reader kept as its
	 * bytes, whose node is not built yet.
	 * @param object any node
	 * @param name the member's name
	 * @return {@code true} when it is
	 */
	public static boolean isKept(JsonNode object, String name) {
		return object instanceof ObjectNode node && node.values() instanceof Values values
				&& values.members().members.get(name) instanceof Pending;
	}

	/* The members, with every string kept as bytes made a node. */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	private Map<String, JsonNode> nodes() {
		if (this.pending > 0) {
			for (Map.Entry<String, Object> member : this.members.entrySet()) {
				if (member.getValue() instanceof Pending kept) {
					member.setValue(kept.node());
				}
			}
			this.pending = 0;
		}
		return (Map) this.members;
	}

	private @Nullable JsonNode node(@Nullable Object value) {
		if (value instanceof Pending kept) {
			this.pending--;
			return kept.node();
		}
		return (JsonNode) value;
	}

	@Override
	public int size() {
		return this.members.size();
	}

	@Override
	public boolean isEmpty() {
		return this.members.isEmpty();
	}

	@Override
	public boolean containsKey(Object key) {
		return this.members.containsKey(key);
	}

	@Override
	public boolean containsValue(Object value) {
		return nodes().containsValue(value);
	}

	@Override
	public @Nullable JsonNode get(Object key) {
		Object value = this.members.get(key);
		if (value instanceof Pending kept) {
			JsonNode node = kept.node();
			this.members.put((String) key, node);
			this.pending--;
			return node;
		}
		return (JsonNode) value;
	}

	@Override
	public @Nullable JsonNode put(String key, JsonNode value) {
		return node(this.members.put(key, value));
	}

	@Override
	public @Nullable JsonNode remove(Object key) {
		return node(this.members.remove(key));
	}

	@Override
	public void putAll(Map<? extends String, ? extends JsonNode> added) {
		nodes().putAll(added);
	}

	@Override
	public void clear() {
		this.members.clear();
		this.pending = 0;
	}

	@Override
	public Set<String> keySet() {
		return nodes().keySet();
	}

	@Override
	public Collection<JsonNode> values() {
		return new Values(this);
	}

	@Override
	public Set<Map.Entry<String, JsonNode>> entrySet() {
		return nodes().entrySet();
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return nodes().equals(other);
	}

	@Override
	public int hashCode() {
		return nodes().hashCode();
	}

	@Override
	public String toString() {
		return nodes().toString();
	}

	@Override
	public JsonNode getOrDefault(Object key, JsonNode defaultValue) {
		return nodes().getOrDefault(key, defaultValue);
	}

	@Override
	public void forEach(BiConsumer<? super String, ? super JsonNode> action) {
		nodes().forEach(action);
	}

	@Override
	public void replaceAll(BiFunction<? super String, ? super JsonNode, ? extends JsonNode> function) {
		nodes().replaceAll(function);
	}

	@Override
	public @Nullable JsonNode putIfAbsent(String key, JsonNode value) {
		return nodes().putIfAbsent(key, value);
	}

	@Override
	public boolean remove(Object key, Object value) {
		return nodes().remove(key, value);
	}

	@Override
	public boolean replace(String key, JsonNode oldValue, JsonNode newValue) {
		return nodes().replace(key, oldValue, newValue);
	}

	@Override
	public @Nullable JsonNode replace(String key, JsonNode value) {
		return nodes().replace(key, value);
	}

	@Override
	public JsonNode computeIfAbsent(String key, Function<? super String, ? extends JsonNode> function) {
		return nodes().computeIfAbsent(key, function);
	}

	@Override
	public @Nullable JsonNode computeIfPresent(String key,
			BiFunction<? super String, ? super JsonNode, ? extends JsonNode> function) {
		return nodes().computeIfPresent(key, function);
	}

	@Override
	public @Nullable JsonNode compute(String key,
			BiFunction<? super String, ? super @Nullable JsonNode, ? extends JsonNode> function) {
		return nodes().compute(key, function);
	}

	@Override
	public @Nullable JsonNode merge(String key, JsonNode value,
			BiFunction<? super JsonNode, ? super JsonNode, ? extends JsonNode> function) {
		return nodes().merge(key, value, function);
	}

	/**
	 * The values of the members: a view that builds them on first use, and by which the
	 * members are found from their object node.
	 */
	private static final class Values extends AbstractCollection<JsonNode> {

		private final Base64Members members;

		Values(Base64Members members) {
			this.members = members;
		}

		Base64Members members() {
			return this.members;
		}

		@Override
		public Iterator<JsonNode> iterator() {
			return this.members.nodes().values().iterator();
		}

		@Override
		public int size() {
			return this.members.size();
		}

	}

	/**
	 * A string kept as the bytes its canonical base64 text decodes to.
	 */
	private static final class Pending implements Serializable {

		private static final long serialVersionUID = 1L;

		private final byte[] decoded;

		Pending(byte[] decoded) {
			this.decoded = decoded;
		}

		JsonNode node() {
			return Base64StringNode.of(Base64.getEncoder().encodeToString(this.decoded), this.decoded);
		}

	}

}
