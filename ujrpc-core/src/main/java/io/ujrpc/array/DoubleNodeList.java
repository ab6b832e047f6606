package io.ujrpc.array;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.RandomAccess;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The elements of a JSON array of decimals, as ujrpc's JSON reader finds them: plain
 * doubles, not one {@code DoubleNode} each, until something asks for the nodes. An
 * {@link ArrayNode} over it is an ordinary array node; its first use as a list of nodes
 * (a get, an iterator, a change, equality) builds the nodes once, after which the array
 * is what Jackson builds. Binding such a node to {@code double[]} or to an untyped or
 * {@code List<Double>} parameter reads the doubles instead (see {@link #doubles} and
 * {@link #boxed}).
 * <p>
 * Not thread-safe, as {@link ArrayNode} is not.
 */
public final class DoubleNodeList extends AbstractList<JsonNode> implements RandomAccess, Serializable {

	private static final long serialVersionUID = 1L;

	private final JsonNodeFactory nodes;

	private double @Nullable [] values;

	private final int size;

	private @Nullable List<JsonNode> elements;

	private DoubleNodeList(JsonNodeFactory nodes, double[] values, int size) {
		this.nodes = nodes;
		this.values = values;
		this.size = size;
	}

	/**
	 * Create an array node over doubles.
	 * @param nodes the factory of the nodes built on first use
	 * @param values the doubles, kept (not copied)
	 * @param size how many of them are elements
	 * @return the array node
	 */
	public static ArrayNode arrayNode(JsonNodeFactory nodes, double[] values, int size) {
		return new ArrayNode(nodes, new DoubleNodeList(nodes, values, size));
	}

	/**
	 * The elements of an array node created by {@link #arrayNode} and not used as nodes
	 * since.
	 * @param node any node
	 * @return the doubles, a copy; {@code null} for any other node
	 */
	public static double @Nullable [] doubles(JsonNode node) {
		DoubleNodeList list = kept(node);
		return (list != null) ? Arrays.copyOf(list.values, list.size) : null;
	}

	/**
	 * The elements of an array node created by {@link #arrayNode} and not used as nodes
	 * since, boxed into the list Jackson's untyped binding builds for them.
	 * @param node any node
	 * @return the list; {@code null} for any other node
	 */
	public static @Nullable ArrayList<Object> boxed(JsonNode node) {
		DoubleNodeList list = kept(node);
		if (list == null) {
			return null;
		}
		ArrayList<Object> boxed = new ArrayList<>(list.size);
		for (int i = 0; i < list.size; i++) {
			boxed.add(list.values[i]);
		}
		return boxed;
	}

	/*
	 * Put the elements of an array node created by arrayNode and not used as nodes since
	 * into a little-endian buffer, as doubles or as floats (each rounded as a cast rounds
	 * it); false, putting nothing, for any other node.
	 */
	static boolean put(JsonNode node, ByteBuffer out, boolean floats) {
		DoubleNodeList list = kept(node);
		if (list == null) {
			return false;
		}
		if (floats) {
			for (int i = 0; i < list.size; i++) {
				out.putFloat((float) list.values[i]);
			}
		}
		else {
			// A view has its own position: the buffer's is moved past what it took.
			out.asDoubleBuffer().put(list.values, 0, list.size);
			out.position(out.position() + list.size * Double.BYTES);
		}
		return true;
	}

	/* The list under an array node created by arrayNode whose nodes are not built. */
	private static @Nullable DoubleNodeList kept(JsonNode node) {
		return (node instanceof ArrayNode array && array.values() instanceof DoubleNodeList list && list.values != null)
				? list : null;
	}

	private List<JsonNode> elements() {
		List<JsonNode> elements = this.elements;
		if (elements == null) {
			double[] values = this.values;
			elements = new ArrayList<>(Math.max(this.size, 4));
			for (int i = 0; i < this.size; i++) {
				elements.add(this.nodes.numberNode(values[i]));
			}
			this.elements = elements;
			this.values = null;
		}
		return elements;
	}

	@Override
	public int size() {
		List<JsonNode> elements = this.elements;
		return (elements != null) ? elements.size() : this.size;
	}

	@Override
	public boolean isEmpty() {
		return size() == 0;
	}

	@Override
	public JsonNode get(int index) {
		return elements().get(index);
	}

	@Override
	public JsonNode set(int index, JsonNode element) {
		return elements().set(index, element);
	}

	@Override
	public void add(int index, JsonNode element) {
		elements().add(index, element);
	}

	@Override
	public boolean add(JsonNode element) {
		return elements().add(element);
	}

	@Override
	public boolean addAll(Collection<? extends JsonNode> added) {
		return elements().addAll(added);
	}

	@Override
	public boolean addAll(int index, Collection<? extends JsonNode> added) {
		return elements().addAll(index, added);
	}

	@Override
	public JsonNode remove(int index) {
		return elements().remove(index);
	}

	@Override
	public boolean remove(Object element) {
		return elements().remove(element);
	}

	@Override
	public void clear() {
		elements().clear();
	}

	@Override
	public Iterator<JsonNode> iterator() {
		return elements().iterator();
	}

	@Override
	public ListIterator<JsonNode> listIterator() {
		return elements().listIterator();
	}

	@Override
	public ListIterator<JsonNode> listIterator(int index) {
		return elements().listIterator(index);
	}

	@Override
	public List<JsonNode> subList(int from, int to) {
		return elements().subList(from, to);
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return elements().equals(other);
	}

	@Override
	public int hashCode() {
		return elements().hashCode();
	}

}
