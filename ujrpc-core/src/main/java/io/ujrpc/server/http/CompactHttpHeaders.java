package io.ujrpc.server.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Function;

import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.HttpHeaderValidationUtil;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import org.jspecify.annotations.Nullable;

/**
 * The header lines of a request read in place, as one array of names and values in the
 * order they came: a request has a handful, so a look-up is a short scan, and the map
 * costs two objects instead of Netty's table and entry per header. Names compare without
 * case, values are kept as given; what is added later is checked as Netty's
 * {@code DefaultHttpHeaders} checks it (a name of token characters, a value without CR,
 * LF or other control characters). Entries read through the iterators are read-only.
 */
final class CompactHttpHeaders extends HttpHeaders {

	/** Name, value, name, value, ... */
	private CharSequence[] entries;

	private int size;

	CompactHttpHeaders(int expected) {
		this.entries = new CharSequence[Math.max(expected, 1) * 2];
	}

	/*
	 * A line already checked by the reader.
	 */
	void addChecked(AsciiString name, String value) {
		append(name, value);
	}

	private void append(CharSequence name, CharSequence value) {
		int at = this.size * 2;
		if (at == this.entries.length) {
			this.entries = Arrays.copyOf(this.entries, at * 2);
		}
		this.entries[at] = name;
		this.entries[at + 1] = value;
		this.size++;
	}

	private int indexOf(CharSequence name, int from) {
		for (int i = from; i < this.size; i++) {
			if (AsciiString.contentEqualsIgnoreCase(this.entries[i * 2], name)) {
				return i;
			}
		}
		return -1;
	}

	private @Nullable CharSequence first(CharSequence name) {
		int index = indexOf(name, 0);
		return (index >= 0) ? this.entries[index * 2 + 1] : null;
	}

	@Override
	public @Nullable String get(String name) {
		return get((CharSequence) name);
	}

	@Override
	public @Nullable String get(CharSequence name) {
		CharSequence value = first(name);
		return (value != null) ? value.toString() : null;
	}

	@Override
	public @Nullable Integer getInt(CharSequence name) {
		return number(name, Integer::valueOf);
	}

	@Override
	public int getInt(CharSequence name, int defaultValue) {
		Integer value = getInt(name);
		return (value != null) ? value : defaultValue;
	}

	@Override
	public @Nullable Short getShort(CharSequence name) {
		return number(name, Short::valueOf);
	}

	/* The first value as a number, or null when there is none or it is not one. */
	private <T> @Nullable T number(CharSequence name, Function<String, T> parser) {
		CharSequence value = first(name);
		if (value == null) {
			return null;
		}
		try {
			return parser.apply(value.toString());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	@Override
	public short getShort(CharSequence name, short defaultValue) {
		Short value = getShort(name);
		return (value != null) ? value : defaultValue;
	}

	@Override
	public @Nullable Long getTimeMillis(CharSequence name) {
		CharSequence value = first(name);
		Date date = (value != null) ? DateFormatter.parseHttpDate(value) : null;
		return (date != null) ? date.getTime() : null;
	}

	@Override
	public long getTimeMillis(CharSequence name, long defaultValue) {
		Long value = getTimeMillis(name);
		return (value != null) ? value : defaultValue;
	}

	@Override
	public List<String> getAll(String name) {
		return getAll((CharSequence) name);
	}

	@Override
	public List<String> getAll(CharSequence name) {
		List<String> values = new ArrayList<>(2);
		for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
			values.add(this.entries[i * 2 + 1].toString());
		}
		return values;
	}

	@Override
	public Iterator<String> valueStringIterator(CharSequence name) {
		Iterator<? extends CharSequence> values = valueCharSequenceIterator(name);
		return new Iterator<>() {

			@Override
			public boolean hasNext() {
				return values.hasNext();
			}

			@Override
			public String next() {
				return values.next().toString();
			}

		};
	}

	@Override
	public Iterator<? extends CharSequence> valueCharSequenceIterator(CharSequence name) {
		return new Iterator<>() {

			private int next = indexOf(name, 0);

			@Override
			public boolean hasNext() {
				return this.next >= 0;
			}

			@Override
			public CharSequence next() {
				if (this.next < 0) {
					throw new NoSuchElementException();
				}
				CharSequence value = CompactHttpHeaders.this.entries[this.next * 2 + 1];
				this.next = indexOf(name, this.next + 1);
				return value;
			}

		};
	}

	@Override
	public List<Map.Entry<String, String>> entries() {
		List<Map.Entry<String, String>> entries = new ArrayList<>(this.size);
		iterator().forEachRemaining(entries::add);
		return entries;
	}

	@Override
	public boolean contains(String name) {
		return indexOf(name, 0) >= 0;
	}

	/*
	 * As HttpHeaders answers it (each value split at commas, each part trimmed of
	 * characters up to the space; a trailing comma adds no empty part), without an
	 * iterator: HttpUtil.isKeepAlive asks it of every request.
	 */
	@Override
	public boolean containsValue(CharSequence name, CharSequence value, boolean ignoreCase) {
		for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
			if (hasElement(this.entries[i * 2 + 1], value, ignoreCase)) {
				return true;
			}
		}
		return false;
	}

	private static boolean hasElement(CharSequence list, CharSequence expected, boolean ignoreCase) {
		int length = list.length();
		int begin = 0;
		while (true) {
			int end = begin;
			while (end < length && list.charAt(end) != ',') {
				end++;
			}
			if (end == length && begin == length && begin > 0) {
				// After a trailing comma.
				return false;
			}
			if (regionEquals(list, begin, end, expected, ignoreCase)) {
				return true;
			}
			if (end == length) {
				return false;
			}
			begin = end + 1;
		}
	}

	/* Whether list[from, to), trimmed, is expected. */
	private static boolean regionEquals(CharSequence list, int from, int to, CharSequence expected,
			boolean ignoreCase) {
		int start = from;
		int end = to;
		while (start < end && list.charAt(start) <= ' ') {
			start++;
		}
		while (end > start && list.charAt(end - 1) <= ' ') {
			end--;
		}
		if (end - start != expected.length()) {
			return false;
		}
		for (int i = 0; i < end - start; i++) {
			char actual = list.charAt(start + i);
			char wanted = expected.charAt(i);
			if (actual != wanted
					&& (!ignoreCase || AsciiString.toLowerCase(actual) != AsciiString.toLowerCase(wanted))) {
				return false;
			}
		}
		return true;
	}

	@Override
	public boolean contains(CharSequence name) {
		return indexOf(name, 0) >= 0;
	}

	@Override
	public Iterator<Map.Entry<String, String>> iterator() {
		return new Entries<>(true);
	}

	@Override
	public Iterator<Map.Entry<CharSequence, CharSequence>> iteratorCharSequence() {
		return new Entries<>(false);
	}

	@Override
	public boolean isEmpty() {
		return this.size == 0;
	}

	@Override
	public int size() {
		return this.size;
	}

	@Override
	public Set<String> names() {
		Set<String> names = new LinkedHashSet<>();
		for (int i = 0; i < this.size; i++) {
			names.add(this.entries[i * 2].toString());
		}
		return names;
	}

	@Override
	public HttpHeaders add(String name, Object value) {
		return add((CharSequence) name, value);
	}

	@Override
	public HttpHeaders add(CharSequence name, Object value) {
		append(checkedName(name), checkedValue(value));
		return this;
	}

	@Override
	public HttpHeaders add(String name, Iterable<?> values) {
		return add((CharSequence) name, values);
	}

	@Override
	public HttpHeaders add(CharSequence name, Iterable<?> values) {
		CharSequence checked = checkedName(name);
		for (Object value : values) {
			append(checked, checkedValue(value));
		}
		return this;
	}

	@Override
	public HttpHeaders addInt(CharSequence name, int value) {
		return add(name, Integer.toString(value));
	}

	@Override
	public HttpHeaders addShort(CharSequence name, short value) {
		return add(name, Short.toString(value));
	}

	@Override
	public HttpHeaders set(String name, Object value) {
		return set((CharSequence) name, value);
	}

	@Override
	public HttpHeaders set(CharSequence name, Object value) {
		CharSequence checkedName = checkedName(name);
		CharSequence checkedValue = checkedValue(value);
		remove(name);
		append(checkedName, checkedValue);
		return this;
	}

	@Override
	public HttpHeaders set(String name, Iterable<?> values) {
		return set((CharSequence) name, values);
	}

	@Override
	public HttpHeaders set(CharSequence name, Iterable<?> values) {
		remove(name);
		return add(name, values);
	}

	@Override
	public HttpHeaders setInt(CharSequence name, int value) {
		return set(name, Integer.toString(value));
	}

	@Override
	public HttpHeaders setShort(CharSequence name, short value) {
		return set(name, Short.toString(value));
	}

	@Override
	public HttpHeaders remove(String name) {
		return remove((CharSequence) name);
	}

	@Override
	public HttpHeaders remove(CharSequence name) {
		int kept = 0;
		for (int i = 0; i < this.size; i++) {
			if (!AsciiString.contentEqualsIgnoreCase(this.entries[i * 2], name)) {
				this.entries[kept * 2] = this.entries[i * 2];
				this.entries[kept * 2 + 1] = this.entries[i * 2 + 1];
				kept++;
			}
		}
		Arrays.fill(this.entries, kept * 2, this.size * 2, null);
		this.size = kept;
		return this;
	}

	@Override
	public HttpHeaders clear() {
		Arrays.fill(this.entries, 0, this.size * 2, null);
		this.size = 0;
		return this;
	}

	private static CharSequence checkedName(CharSequence name) {
		if (name.length() == 0) {
			throw new IllegalArgumentException("Empty header name");
		}
		int invalid = HttpHeaderValidationUtil.validateToken(name);
		if (invalid >= 0) {
			throw new IllegalArgumentException(
					String.format("Header name '%s' has a character that is not a token character (0x%x at %d)", name,
							(int) name.charAt(invalid), invalid));
		}
		return name;
	}

	private static CharSequence checkedValue(Object value) {
		CharSequence text;
		if (value instanceof CharSequence sequence) {
			text = sequence;
		}
		else if (value instanceof Date date) {
			text = DateFormatter.format(date);
		}
		else if (value instanceof Calendar calendar) {
			text = DateFormatter.format(calendar.getTime());
		}
		else {
			text = value.toString();
		}
		int invalid = HttpHeaderValidationUtil.validateValidHeaderValue(text);
		if (invalid >= 0) {
			throw new IllegalArgumentException(
					String.format("Header value has a character that is not allowed (0x%x at %d)",
							(int) text.charAt(invalid), invalid));
		}
		return text;
	}

	/** Entries in order, read-only as Netty's are. */
	private final class Entries<T extends CharSequence> implements Iterator<Map.Entry<T, T>> {

		private final boolean strings;

		private int next;

		Entries(boolean strings) {
			this.strings = strings;
		}

		@Override
		public boolean hasNext() {
			return this.next < CompactHttpHeaders.this.size;
		}

		@Override
		@SuppressWarnings("unchecked")
		public Map.Entry<T, T> next() {
			if (!hasNext()) {
				throw new NoSuchElementException();
			}
			int index = this.next++;
			CharSequence[] entries = CompactHttpHeaders.this.entries;
			CharSequence name = entries[index * 2];
			CharSequence value = entries[index * 2 + 1];
			return (Map.Entry<T, T>) (this.strings ? Map.entry(name.toString(), value.toString())
					: Map.entry(name, value));
		}

	}

}
