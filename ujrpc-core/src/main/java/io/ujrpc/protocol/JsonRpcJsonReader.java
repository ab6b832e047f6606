package io.ujrpc.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.ujrpc.array.Base64Members;
import io.ujrpc.array.Base64StringNode;
import io.ujrpc.array.DoubleNodeList;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.io.NumberInput;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads JSON-RPC payloads in JSON from an array in one pass, strictly as RFC 8259 has it,
 * to the same results as {@link JsonRpcCodec}'s Jackson path.
 * <p>
 * UTF-8 is checked as strings are scanned (ASCII eight bytes at a time), so that the text
 * is read once, not checked first and parsed after. Member names of a request are
 * compared with the four the specification defines straight from the bytes: there is no
 * table of names, so no table to flood. Parameters become a tree through the mapper's
 * node factory, with the node types Jackson's tree has, and numbers parsed by Jackson's
 * own number parsers; the mapper's {@link StreamReadConstraints} hold as in Jackson:
 * nesting depth, number and name length everywhere, string length on the strings that are
 * kept. A mapper that reads JSON in any other way (comments, non-numeric numbers, an
 * input decorator, duplicate detection in the parser, document or token limits) is read
 * by Jackson instead: {@link #of} returns {@code null} for it.
 */
final class JsonRpcJsonReader {

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private static final long ONES = 0x0101010101010101L;

	private static final long HIGH_BITS = 0x8080808080808080L;

	private static final long QUOTES = 0x2222222222222222L;

	private static final long BACKSLASHES = 0x5c5c5c5c5c5c5c5cL;

	private static final long SPACES = 0x2020202020202020L;

	private static final int JSONRPC_SEEN = 1;

	private static final int METHOD_SEEN = 2;

	private static final int PARAMS_SEEN = 4;

	private static final int ID_SEEN = 8;

	/** Elements of a params array that fit before its list grows. */
	private static final int PARAMS_CAPACITY = 4;

	/** The fewest decimals of an array kept as doubles rather than nodes. */
	private static final int COMPACT_ARRAY = 16;

	private static final byte[] TRUE = { 't', 'r', 'u', 'e' };

	private static final byte[] FALSE = { 'f', 'a', 'l', 's', 'e' };

	private static final byte[] NULL = { 'n', 'u', 'l', 'l' };

	private final JsonNodeFactory nodes;

	private final boolean bigDecimalFloats;

	private final boolean fastDoubles;

	private final boolean fastBigNumbers;

	private final int maxDepth;

	private final int maxNumberLength;

	private final int maxStringLength;

	private final int maxNameLength;

	private final int maxBatchSize;

	private final boolean rejectDuplicateMembers;

	/** Whether long base64 strings in objects are kept as bytes: with Jackson's nodes. */
	private final boolean keepsBase64;

	private final MethodNames methodNames;

	/**
	 * Member names inside params recently read, shared as Jackson's name table shares
	 * them; a fixed table, so colliding names only replace each other.
	 */
	private final MethodNames memberNames = new MethodNames();

	private JsonRpcJsonReader(ObjectMapper mapper, StreamReadConstraints constraints, int maxBatchSize,
			boolean rejectDuplicateMembers, MethodNames methodNames) {
		TokenStreamFactory tokens = mapper.tokenStreamFactory();
		this.nodes = mapper.getNodeFactory();
		this.bigDecimalFloats = mapper.isEnabled(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
		this.fastDoubles = tokens.isEnabled(StreamReadFeature.USE_FAST_DOUBLE_PARSER);
		this.fastBigNumbers = tokens.isEnabled(StreamReadFeature.USE_FAST_BIG_NUMBER_PARSER);
		this.maxDepth = constraints.getMaxNestingDepth();
		this.maxNumberLength = constraints.getMaxNumberLength();
		this.maxStringLength = constraints.getMaxStringLength();
		this.maxNameLength = constraints.getMaxNameLength();
		this.maxBatchSize = maxBatchSize;
		this.rejectDuplicateMembers = rejectDuplicateMembers;
		this.keepsBase64 = this.nodes.getClass() == JsonNodeFactory.class;
		this.methodNames = methodNames;
	}

	/**
	 * Return a reader for the given mapper, or {@code null} when its JSON factory reads
	 * in a way this reader does not.
	 * @param mapper the codec's mapper
	 * @param maxBatchSize the largest batch accepted
	 * @param rejectDuplicateMembers whether duplicate members make a request invalid
	 * @param methodNames the codec's method names
	 * @return the reader or {@code null}
	 */
	static @Nullable JsonRpcJsonReader of(ObjectMapper mapper, int maxBatchSize, boolean rejectDuplicateMembers,
			MethodNames methodNames) {
		TokenStreamFactory tokens = mapper.tokenStreamFactory();
		if (tokens.getClass() != JsonFactory.class) {
			return null;
		}
		JsonFactory json = (JsonFactory) tokens;
		TokenStreamFactory.Feature detection = TokenStreamFactory.Feature.CHARSET_DETECTION;
		if (json.getInputDecorator() != null || json.isEnabled(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
				|| json.isEnabled(detection) != detection.enabledByDefault()) {
			return null;
		}
		for (JsonReadFeature feature : JsonReadFeature.values()) {
			if (json.isEnabled(feature)) {
				return null;
			}
		}
		StreamReadConstraints constraints = json.streamReadConstraints();
		if (constraints.hasMaxDocumentLength() || constraints.hasMaxTokenCount()) {
			return null;
		}
		return new JsonRpcJsonReader(mapper, constraints, maxBatchSize, rejectDuplicateMembers, methodNames);
	}

	/**
	 * Read a payload.
	 * @param bytes the array
	 * @param offset where the payload starts
	 * @param length the payload's length
	 * @return the payload; anything that is not one well-formed JSON text in UTF-8 is a
	 * single parse error
	 */
	JsonRpcPayload read(byte[] bytes, int offset, int length) {
		return new Input(bytes, offset, offset + length).payload();
	}

	/*
	 * Return the entry for the members read from one request object; shared with the
	 * Jackson path.
	 */
	static JsonRpcEntry entry(boolean rejecting, int seen, @Nullable String duplicate, @Nullable String nestedDuplicate,
			boolean versionValid, @Nullable String method, boolean valid, @Nullable JsonNode params,
			boolean paramsInRange, @Nullable JsonNode id, boolean idValid) {
		if (rejecting && (duplicate != null || nestedDuplicate != null)) {
			// A duplicate id cannot be answered with either one.
			String detail = "duplicate member '" + ((duplicate != null) ? duplicate : nestedDuplicate) + "'";
			return new InvalidRequest(((seen & ID_SEEN) != 0 && !"id".equals(duplicate) && idValid) ? id : null,
					JsonRpcErrorCode.INVALID_REQUEST.toError(detail));
		}
		if (!versionValid || method == null || !valid || !idValid) {
			return new InvalidRequest(idValid ? id : null, JsonRpcErrorCode.INVALID_REQUEST.toError());
		}
		if (!paramsInRange) {
			return new InvalidRequest(id, JsonRpcErrorCode.INVALID_PARAMS.toError(JsonRpcCodec.OUT_OF_RANGE));
		}
		return new JsonRpcRequest(method, params, id);
	}

	private static String memberName(int member) {
		return switch (member) {
			case JSONRPC_SEEN -> "jsonrpc";
			case METHOD_SEEN -> "method";
			case PARAMS_SEEN -> "params";
			default -> "id";
		};
	}

	private static boolean isDigit(int c) {
		return c >= '0' && c <= '9';
	}

	/**
	 * Text that is not one well-formed JSON value, or breaks a limit; carries no stack
	 * trace.
	 */
	private static final class Malformed extends RuntimeException {

		private static final long serialVersionUID = 1L;

		static final Malformed INSTANCE = new Malformed();

		private Malformed() {
			super(null, null, false, false);
		}

	}

	/**
	 * One payload being read.
	 */
	private final class Input {

		private final byte[] bytes;

		private final int end;

		private int position;

		private int depth;

		/** The depth of the params being read, as a container. */
		private int paramsDepth;

		/** Whether a number in the params being read is beyond any number type. */
		private boolean outOfRange;

		/** The first duplicate member name inside the params being read. */
		private @Nullable String nestedDuplicate;

		// The string last scanned: its content, between its quotes.

		private int stringStart;

		private int stringEnd;

		private boolean escaped;

		private boolean ascii;

		/** Its length in UTF-8 once unescaped, as Jackson counts the length of a name. */
		private int utf8Length;

		// The number last scanned.

		private int numberStart;

		private int digitsStart;

		private int integerLength;

		private boolean negative;

		private boolean floating;

		/** Container kinds below the value being skipped, a bit each: 1 for an object. */
		private long kinds;

		private long @Nullable [] deeperKinds;

		private char @Nullable [] chars;

		Input(byte[] bytes, int from, int to) {
			this.bytes = bytes;
			this.position = from;
			this.end = to;
		}

		JsonRpcPayload payload() {
			try {
				int p = this.position;
				if (this.end - p >= 4 && this.bytes[p] == (byte) 0xef && this.bytes[p + 1] == (byte) 0xbb
						&& this.bytes[p + 2] == (byte) 0xbf) {
					// A UTF-8 byte order mark, which Jackson skips too.
					this.position = p + 3;
				}
				int c = next();
				if (c < 0) {
					return parseError();
				}
				JsonRpcPayload payload = (c == '[') ? batch() : new JsonRpcPayload(false, List.of(entry(c)));
				if (next() >= 0) {
					// Trailing content after the value: the text as a whole is not valid
					// JSON.
					return parseError();
				}
				return payload;
			}
			catch (Malformed ex) {
				return parseError();
			}
		}

		private JsonRpcPayload parseError() {
			return JsonRpcPayload.failure(JsonRpcErrorCode.PARSE_ERROR.toError());
		}

		/*
		 * Skip whitespace and return the next byte, not consumed, or -1 at the end.
		 */
		private int next() {
			byte[] b = this.bytes;
			int p = this.position;
			while (p < this.end) {
				int c = b[p];
				if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
					p++;
				}
				else {
					this.position = p;
					return c & 0xff;
				}
			}
			this.position = p;
			return -1;
		}

		private int afterSeparator() {
			this.position++;
			return next();
		}

		private void enter() {
			if (++this.depth > JsonRpcJsonReader.this.maxDepth) {
				throw Malformed.INSTANCE;
			}
		}

		private JsonRpcPayload batch() {
			enter();
			int c = afterSeparator();
			if (c == ']') {
				this.position++;
				this.depth--;
				return JsonRpcPayload.failure(JsonRpcErrorCode.INVALID_REQUEST.toError());
			}
			int maxBatchSize = JsonRpcJsonReader.this.maxBatchSize;
			List<JsonRpcEntry> entries = new ArrayList<>();
			int count = 0;
			while (true) {
				count++;
				if (count > maxBatchSize) {
					// Keep reading, so that a syntax error still wins, but keep nothing.
					skipValue(c);
				}
				else {
					entries.add(entry(c));
				}
				c = next();
				if (c == ',') {
					c = afterSeparator();
				}
				else if (c == ']') {
					this.position++;
					break;
				}
				else {
					throw Malformed.INSTANCE;
				}
			}
			this.depth--;
			if (count > maxBatchSize) {
				return JsonRpcPayload.failure(JsonRpcErrorCode.INVALID_REQUEST
					.toError("batch of " + count + " calls exceeds the limit of " + maxBatchSize));
			}
			return new JsonRpcPayload(true, entries);
		}

		private JsonRpcEntry entry(int first) {
			if (first != '{') {
				skipValue(first);
				return new InvalidRequest(null, JsonRpcErrorCode.INVALID_REQUEST.toError());
			}
			enter();
			boolean rejecting = JsonRpcJsonReader.this.rejectDuplicateMembers;
			boolean versionValid = false;
			String method = null;
			boolean valid = true;
			JsonNode params = null;
			JsonNode id = null;
			boolean idValid = true;
			boolean paramsInRange = true;
			int seen = 0;
			String duplicate = null;
			this.nestedDuplicate = null;
			int c = afterSeparator();
			if (c == '}') {
				this.position++;
			}
			else {
				while (true) {
					int member = envelopeName(c);
					c = value();
					switch (member) {
						case JSONRPC_SEEN -> versionValid = (c == '"') ? version() : skipAsFalse(c);
						case METHOD_SEEN -> {
							if (c == '"') {
								method = method();
							}
							else {
								valid = false;
								skipValue(c);
							}
						}
						case PARAMS_SEEN -> {
							if (c == '[' || c == '{') {
								this.outOfRange = false;
								this.paramsDepth = this.depth + 1;
								JsonNode tree = tree(c);
								paramsInRange = !this.outOfRange;
								params = paramsInRange ? tree : null;
								this.outOfRange = false;
							}
							else {
								valid = false;
								skipValue(c);
							}
						}
						case ID_SEEN -> {
							if (c == '"') {
								id = JsonRpcJsonReader.this.nodes.stringNode(string());
								idValid = true;
							}
							else if (c == '-' || isDigit(c)) {
								number();
								// A fraction exactly, so that it is echoed as sent,
								// whatever its range.
								id = this.floating ? exactNode() : integral();
								idValid = id != null;
							}
							else if (c == 'n') {
								literal(NULL);
								id = NullNode.getInstance();
								idValid = true;
							}
							else {
								id = null;
								idValid = false;
								skipValue(c);
							}
						}
						default -> skipValue(c);
					}
					if (rejecting && (seen & member) != 0 && duplicate == null) {
						duplicate = memberName(member);
					}
					seen |= member;
					c = next();
					if (c == ',') {
						c = afterSeparator();
					}
					else if (c == '}') {
						this.position++;
						break;
					}
					else {
						throw Malformed.INSTANCE;
					}
				}
			}
			this.depth--;
			return JsonRpcJsonReader.entry(rejecting, seen, duplicate, this.nestedDuplicate, versionValid, method,
					valid, params, paramsInRange, id, idValid);
		}

		private boolean skipAsFalse(int c) {
			skipValue(c);
			return false;
		}

		/*
		 * After a member name: skip the colon and return the first byte of the value.
		 */
		private int value() {
			if (next() != ':') {
				throw Malformed.INSTANCE;
			}
			return afterSeparator();
		}

		/*
		 * Read a request's member name and return its bit, 0 for one the specification
		 * does not define.
		 */
		private int envelopeName(int c) {
			if (c != '"') {
				throw Malformed.INSTANCE;
			}
			scanName();
			if (this.escaped) {
				return switch (decode()) {
					case "jsonrpc" -> JSONRPC_SEEN;
					case "method" -> METHOD_SEEN;
					case "params" -> PARAMS_SEEN;
					case "id" -> ID_SEEN;
					default -> 0;
				};
			}
			byte[] b = this.bytes;
			int s = this.stringStart;
			return switch (this.stringEnd - s) {
				case 2 -> (b[s] == 'i' && b[s + 1] == 'd') ? ID_SEEN : 0;
				case 6 -> {
					if (b[s] == 'm' && b[s + 1] == 'e' && b[s + 2] == 't' && b[s + 3] == 'h' && b[s + 4] == 'o'
							&& b[s + 5] == 'd') {
						yield METHOD_SEEN;
					}
					yield (b[s] == 'p' && b[s + 1] == 'a' && b[s + 2] == 'r' && b[s + 3] == 'a' && b[s + 4] == 'm'
							&& b[s + 5] == 's') ? PARAMS_SEEN : 0;
				}
				case 7 -> (b[s] == 'j' && b[s + 1] == 's' && b[s + 2] == 'o' && b[s + 3] == 'n' && b[s + 4] == 'r'
						&& b[s + 5] == 'p' && b[s + 6] == 'c') ? JSONRPC_SEEN : 0;
				default -> 0;
			};
		}

		private void scanName() {
			scanString(true);
			if (this.utf8Length > JsonRpcJsonReader.this.maxNameLength) {
				throw Malformed.INSTANCE;
			}
		}

		private boolean version() {
			// Compared in place: no String for a member every request carries. Jackson
			// does not hold this string to the length limit either.
			scanString();
			if (this.escaped) {
				return "2.0".equals(decode());
			}
			int s = this.stringStart;
			byte[] b = this.bytes;
			return this.stringEnd - s == 3 && b[s] == '2' && b[s + 1] == '.' && b[s + 2] == '0';
		}

		private String method() {
			scanString();
			int length = this.stringEnd - this.stringStart;
			if (!this.escaped && this.ascii && length <= MethodNames.MAX_LENGTH) {
				return JsonRpcJsonReader.this.methodNames.read(this.bytes, this.stringStart, length);
			}
			String method = materialize();
			if (method.length() > MethodNames.MAX_LENGTH) {
				// As Jackson, which holds only a method name too long to share to the
				// limit.
				checkLength(method);
			}
			return method;
		}

		/*
		 * Read a string value that is kept, held to the length limit.
		 */
		private String string() {
			scanString();
			return checkLength(materialize());
		}

		/*
		 * Read a string value inside params: a long one that needs no decoding as a node
		 * that may keep its bytes decoded from base64 too (see Base64StringNode).
		 */
		private JsonNode stringNode() {
			byte[] decoded = JsonRpcJsonReader.this.keepsBase64 ? base64() : null;
			if (decoded != null) {
				return Base64StringNode.of(materialize(), decoded);
			}
			return JsonRpcJsonReader.this.nodes.stringNode(string());
		}

		/*
		 * Read a long string of base64, looking for its closing quote only (three
		 * operations a word instead of scanString's eight): the basic decoder takes
		 * nothing but its alphabet, so a string it takes is plain ASCII, without escapes,
		 * and ends at the first quote. Return the bytes it decodes to, the string
		 * scanned; null, with nothing consumed, for anything else.
		 */
		private byte @Nullable [] base64() {
			byte[] b = this.bytes;
			int s = this.position + 1;
			if (this.end - s <= Base64StringNode.MIN_LENGTH) {
				// No string this long fits in what is left: no search for its end.
				return null;
			}
			int q = skipToQuote(b, s, this.end);
			int length = q - s;
			if (q >= this.end || b[q] != '"' || length < Base64StringNode.MIN_LENGTH
					|| length > JsonRpcJsonReader.this.maxStringLength) {
				return null;
			}
			byte[] decoded = Base64StringNode.decode(b, s, length);
			if (decoded != null) {
				this.stringStart = s;
				this.stringEnd = q;
				this.position = q + 1;
				this.escaped = false;
				this.ascii = true;
				this.utf8Length = length;
			}
			return decoded;
		}

		private String checkLength(String text) {
			if (text.length() > JsonRpcJsonReader.this.maxStringLength) {
				throw Malformed.INSTANCE;
			}
			return text;
		}

		private String materialize() {
			int s = this.stringStart;
			int length = this.stringEnd - s;
			if (this.escaped) {
				return decode();
			}
			// One copy, however long: a base64 buffer, say.
			return new String(this.bytes, s, length, this.ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
		}

		/*
		 * Scan a string from its opening quote to past its closing one, checking escapes,
		 * control characters and UTF-8 on the way.
		 */
		private void scanString() {
			scanString(false);
		}

		/*
		 * @param name whether the string is a member name, in which Jackson refuses
		 * surrogate escapes that do not make a pair
		 */
		private void scanString(boolean name) {
			byte[] b = this.bytes;
			int end = this.end;
			int p = this.position + 1;
			this.stringStart = p;
			boolean escaped = false;
			boolean ascii = true;
			int utf8Adjustment = 0;
			while (true) {
				p = skipPlain(b, p, end);
				if (p >= end) {
					throw Malformed.INSTANCE;
				}
				int c = b[p];
				if (c == '"') {
					break;
				}
				if (c == '\\') {
					escaped = true;
					if (p + 1 >= end) {
						throw Malformed.INSTANCE;
					}
					int e = b[p + 1];
					if (e == 'u') {
						int unit = hex(p + 2);
						if (name && Character.isSurrogate((char) unit)) {
							// Jackson takes a surrogate escape in a name only as the
							// first
							// of a pair of escapes, which counts as one character of four
							// bytes.
							if (Character.isLowSurrogate((char) unit) || p + 7 >= end || b[p + 6] != '\\'
									|| b[p + 7] != 'u' || !Character.isLowSurrogate((char) hex(p + 8))) {
								throw Malformed.INSTANCE;
							}
							utf8Adjustment += 4 - 12;
							p += 12;
						}
						else {
							utf8Adjustment += ((unit < 0x80) ? 1 : (unit < 0x800) ? 2 : 3) - 6;
							p += 6;
						}
					}
					else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r'
							|| e == 't') {
						utf8Adjustment -= 1;
						p += 2;
					}
					else {
						throw Malformed.INSTANCE;
					}
				}
				else if (c < 0) {
					ascii = false;
					p = sequence(p);
				}
				else if (c < 0x20) {
					throw Malformed.INSTANCE;
				}
				else {
					p++;
				}
			}
			this.stringEnd = p;
			this.position = p + 1;
			this.escaped = escaped;
			this.ascii = ascii;
			this.utf8Length = p - this.stringStart + utf8Adjustment;
		}

		/*
		 * Check one well-formed multi-byte UTF-8 sequence (Unicode table 3-7, as Utf8
		 * does) and return where the next character starts.
		 */
		private int sequence(int p) {
			byte[] b = this.bytes;
			int lead = b[p] & 0xff;
			int remaining;
			int low = 0x80;
			int high = 0xbf;
			if (lead < 0xc2 || lead > 0xf4) {
				throw Malformed.INSTANCE;
			}
			if (lead < 0xe0) {
				remaining = 1;
			}
			else if (lead < 0xf0) {
				remaining = 2;
				if (lead == 0xe0) {
					low = 0xa0;
				}
				else if (lead == 0xed) {
					high = 0x9f;
				}
			}
			else {
				remaining = 3;
				if (lead == 0xf0) {
					low = 0x90;
				}
				else if (lead == 0xf4) {
					high = 0x8f;
				}
			}
			if (p + remaining >= this.end) {
				// The closing quote must follow too.
				throw Malformed.INSTANCE;
			}
			int second = b[p + 1] & 0xff;
			if (second < low || second > high) {
				throw Malformed.INSTANCE;
			}
			for (int i = 2; i <= remaining; i++) {
				if ((b[p + i] & 0xc0) != 0x80) {
					throw Malformed.INSTANCE;
				}
			}
			return p + remaining + 1;
		}

		private int hex(int p) {
			if (p + 4 > this.end) {
				throw Malformed.INSTANCE;
			}
			int value = 0;
			for (int i = 0; i < 4; i++) {
				int c = this.bytes[p + i];
				int digit;
				if (c >= '0' && c <= '9') {
					digit = c - '0';
				}
				else if (c >= 'a' && c <= 'f') {
					digit = c - 'a' + 10;
				}
				else if (c >= 'A' && c <= 'F') {
					digit = c - 'A' + 10;
				}
				else {
					throw Malformed.INSTANCE;
				}
				value = (value << 4) | digit;
			}
			return value;
		}

		/*
		 * Decode the string last scanned, which has escapes: they and the UTF-8 around
		 * them are known to be well-formed. A lone surrogate escape stays a lone
		 * surrogate, as in Jackson.
		 */
		private String decode() {
			byte[] b = this.bytes;
			int p = this.stringStart;
			int end = this.stringEnd;
			char[] out = chars(end - p);
			int n = 0;
			while (p < end) {
				int c = b[p];
				if (c >= 0 && c != '\\') {
					out[n++] = (char) c;
					p++;
				}
				else if (c == '\\') {
					int e = b[p + 1];
					p += 2;
					switch (e) {
						case 'u' -> {
							out[n++] = (char) hex(p);
							p += 4;
						}
						case 'b' -> out[n++] = '\b';
						case 'f' -> out[n++] = '\f';
						case 'n' -> out[n++] = '\n';
						case 'r' -> out[n++] = '\r';
						case 't' -> out[n++] = '\t';
						default -> out[n++] = (char) e;
					}
				}
				else {
					int lead = c & 0xff;
					if (lead < 0xe0) {
						out[n++] = (char) (((lead & 0x1f) << 6) | (b[p + 1] & 0x3f));
						p += 2;
					}
					else if (lead < 0xf0) {
						out[n++] = (char) (((lead & 0x0f) << 12) | ((b[p + 1] & 0x3f) << 6) | (b[p + 2] & 0x3f));
						p += 3;
					}
					else {
						int codePoint = ((lead & 0x07) << 18) | ((b[p + 1] & 0x3f) << 12) | ((b[p + 2] & 0x3f) << 6)
								| (b[p + 3] & 0x3f);
						out[n++] = Character.highSurrogate(codePoint);
						out[n++] = Character.lowSurrogate(codePoint);
						p += 4;
					}
				}
			}
			return new String(out, 0, n);
		}

		private char[] chars(int length) {
			char[] chars = this.chars;
			if (chars == null || chars.length < length) {
				chars = new char[Math.max(length, 64)];
				this.chars = chars;
			}
			return chars;
		}

		private void literal(byte[] word) {
			int p = this.position;
			if (p + word.length > this.end) {
				throw Malformed.INSTANCE;
			}
			for (int i = 0; i < word.length; i++) {
				if (this.bytes[p + i] != word[i]) {
					throw Malformed.INSTANCE;
				}
			}
			this.position = p + word.length;
		}

		/*
		 * Scan a number, held to the length limit as Jackson holds it (digits only,
		 * whether the number is kept or not).
		 */
		private void number() {
			byte[] b = this.bytes;
			int end = this.end;
			int p = this.position;
			this.numberStart = p;
			boolean negative = b[p] == '-';
			if (negative) {
				p++;
			}
			int digits = p;
			if (p >= end) {
				throw Malformed.INSTANCE;
			}
			int c = b[p];
			if (c == '0') {
				p++;
				if (p < end && isDigit(b[p])) {
					throw Malformed.INSTANCE;
				}
			}
			else if (c >= '1' && c <= '9') {
				p++;
				while (p < end && isDigit(b[p])) {
					p++;
				}
			}
			else {
				throw Malformed.INSTANCE;
			}
			int integerLength = p - digits;
			int fractionLength = 0;
			int exponentLength = 0;
			boolean floating = false;
			if (p < end && b[p] == '.') {
				int fraction = ++p;
				while (p < end && isDigit(b[p])) {
					p++;
				}
				fractionLength = p - fraction;
				if (fractionLength == 0) {
					throw Malformed.INSTANCE;
				}
				floating = true;
			}
			if (p < end && (b[p] | 0x20) == 'e') {
				p++;
				if (p < end && (b[p] == '+' || b[p] == '-')) {
					p++;
				}
				int exponent = p;
				while (p < end && isDigit(b[p])) {
					p++;
				}
				exponentLength = p - exponent;
				if (exponentLength == 0) {
					throw Malformed.INSTANCE;
				}
				floating = true;
			}
			if (integerLength + fractionLength + exponentLength > JsonRpcJsonReader.this.maxNumberLength) {
				throw Malformed.INSTANCE;
			}
			this.position = p;
			this.digitsStart = digits;
			this.integerLength = integerLength;
			this.negative = negative;
			this.floating = floating;
		}

		/*
		 * The integer last scanned, in the smallest of int, long and BigInteger that
		 * holds it, as Jackson types it.
		 */
		private JsonNode integral() {
			byte[] b = this.bytes;
			int s = this.digitsStart;
			int length = this.integerLength;
			JsonNodeFactory nodes = JsonRpcJsonReader.this.nodes;
			if (length <= 19) {
				int fast = Math.min(length, 18);
				long value = 0;
				for (int i = 0; i < fast; i++) {
					value = value * 10 + (b[s + i] - '0');
				}
				if (length == 19) {
					int last = b[s + 18] - '0';
					if (value > 922337203685477580L
							|| (value == 922337203685477580L && last > (this.negative ? 8 : 7))) {
						return nodes
							.numberNode(NumberInput.parseBigInteger(text(), JsonRpcJsonReader.this.fastBigNumbers));
					}
					return nodes.numberNode(this.negative ? -(value * 10) - last : value * 10 + last);
				}
				if (this.negative) {
					value = -value;
				}
				if (length <= 9 || (length == 10 && value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE)) {
					return nodes.numberNode((int) value);
				}
				return nodes.numberNode(value);
			}
			return nodes.numberNode(NumberInput.parseBigInteger(text(), JsonRpcJsonReader.this.fastBigNumbers));
		}

		/*
		 * The number with a fraction or exponent last scanned, as the Jackson path reads
		 * it (see there); null, with outOfRange set, when its exponent is beyond what a
		 * BigDecimal holds.
		 */
		private @Nullable JsonNode floatingNode() {
			if (!JsonRpcJsonReader.this.bigDecimalFloats) {
				double value = floatingValue();
				if (value == value) {
					return JsonRpcJsonReader.this.nodes.numberNode(value);
				}
			}
			return exactFloatingNode();
		}

		/*
		 * The number last scanned, which is not a double (see floatingValue), as
		 * floatingNode reads it.
		 */
		private @Nullable JsonNode exactFloatingNode() {
			JsonNodeFactory nodes = JsonRpcJsonReader.this.nodes;
			boolean doubles = !JsonRpcJsonReader.this.bigDecimalFloats;
			BigDecimal exact = exact(text());
			if (exact == null) {
				this.outOfRange = true;
				return null;
			}
			if (doubles && exact.signum() == 0) {
				// A zero, which a double holds exactly.
				return nodes.numberNode(this.negative ? -0.0 : 0.0);
			}
			return nodes.numberNode(exact);
		}

		private @Nullable JsonNode exactNode() {
			BigDecimal exact = exact(text());
			return (exact != null) ? JsonRpcJsonReader.this.nodes.numberNode(exact) : null;
		}

		private @Nullable BigDecimal exact(String text) {
			try {
				return NumberInput.parseBigDecimal(text, JsonRpcJsonReader.this.fastBigNumbers);
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}

		private String text() {
			return new String(this.bytes, this.numberStart, this.position - this.numberStart,
					StandardCharsets.ISO_8859_1);
		}

		/*
		 * Read a value inside params as a tree; once a number is out of range, the rest
		 * of the params is only checked.
		 */
		private @Nullable JsonNode tree(int c) {
			JsonNodeFactory nodes = JsonRpcJsonReader.this.nodes;
			switch (c) {
				case '{' -> {
					return object();
				}
				case '[' -> {
					return array();
				}
				case '"' -> {
					return stringNode();
				}
				case 't' -> {
					literal(TRUE);
					return nodes.booleanNode(true);
				}
				case 'f' -> {
					literal(FALSE);
					return nodes.booleanNode(false);
				}
				case 'n' -> {
					literal(NULL);
					return nodes.nullNode();
				}
				default -> {
					if (c != '-' && !isDigit(c)) {
						throw Malformed.INSTANCE;
					}
					number();
					return this.floating ? floatingNode() : integral();
				}
			}
		}

		private ObjectNode object() {
			enter();
			ObjectNode object = JsonRpcJsonReader.this.nodes.objectNode();
			boolean rejecting = JsonRpcJsonReader.this.rejectDuplicateMembers;
			// Not in named params, whose members are bound from their nodes: nor is
			// anything else than NdArray's buffer kept, since any other consumer builds
			// the string from the bytes again.
			boolean keeps = JsonRpcJsonReader.this.keepsBase64 && this.depth > this.paramsDepth;
			boolean keeping = false;
			int c = afterSeparator();
			if (c == '}') {
				this.position++;
				this.depth--;
				return object;
			}
			while (true) {
				if (c != '"') {
					throw Malformed.INSTANCE;
				}
				scanName();
				String name = (!this.escaped && this.ascii) ? JsonRpcJsonReader.this.memberNames.read(this.bytes,
						this.stringStart, this.stringEnd - this.stringStart) : materialize();
				c = value();
				if (this.outOfRange) {
					skipValue(c);
				}
				else {
					boolean buffer = c == '"' && keeps && Base64Members.MEMBER.equals(name);
					byte[] decoded = buffer ? base64() : null;
					if (decoded != null) {
						// A long base64 string, kept as its bytes (see Base64Members).
						if (!keeping) {
							object = Base64Members.objectNode(JsonRpcJsonReader.this.nodes, object);
							keeping = true;
						}
						if (Base64Members.set(object, name, this.bytes, this.stringStart,
								this.stringEnd - this.stringStart, decoded) && rejecting
								&& this.nestedDuplicate == null) {
							this.nestedDuplicate = name;
						}
					}
					else {
						// A string base64() refused is the factory's node, as stringNode
						// makes it.
						JsonNode value = buffer ? JsonRpcJsonReader.this.nodes.stringNode(string()) : tree(c);
						if (!this.outOfRange) {
							if (!rejecting) {
								object.set(name, value);
							}
							else if (object.replace(name, value) != null && this.nestedDuplicate == null) {
								this.nestedDuplicate = name;
							}
						}
					}
				}
				c = next();
				if (c == ',') {
					c = afterSeparator();
				}
				else if (c == '}') {
					this.position++;
					this.depth--;
					return object;
				}
				else {
					throw Malformed.INSTANCE;
				}
			}
		}

		private ArrayNode array() {
			enter();
			JsonNodeFactory nodes = JsonRpcJsonReader.this.nodes;
			int c = afterSeparator();
			if (c == ']') {
				this.position++;
				this.depth--;
				return nodes.arrayNode(PARAMS_CAPACITY);
			}
			// Decimals are kept as doubles until an element that is not one.
			boolean decimals = !JsonRpcJsonReader.this.bigDecimalFloats;
			double[] doubles = null;
			int count = 0;
			ArrayNode array = null;
			while (true) {
				if (this.outOfRange) {
					skipValue(c);
				}
				else if (array == null && decimals && (c == '-' || isDigit(c))) {
					number();
					double value = this.floating ? floatingValue() : Double.NaN;
					if (value == value) {
						if (doubles == null) {
							doubles = new double[PARAMS_CAPACITY * 4];
						}
						else if (count == doubles.length) {
							doubles = Arrays.copyOf(doubles, count * 2);
						}
						doubles[count++] = value;
					}
					else {
						array = arrayOf(doubles, count, false);
						// Not a double: its exact node, without reading it again.
						JsonNode node = this.floating ? exactFloatingNode() : integral();
						if (!this.outOfRange) {
							array.add(node);
						}
					}
				}
				else {
					if (array == null) {
						array = arrayOf(doubles, count, false);
					}
					JsonNode value = tree(c);
					if (!this.outOfRange) {
						array.add(value);
					}
				}
				c = next();
				if (c == ',') {
					c = afterSeparator();
				}
				else if (c == ']') {
					this.position++;
					this.depth--;
					return (array != null) ? array : arrayOf(doubles, count, true);
				}
				else {
					throw Malformed.INSTANCE;
				}
			}
		}

		/*
		 * An array node of the doubles read so far: over the doubles themselves when it
		 * is complete and long enough to be worth it (see DoubleNodeList), else with a
		 * node each, to be added to.
		 */
		private ArrayNode arrayOf(double @Nullable [] doubles, int count, boolean complete) {
			JsonNodeFactory nodes = JsonRpcJsonReader.this.nodes;
			if (complete && count >= COMPACT_ARRAY) {
				return DoubleNodeList.arrayNode(nodes, doubles, count);
			}
			ArrayNode array = nodes.arrayNode(Math.max(count, PARAMS_CAPACITY));
			for (int i = 0; i < count; i++) {
				array.add(nodes.numberNode(doubles[i]));
			}
			return array;
		}

		/*
		 * The number with a fraction or exponent last scanned as floatingNode reads it
		 * when that is a double, or NaN when it is not (a nonzero beyond a double's
		 * range).
		 */
		private double floatingValue() {
			double fast = JsonNumbers.read(this.bytes, this.numberStart, this.position);
			if (fast == fast) {
				return fast;
			}
			int length = this.position - this.numberStart;
			char[] digits = chars(length);
			for (int i = 0; i < length; i++) {
				digits[i] = (char) this.bytes[this.numberStart + i];
			}
			double value = NumberInput.parseDouble(digits, 0, length, JsonRpcJsonReader.this.fastDoubles);
			// Beyond a double's range, or a zero that may not be one: the exact path.
			if (Double.isInfinite(value) || value == 0.0) {
				return Double.NaN;
			}
			return value;
		}

		/*
		 * Check a value that is not kept, without recursion: the kinds of the containers
		 * open inside it are kept a bit each.
		 */
		private void skipValue(int first) {
			int base = this.depth;
			int c = first;
			while (true) {
				// At the start of a value.
				if (c == '{' || c == '[') {
					enter();
					boolean object = c == '{';
					pushKind(this.depth - base - 1, object);
					c = afterSeparator();
					if (c == (object ? '}' : ']')) {
						this.position++;
						this.depth--;
					}
					else {
						if (object) {
							skipName(c);
							c = value();
						}
						continue;
					}
				}
				else if (c == '"') {
					scanString();
				}
				else if (c == 't') {
					literal(TRUE);
				}
				else if (c == 'f') {
					literal(FALSE);
				}
				else if (c == 'n') {
					literal(NULL);
				}
				else if (c == '-' || isDigit(c)) {
					number();
				}
				else {
					throw Malformed.INSTANCE;
				}
				// After a value: close what ends here, or go on to the next value.
				while (true) {
					if (this.depth == base) {
						return;
					}
					boolean object = isObject(this.depth - base - 1);
					c = next();
					if (c == ',') {
						c = afterSeparator();
						if (object) {
							skipName(c);
							c = value();
						}
						break;
					}
					if (c != (object ? '}' : ']')) {
						throw Malformed.INSTANCE;
					}
					this.position++;
					this.depth--;
				}
			}
		}

		private void skipName(int c) {
			if (c != '"') {
				throw Malformed.INSTANCE;
			}
			scanName();
		}

		private void pushKind(int level, boolean object) {
			if (level < 64) {
				this.kinds = object ? (this.kinds | (1L << level)) : (this.kinds & ~(1L << level));
				return;
			}
			int index = (level - 64) >>> 6;
			long[] deeper = this.deeperKinds;
			if (deeper == null || deeper.length <= index) {
				long[] grown = new long[Math.max(index + 1, (deeper != null) ? deeper.length * 2 : 4)];
				if (deeper != null) {
					System.arraycopy(deeper, 0, grown, 0, deeper.length);
				}
				deeper = grown;
				this.deeperKinds = grown;
			}
			long bit = 1L << (level & 63);
			deeper[index] = object ? (deeper[index] | bit) : (deeper[index] & ~bit);
		}

		private boolean isObject(int level) {
			if (level < 64) {
				return (this.kinds & (1L << level)) != 0;
			}
			return (this.deeperKinds[(level - 64) >>> 6] & (1L << (level & 63))) != 0;
		}

	}

	/*
	 * Return where the first byte from p that ends a run of plain string content is, or
	 * where fewer than eight bytes are left: sixteen, then eight bytes at a time. Apart
	 * from scanString, so that it stays small enough to be compiled with its array reads
	 * inlined: the scan of a long string (a base64 buffer) is most of the time its
	 * request takes.
	 */
	private static int skipPlain(byte[] b, int from, int end) {
		int p = from;
		while (p <= end - 16) {
			long first = special((long) LONGS.get(b, p));
			long second = special((long) LONGS.get(b, p + 8));
			if ((first | second) != 0) {
				break;
			}
			p += 16;
		}
		while (p <= end - 8) {
			long special = special((long) LONGS.get(b, p));
			if (special != 0) {
				return p + (Long.numberOfTrailingZeros(special) >>> 3);
			}
			p += 8;
		}
		return p;
	}

	/*
	 * Return where the first quote or byte of 0x80 or more from p is, or the end: 32,
	 * then 8 bytes at a time.
	 */
	private static int skipToQuote(byte[] b, int from, int end) {
		int p = from;
		while (p <= end - 32) {
			long first = ((long) LONGS.get(b, p) ^ QUOTES) - ONES;
			long second = ((long) LONGS.get(b, p + 8) ^ QUOTES) - ONES;
			long third = ((long) LONGS.get(b, p + 16) ^ QUOTES) - ONES;
			long fourth = ((long) LONGS.get(b, p + 24) ^ QUOTES) - ONES;
			if (((first | second | third | fourth) & HIGH_BITS) != 0) {
				break;
			}
			p += 32;
		}
		while (p <= end - 8) {
			// Exact in its lowest mark, as special is.
			long mark = (((long) LONGS.get(b, p) ^ QUOTES) - ONES) & HIGH_BITS;
			if (mark != 0) {
				return p + (Long.numberOfTrailingZeros(mark) >>> 3);
			}
			p += 8;
		}
		while (p < end && b[p] != '"' && b[p] >= 0) {
			p++;
		}
		return p;
	}

	/*
	 * A byte of 0x80 where the word has a byte that ends a run of plain string content: a
	 * quote, a backslash, a control character or one of a multi-byte sequence (0x80 or
	 * more: XORed with the quote or the backslash, 0x81 or more in one of the two). The
	 * lowest mark is exact: a subtraction borrows out of a byte only when that byte is
	 * marked itself, so none borrows into the lowest marked byte. Bytes above it may be
	 * marked wrongly, which does not matter since only the lowest mark is used.
	 */
	private static long special(long word) {
		return ((word - SPACES) | ((word ^ QUOTES) - ONES) | ((word ^ BACKSLASHES) - ONES)) & HIGH_BITS;
	}

}
