package io.ujrpc.protocol;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.Function;
import java.util.function.Supplier;

import io.ujrpc.array.NdArray;
import io.ujrpc.array.PrimitiveArrayModule;
import io.ujrpc.array.PrimitiveArrays;
import org.jspecify.annotations.Nullable;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.SerializableString;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.io.NumberOutput;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.cbor.CBORFactory;
import tools.jackson.dataformat.cbor.CBORParser;
import tools.jackson.dataformat.cbor.CBORReadFeature;
import tools.jackson.dataformat.cbor.CBORWriteFeature;

/**
 * Reads JSON-RPC 2.0 payloads into {@link JsonRpcPayload}s and writes responses, with
 * Jackson's streaming API.
 * <p>
 * Decoding reads the whole payload before anything is dispatched, so that a batch with a
 * syntax error anywhere is answered with one parse error, as the specification's examples
 * require. It is strict where readers could disagree: text that is not well-formed UTF-8
 * is a parse error (RFC 8259 section 8.1), a member's value is never read as the
 * enclosing object's members, and numbers keep their type whatever their range. Instances
 * are thread-safe.
 * <p>
 * The same requests and responses travel in CBOR and MessagePack too (see
 * {@link Encoding}): CBOR through Jackson's CBOR parser and generator, MessagePack
 * through a reader of its own (in place, also from direct buffers), written with
 * msgpack-core. Both are decoded by the same code as JSON, so they are validated the same
 * way; their binary values become {@code BinaryNode}s (CBOR typed arrays in little-endian
 * order), except that a CBOR typed array of doubles, floats or signed integers that is
 * itself a member or element of params is read as the Java array of its element type, in
 * a {@code POJONode}. Results are written with primitive arrays as binary data.
 */
public final class JsonRpcCodec {

	private static final String VERSION = "2.0";

	/** What params holding a number no number type holds are answered with. */
	static final String OUT_OF_RANGE = "a number is beyond the range any number type holds";

	private static final SerializableString JSONRPC = new SerializedString("jsonrpc");

	private static final SerializableString RESULT = new SerializedString("result");

	private static final SerializableString ERROR = new SerializedString("error");

	private static final SerializableString ID = new SerializedString("id");

	private static final SerializableString CODE = new SerializedString("code");

	private static final SerializableString MESSAGE = new SerializedString("message");

	private static final SerializableString DATA = new SerializedString("data");

	private static final byte[] RESULT_PREFIX = "{\"jsonrpc\":\"2.0\",\"result\":".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] ID_PREFIX = ",\"id\":".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] NDARRAY_DATA = "{\"data\":".getBytes(StandardCharsets.US_ASCII);

	private static final String FLOAT64 = "<f8";

	private static final byte[] NDARRAY_FLOAT64 = (",\"dtype\":\"" + FLOAT64 + "\"}")
		.getBytes(StandardCharsets.US_ASCII);

	private static final long DOUBLE_EXPONENT = 0x7FF0_0000_0000_0000L;

	private static final VarHandle LITTLE_ENDIAN_LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
			ByteOrder.LITTLE_ENDIAN);

	private static final VarHandle LITTLE_ENDIAN_DOUBLES = MethodHandles.byteArrayViewVarHandle(double[].class,
			ByteOrder.LITTLE_ENDIAN);

	private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] LONG_MIN = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);

	private static final int JSONRPC_SEEN = 1;

	private static final int METHOD_SEEN = 2;

	private static final int PARAMS_SEEN = 4;

	private static final int ID_SEEN = 8;

	/** Elements of a params array that fit before its list grows. */
	private static final int PARAMS_CAPACITY = 4;

	/** The longest stream copied into an array for the codec's own reader. */
	private static final int STREAM_LIMIT = 256 * 1024;

	/** Each thread's array for streams read by the codec's own reader. */
	private static final ThreadLocal<byte[]> STREAM_BUFFER = ThreadLocal.withInitial(() -> new byte[8192]);

	/** Each thread's array for the digits of double results. */
	private static final ThreadLocal<byte[]> DOUBLES_BUFFER = ThreadLocal.withInitial(() -> new byte[8192]);

	/** A string this long is copied from the parser's characters at once. */
	private static final int LONG_STRING = 4096;

	private final ObjectMapper mapper;

	/**
	 * The codec's own copy of the mapper's token stream factory, replaced when its name
	 * table may be poisoned (see {@link #decode(byte[], int, int)}).
	 */
	private volatile TokenStreamFactory tokens;

	private final JsonNodeFactory nodes;

	private final boolean bigDecimalFloats;

	private final int maxBatchSize;

	private final boolean rejectDuplicateMembers;

	private final MethodNames methodNames = new MethodNames();

	/** Where CBOR typed arrays in params are read on their way to their arrays. */
	private final ByteScratch.Pool scratches = new ByteScratch.Pool();

	/** Reads JSON requests unless the mapper reads JSON in a way it does not. */
	private final @Nullable JsonRpcJsonReader reader;

	/** Parses and generates CBOR; names are not canonicalized, so no table is shared. */
	private final CBORFactory cbor;

	/**
	 * The mapper's writer with primitive arrays written compactly, for the binary
	 * encodings; JSON is written by the mapper itself.
	 */
	private final ObjectWriter binaryWriter;

	/**
	 * The mapper's writer with Jackson's fast double writer (Schubfach, the algorithm of
	 * {@code Double.toString} from JDK 19): the same text as there, several times faster
	 * than JDK 17's for arrays of doubles.
	 */
	private final ObjectWriter jsonWriter;

	/**
	 * Whether double results are written without the mapper, digits straight into the
	 * output: when the mapper writes them as Jackson does by default.
	 */
	private final boolean directDoubles;

	/** Whether float64 NdArrays in the JSON-list form are written as directDoubles. */
	private final boolean directNdArrays;

	/**
	 * Create a codec that lets the last of duplicate members win, as most JSON parsers
	 * do.
	 * @param mapper the mapper used for parameters, results and error data
	 * @param maxBatchSize the largest batch accepted; larger ones are answered with one
	 * invalid-request error
	 */
	public JsonRpcCodec(ObjectMapper mapper, int maxBatchSize) {
		this(mapper, maxBatchSize, false);
	}

	/**
	 * Create a codec.
	 * @param mapper the mapper used for parameters, results and error data
	 * @param maxBatchSize the largest batch accepted; larger ones are answered with one
	 * invalid-request error
	 * @param rejectDuplicateMembers whether a request in which a member name occurs twice
	 * in one object (its own {@code jsonrpc}, {@code method}, {@code params} or
	 * {@code id}, or any object inside {@code params} or {@code id}) is answered with an
	 * invalid-request error, so that no two readers of the request can disagree on which
	 * of the two counts; when {@code false} the last one wins
	 */
	public JsonRpcCodec(ObjectMapper mapper, int maxBatchSize, boolean rejectDuplicateMembers) {
		if (mapper == null) {
			throw new IllegalArgumentException("mapper: null (expected: an ObjectMapper)");
		}
		if (maxBatchSize <= 0) {
			throw new IllegalArgumentException("maxBatchSize: " + maxBatchSize + " (expected: > 0)");
		}
		this.mapper = mapper;
		this.tokens = NameTableGuard.copy(mapper.tokenStreamFactory());
		this.nodes = mapper.getNodeFactory();
		this.bigDecimalFloats = mapper.isEnabled(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
		this.maxBatchSize = maxBatchSize;
		this.rejectDuplicateMembers = rejectDuplicateMembers;
		this.reader = JsonRpcJsonReader.of(mapper, maxBatchSize, rejectDuplicateMembers, this.methodNames);
		this.cbor = CBORFactory.builder()
			.disable(TokenStreamFactory.Feature.CANONICALIZE_PROPERTY_NAMES)
			.enable(CBORReadFeature.DECODE_USING_STANDARD_NEGATIVE_BIGINT_ENCODING)
			.enable(CBORWriteFeature.ENCODE_USING_STANDARD_NEGATIVE_BIGINT_ENCODING)
			.build();
		this.binaryWriter = PrimitiveArrayModule.withArrays(mapper).writer();
		this.jsonWriter = mapper.writer().with(StreamWriteFeature.USE_FAST_DOUBLE_WRITER);
		this.directDoubles = writesDoublesAsJackson(this.jsonWriter);
		this.directNdArrays = this.directDoubles && writesNdArraysAsJackson(this.jsonWriter);
	}

	/* Whether float64 NdArrays in the JSON-list form are written digits first (tests). */
	boolean writesNdArraysDirectly() {
		return this.directNdArrays;
	}

	/**
	 * Return the mapper this codec reads and writes with.
	 * @return the mapper
	 */
	public ObjectMapper mapper() {
		return this.mapper;
	}

	/**
	 * Return whether duplicate members make a request invalid.
	 * @return {@code true} when they are rejected, {@code false} when the last one wins
	 */
	public boolean rejectsDuplicateMembers() {
		return this.rejectDuplicateMembers;
	}

	/*
	 * Whether JSON is read by the codec's own reader, not by Jackson's parser.
	 */
	boolean readsJsonItself() {
		return this.reader != null;
	}

	/**
	 * Decode a payload held in an array.
	 * @param bytes the array
	 * @param offset where the payload starts
	 * @param length the payload's length
	 * @return the payload; malformed UTF-8 and syntax errors become a single parse-error
	 * entry
	 */
	public JsonRpcPayload decode(byte[] bytes, int offset, int length) {
		JsonRpcJsonReader reader = this.reader;
		return (reader != null) ? reader.read(bytes, offset, length) : decodeWithJackson(bytes, offset, length);
	}

	/*
	 * Decode with Jackson's parser: for a mapper that reads JSON in a way the codec's own
	 * reader does not, and, package-private, for the tests that compare the two.
	 */
	JsonRpcPayload decodeWithJackson(byte[] bytes, int offset, int length) {
		if (!Utf8.isWellFormed(bytes, offset, length)) {
			return parseError();
		}
		TokenStreamFactory tokens = this.tokens;
		try (JsonParser parser = tokens.createParser(ObjectReadContext.empty(), bytes, offset, length)) {
			return decode(parser);
		}
		catch (StreamConstraintsException | IndexOutOfBoundsException ex) {
			// The shared name table may be at fault, not this document (see
			// NameTableGuard): read it once more on a new table.
			try (JsonParser parser = renewTokens(tokens).createParser(ObjectReadContext.empty(), bytes, offset,
					length)) {
				return decode(parser);
			}
			catch (JacksonException | NumberFormatException again) {
				return parseError();
			}
		}
		catch (JacksonException | NumberFormatException ex) {
			// A number format failure is Jackson's, on a number too long or too large.
			return parseError();
		}
		finally {
			checkNameTable();
		}
	}

	/**
	 * Decode a payload read from a stream.
	 * @param in the stream; it is read to its end but not closed
	 * @return the payload; malformed UTF-8 and syntax errors become a single parse-error
	 * entry
	 */
	public JsonRpcPayload decode(InputStream in) {
		if (this.reader == null) {
			return decodeWithJackson(in);
		}
		boolean rereadable = in.markSupported();
		if (rereadable) {
			in.mark(Integer.MAX_VALUE);
		}
		byte[] buffer = STREAM_BUFFER.get();
		int length = 0;
		try {
			while (true) {
				if (length == buffer.length) {
					if (length == STREAM_LIMIT) {
						int more = in.read();
						if (more < 0) {
							break;
						}
						// Too long to copy: Jackson streams it.
						if (rereadable) {
							in.reset();
							return decodeWithJackson(in);
						}
						byte[] head = Arrays.copyOf(buffer, length + 1);
						head[length] = (byte) more;
						return decodeWithJackson(new SequenceInputStream(new ByteArrayInputStream(head), in));
					}
					buffer = Arrays.copyOf(buffer, Math.min(STREAM_LIMIT, length * 2));
					STREAM_BUFFER.set(buffer);
				}
				int count = in.read(buffer, length, buffer.length - length);
				if (count < 0) {
					break;
				}
				length += count;
			}
		}
		catch (IOException ex) {
			return parseError();
		}
		// The payload holds nothing of the buffer: the next stream on this thread can
		// reuse it.
		return this.reader.read(buffer, 0, length);
	}

	private JsonRpcPayload decodeWithJackson(InputStream in) {
		boolean rereadable = in.markSupported();
		if (rereadable) {
			in.mark(Integer.MAX_VALUE);
		}
		TokenStreamFactory tokens = this.tokens;
		try (JsonParser parser = tokens.createParser(ObjectReadContext.empty(), new Utf8.CheckedInputStream(in))) {
			return decode(parser);
		}
		catch (StreamConstraintsException | IndexOutOfBoundsException ex) {
			// As for an array (see there), when the stream can be read again.
			TokenStreamFactory renewed = renewTokens(tokens);
			if (!rereadable) {
				return parseError();
			}
			try {
				in.reset();
			}
			catch (IOException resetFailed) {
				return parseError();
			}
			try (JsonParser parser = renewed.createParser(ObjectReadContext.empty(), new Utf8.CheckedInputStream(in))) {
				return decode(parser);
			}
			catch (JacksonException | NumberFormatException again) {
				return parseError();
			}
		}
		catch (JacksonException | NumberFormatException ex) {
			// A number format failure is Jackson's, on a number too long or too large.
			return parseError();
		}
		finally {
			checkNameTable();
		}
	}

	/**
	 * Decode a payload in the given encoding.
	 * @param encoding the payload's encoding
	 * @param bytes the array
	 * @param offset where the payload starts
	 * @param length the payload's length
	 * @return the payload; bytes that are not one well-formed value of the encoding
	 * become a single parse-error entry
	 */
	public JsonRpcPayload decode(Encoding encoding, byte[] bytes, int offset, int length) {
		if (encoding == Encoding.JSON) {
			return decode(bytes, offset, length);
		}
		return decodeBinary(() -> (encoding == Encoding.CBOR)
				? this.cbor.createParser(ObjectReadContext.empty(), bytes, offset, length)
				: MessagePackTokens.read(bytes, offset, length, this::readTree));
	}

	/**
	 * Read one value in a binary encoding as a tree, as params are read (a REST request's
	 * body, say), and as strictly as payloads: one well-formed value and nothing after
	 * it, text strings in UTF-8, no member name twice in an object when the codec refuses
	 * duplicates; CBOR typed arrays among the value's own members or elements become the
	 * Java arrays of their elements, as in params.
	 * @param encoding {@link Encoding#CBOR} or {@link Encoding#MESSAGE_PACK}
	 * @param buffers the value, each buffer from its position to its limit, in order;
	 * their positions are left as they are, and the tree holds none of their bytes
	 * @return the tree, or {@code null} when the bytes are not such a value
	 * @throws JsonRpcException with {@link JsonRpcErrorCode#INVALID_PARAMS}'s code when
	 * the value is well-formed but holds a number beyond the range any number type holds
	 * (an infinite float, say), as a payload's params holding one are answered
	 */
	public @Nullable JsonNode decodeValue(Encoding encoding, ByteBuffer... buffers) {
		if (encoding == Encoding.JSON) {
			throw new IllegalArgumentException("encoding: JSON (expected: CBOR or MESSAGE_PACK)");
		}
		try {
			return readBinary(binaryParsers(encoding, buffers), this::readValue);
		}
		catch (NumberOutOfRange ex) {
			throw new JsonRpcException(JsonRpcErrorCode.INVALID_PARAMS.code(), OUT_OF_RANGE);
		}
	}

	/* One whole value read as params are, or null for anything else. */
	private @Nullable JsonNode readValue(JsonParser parser) {
		JsonToken token = parser.nextToken();
		if (token == null) {
			return null;
		}
		Duplicates duplicates = this.rejectDuplicateMembers ? new Duplicates() : null;
		JsonNode value = (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY)
				? readParams(parser, token, duplicates) : readTree(parser, token, duplicates);
		if (parser.nextToken() != null || (duplicates != null && duplicates.name != null)) {
			return null;
		}
		return value;
	}

	/**
	 * Write one value in a binary encoding, as results are written: primitive arrays and
	 * {@code NdArray}s as binary data.
	 * @param encoding {@link Encoding#CBOR} or {@link Encoding#MESSAGE_PACK}
	 * @param out where to write
	 * @param value the value, or {@code null}
	 */
	public void encodeValue(Encoding encoding, OutputStream out, @Nullable Object value) {
		switch (encoding) {
			case CBOR -> {
				try (JsonGenerator generator = this.cbor.createGenerator(ObjectWriteContext.empty(), out)) {
					writeBinaryValue(generator, value);
				}
			}
			case MESSAGE_PACK -> pack(out, (packer) -> MessagePackTokens.writeValue(packer, value, this.binaryWriter));
			case JSON -> throw new IllegalArgumentException("encoding: JSON (expected: CBOR or MESSAGE_PACK)");
		}
	}

	/**
	 * Decode a payload held in buffers (those a request body arrived in, say) in the
	 * given encoding: MessagePack is read in place, CBOR through the parser's buffer,
	 * JSON from one copy of the bytes.
	 * @param encoding the payload's encoding
	 * @param buffers the payload, each buffer from its position to its limit, in order;
	 * their positions are left as they are
	 * @return the payload; bytes that are not one well-formed value of the encoding
	 * become a single parse-error entry
	 */
	public JsonRpcPayload decode(Encoding encoding, ByteBuffer... buffers) {
		if (encoding != Encoding.JSON) {
			return decodeBinary(binaryParsers(encoding, buffers));
		}
		if (buffers.length == 1 && buffers[0].hasArray()) {
			ByteBuffer buffer = buffers[0];
			return decode(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
		}
		int length = 0;
		for (ByteBuffer buffer : buffers) {
			length += buffer.remaining();
		}
		byte[] bytes = new byte[length];
		int offset = 0;
		for (ByteBuffer buffer : buffers) {
			int count = buffer.remaining();
			buffer.duplicate().get(bytes, offset, count);
			offset += count;
		}
		return decode(encoding, bytes, 0, length);
	}

	private JsonRpcPayload decodeBinary(Supplier<JsonParser> parsers) {
		JsonRpcPayload payload = readBinary(parsers, this::decode);
		return (payload != null) ? payload : parseError();
	}

	/*
	 * Read CBOR or MessagePack with a parser from parsers: null when the bytes are not
	 * well-formed.
	 */
	private static <T> @Nullable T readBinary(Supplier<JsonParser> parsers, Function<JsonParser, T> reading) {
		try (JsonParser parser = parsers.get()) {
			return reading.apply(parser);
		}
		catch (MessagePackTokens.Malformed | JacksonException | NumberFormatException ex) {
			return null;
		}
		catch (IllegalStateException | IndexOutOfBoundsException ex) {
			// Tokens no JSON text has (such as CBOR's undefined), or a malformed value.
			return null;
		}
	}

	/*
	 * Parsers of CBOR or MessagePack held in buffers: MessagePack read in place, CBOR
	 * from the array of a lone heap buffer, else through the parser's own buffer (no copy
	 * of the whole body).
	 */
	private Supplier<JsonParser> binaryParsers(Encoding encoding, ByteBuffer... buffers) {
		if (encoding == Encoding.MESSAGE_PACK) {
			return () -> MessagePackTokens.read(buffers, this::readTree);
		}
		if (buffers.length == 1 && buffers[0].hasArray()) {
			ByteBuffer buffer = buffers[0];
			return () -> this.cbor.createParser(ObjectReadContext.empty(), buffer.array(),
					buffer.arrayOffset() + buffer.position(), buffer.remaining());
		}
		return () -> this.cbor.createParser(ObjectReadContext.empty(), new BufferInputStream(buffers));
	}

	private JsonNode readTree(JsonParser tokens) {
		return readTree(tokens, tokens.currentToken(), null);
	}

	private void checkNameTable() {
		TokenStreamFactory current = this.tokens;
		if (NameTableGuard.isOversized(current)) {
			renewTokens(current);
		}
	}

	/*
	 * Replace a factory whose name table may be poisoned with a new copy, unless another
	 * thread did so already; the copy starts with an empty table.
	 */
	private synchronized TokenStreamFactory renewTokens(TokenStreamFactory failed) {
		if (this.tokens == failed) {
			this.tokens = failed.copy();
		}
		return this.tokens;
	}

	private static JsonRpcPayload parseError() {
		return JsonRpcPayload.failure(JsonRpcErrorCode.PARSE_ERROR.toError());
	}

	private JsonRpcPayload decode(JsonParser parser) {
		JsonToken token = parser.nextToken();
		if (token == null) {
			return parseError();
		}
		JsonRpcPayload payload;
		if (token == JsonToken.START_ARRAY) {
			payload = decodeBatch(parser);
		}
		else {
			payload = new JsonRpcPayload(false, List.of(decodeEntry(parser, token)));
		}
		if (parser.nextToken() != null) {
			// Trailing content after the value: the text as a whole is not valid JSON.
			return parseError();
		}
		return payload;
	}

	private JsonRpcPayload decodeBatch(JsonParser parser) {
		List<JsonRpcEntry> entries = new ArrayList<>();
		int count = 0;
		JsonToken token;
		while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
			if (token == null) {
				throw new IllegalStateException("unreachable: parser ended inside an array");
			}
			count++;
			if (count > this.maxBatchSize) {
				// Keep reading, so that a syntax error still wins, but keep nothing.
				parser.skipChildren();
				continue;
			}
			entries.add(decodeEntry(parser, token));
		}
		if (count == 0) {
			return JsonRpcPayload.failure(JsonRpcErrorCode.INVALID_REQUEST.toError());
		}
		if (count > this.maxBatchSize) {
			return JsonRpcPayload.failure(JsonRpcErrorCode.INVALID_REQUEST
				.toError("batch of " + count + " calls exceeds the limit of " + this.maxBatchSize));
		}
		return new JsonRpcPayload(true, entries);
	}

	private JsonRpcEntry decodeEntry(JsonParser parser, JsonToken token) {
		if (token != JsonToken.START_OBJECT) {
			parser.skipChildren();
			return new InvalidRequest(null, JsonRpcErrorCode.INVALID_REQUEST.toError());
		}
		boolean versionValid = false;
		String method = null;
		boolean valid = true;
		JsonNode params = null;
		JsonNode id = null;
		boolean idValid = true;
		boolean paramsInRange = true;
		int seen = 0;
		String duplicate = null;
		Duplicates nested = this.rejectDuplicateMembers ? new Duplicates() : null;
		String name;
		while ((name = parser.nextName()) != null) {
			JsonToken value = parser.nextToken();
			int member = switch (name) {
				case "jsonrpc" -> {
					versionValid = value == JsonToken.VALUE_STRING && isVersion(parser);
					// Skip an object or array: its members are not this request's.
					parser.skipChildren();
					yield JSONRPC_SEEN;
				}
				case "method" -> {
					if (value == JsonToken.VALUE_STRING) {
						method = this.methodNames.read(parser);
					}
					else {
						valid = false;
						parser.skipChildren();
					}
					yield METHOD_SEEN;
				}
				case "params" -> {
					if (value == JsonToken.START_ARRAY || value == JsonToken.START_OBJECT) {
						TokenStreamContext request = parser.streamReadContext().getParent();
						try {
							params = readParams(parser, value, nested);
							paramsInRange = true;
						}
						catch (NumberOutOfRange ex) {
							skipTo(parser, request);
							params = null;
							paramsInRange = false;
						}
					}
					else {
						valid = false;
						parser.skipChildren();
					}
					yield PARAMS_SEEN;
				}
				case "id" -> {
					if (value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NUMBER_INT) {
						id = readTree(parser, value, null);
						idValid = true;
					}
					else if (value == JsonToken.VALUE_NUMBER_FLOAT) {
						// Exact, so that it is echoed as sent, whatever its range.
						id = exactNumber(parser);
						idValid = id != null;
					}
					else if (value == JsonToken.VALUE_NULL) {
						id = NullNode.getInstance();
						idValid = true;
					}
					else {
						id = null;
						idValid = false;
						parser.skipChildren();
					}
					yield ID_SEEN;
				}
				default -> {
					parser.skipChildren();
					yield 0;
				}
			};
			if (nested != null && (seen & member) != 0 && duplicate == null) {
				duplicate = name;
			}
			seen |= member;
		}
		return JsonRpcJsonReader.entry(nested != null, seen, duplicate, (nested != null) ? nested.name : null,
				versionValid, method, valid, params, paramsInRange, id, idValid);
	}

	/*
	 * Read tokens until the parser is back in the given context, after the value being
	 * read was abandoned somewhere inside.
	 */
	private static void skipTo(JsonParser parser, TokenStreamContext context) {
		while (parser.streamReadContext() != context) {
			if (parser.nextToken() == null) {
				throw new IllegalStateException("unreachable: parser ended inside a value");
			}
		}
	}

	/*
	 * Return the current number exactly, or {@code null} when its exponent is beyond what
	 * a {@link java.math.BigDecimal} holds.
	 */
	private JsonNode exactNumber(JsonParser parser) {
		try {
			return this.nodes.numberNode(parser.getDecimalValue());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static boolean isVersion(JsonParser parser) {
		// Compares in place: no String for a member every request carries.
		if (parser.getStringLength() != VERSION.length()) {
			return false;
		}
		char[] chars = parser.getStringCharacters();
		int offset = parser.getStringOffset();
		for (int i = 0; i < VERSION.length(); i++) {
			if (chars[offset + i] != VERSION.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	/*
	 * Read the value at the current token as a tree, straight from the token stream:
	 * cheaper than a data-binding read, which sets up a deserialization context for each
	 * value.
	 *
	 * @param duplicates where to note the first duplicate member name, or {@code null} to
	 * let the last one win
	 */
	private JsonNode readTree(JsonParser parser, JsonToken token, Duplicates duplicates) {
		switch (token) {
			case START_OBJECT -> {
				return readObject(parser, duplicates, false);
			}
			case START_ARRAY -> {
				return readArray(parser, duplicates, false);
			}
			case VALUE_STRING -> {
				return this.nodes.stringNode(checkText(parser, string(parser)));
			}
			case VALUE_NUMBER_INT -> {
				return switch (parser.getNumberType()) {
					case INT -> this.nodes.numberNode(parser.getIntValue());
					case LONG -> this.nodes.numberNode(parser.getLongValue());
					default -> this.nodes.numberNode(parser.getBigIntegerValue());
				};
			}
			case VALUE_NUMBER_FLOAT -> {
				return readFloat(parser);
			}
			case VALUE_TRUE -> {
				return this.nodes.booleanNode(true);
			}
			case VALUE_FALSE -> {
				return this.nodes.booleanNode(false);
			}
			case VALUE_NULL -> {
				return this.nodes.nullNode();
			}
			case VALUE_EMBEDDED_OBJECT -> {
				// Binary data in CBOR and MessagePack, an array read from msgpack-numpy's
				// map.
				return embedded(parser);
			}
			default -> throw new IllegalStateException("Unexpected token " + token);
		}
	}

	/*
	 * Read params as a tree, each of its CBOR typed arrays whose elements have a Java
	 * array type (a float64 one, say) read straight into that array: the tree holds a
	 * POJO node of the double[], which a double[] parameter takes as it is, where a
	 * BinaryNode would hold a fresh byte[] for the parameter to copy into a fresh
	 * double[]. Only params' own members and elements are read so; deeper typed arrays
	 * stay binary data, read by Jackson's binding as before.
	 */
	private JsonNode readParams(JsonParser parser, JsonToken token, Duplicates duplicates) {
		boolean typedArrays = parser instanceof CBORParser;
		return (token == JsonToken.START_OBJECT) ? readObject(parser, duplicates, typedArrays)
				: readArray(parser, duplicates, typedArrays);
	}

	private ObjectNode readObject(JsonParser parser, Duplicates duplicates, boolean typedArrays) {
		ObjectNode object = this.nodes.objectNode();
		String name;
		while ((name = parser.nextName()) != null) {
			checkText(parser, name);
			JsonNode value = readMember(parser, parser.nextToken(), duplicates, typedArrays);
			if (duplicates == null) {
				object.set(name, value);
			}
			else if (object.replace(name, value) != null && duplicates.name == null) {
				duplicates.name = name;
			}
		}
		return object;
	}

	private ArrayNode readArray(JsonParser parser, Duplicates duplicates, boolean typedArrays) {
		ArrayNode array = this.nodes.arrayNode(PARAMS_CAPACITY);
		JsonToken next;
		while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
			array.add(readMember(parser, next, duplicates, typedArrays));
		}
		return array;
	}

	/*
	 * A member or element; a typed array of a Java array type read as that array when
	 * typedArrays says so (the parser is then a CBORParser).
	 */
	private JsonNode readMember(JsonParser parser, JsonToken token, Duplicates duplicates, boolean typedArrays) {
		if (typedArrays && token == JsonToken.VALUE_EMBEDDED_OBJECT) {
			CBORParser cborParser = (CBORParser) parser;
			int tag = cborParser.getCurrentTag();
			if (PrimitiveArrays.typedArrayType(tag) != null) {
				return typedArray(cborParser, tag);
			}
		}
		return readTree(parser, token, duplicates);
	}

	/*
	 * A typed array, through a pooled scratch buffer: one fresh array, the one bound.
	 */
	private JsonNode typedArray(CBORParser parser, int tag) {
		ByteScratch scratch = this.scratches.take();
		try {
			int length = parser.readBinaryValue(scratch);
			if (length == 0 && (parser.getEmbeddedObject() != null || parser.isUndefined())) {
				// Not a byte string, of which nothing was read: a tagged simple value or
				// undefined (asked only now: before the read, the last byte of a long
				// string's length may look like undefined's).
				return embedded(parser);
			}
			Object array = PrimitiveArrays.fromTypedArray(tag, scratch.bytes(), length);
			return (array != null) ? this.nodes.pojoNode(array)
					: this.nodes.binaryNode(Arrays.copyOf(scratch.bytes(), length));
		}
		finally {
			this.scratches.give(scratch);
		}
	}

	/*
	 * Jackson's CBOR parser decodes a text string that is not UTF-8 without complaint,
	 * into a lone surrogate, say, that no encoder writes back: such a payload is not
	 * well-formed. JSON is checked as a whole before it is parsed, MessagePack's strings
	 * as they are read.
	 */
	private static String checkText(JsonParser parser, String text) {
		if (parser instanceof CBORParser) {
			for (int i = 0; i < text.length(); i++) {
				char c = text.charAt(i);
				if (Character.isSurrogate(c)) {
					if (Character.isHighSurrogate(c) && i + 1 < text.length()
							&& Character.isLowSurrogate(text.charAt(i + 1))) {
						i++;
					}
					else {
						throw new IllegalStateException("A CBOR text string that is not UTF-8");
					}
				}
			}
		}
		return text;
	}

	/*
	 * A long string (a base64 buffer, say) made from the parser's characters in one copy:
	 * getString() joins the parser's segments through a StringBuilder, char by char on
	 * JDK 17.
	 */
	private static String string(JsonParser parser) {
		if (!parser.hasStringCharacters()) {
			return parser.getString();
		}
		int length = parser.getStringLength();
		if (length < LONG_STRING) {
			return parser.getString();
		}
		return new String(parser.getStringCharacters(), parser.getStringOffset(), length);
	}

	private JsonNode embedded(JsonParser parser) {
		Object embedded = parser.getEmbeddedObject();
		if (embedded instanceof byte[] bytes) {
			if (parser instanceof CBORParser cborParser) {
				byte[] typed = PrimitiveArrays.littleEndian(cborParser.getCurrentTag(), bytes);
				if (typed != null) {
					bytes = typed;
				}
			}
			return this.nodes.binaryNode(bytes);
		}
		if (!(embedded instanceof NdArray)) {
			// A CBOR simple value with no JSON meaning (simple(9), say), or null: it
			// would be answered as what it is in Java.
			throw new IllegalStateException("Unexpected embedded " + embedded);
		}
		return this.nodes.pojoNode(embedded);
	}

	/*
	 * Read a number with a fraction or exponent as a double when a double holds it, else
	 * exactly: a number beyond a double's range stays a number (never {@code
	 * "Infinity"}), and one too small for a double does not become zero.
	 */
	private JsonNode readFloat(JsonParser parser) {
		if (!this.bigDecimalFloats) {
			double value = parser.getDoubleValue();
			if (!Double.isInfinite(value) && value != 0.0) {
				return this.nodes.numberNode(value);
			}
		}
		JsonNode exact = exactNumber(parser);
		if (exact == null) {
			throw NumberOutOfRange.INSTANCE;
		}
		if (!this.bigDecimalFloats && exact.decimalValue().signum() == 0) {
			// A zero, which a double holds exactly.
			return this.nodes.numberNode(parser.getDoubleValue());
		}
		return exact;
	}

	/**
	 * A number in params whose exponent is beyond what a {@link java.math.BigDecimal}
	 * holds; carries no stack trace.
	 */
	private static final class NumberOutOfRange extends RuntimeException {

		private static final long serialVersionUID = 1L;

		static final NumberOutOfRange INSTANCE = new NumberOutOfRange();

		private NumberOutOfRange() {
			super(null, null, false, false);
		}

	}

	/**
	 * The first duplicate member name found inside a request's params, if any.
	 */
	private static final class Duplicates {

		private String name;

	}

	/**
	 * Write one response object.
	 * @param out where to write; not closed
	 * @param response the response
	 */
	public void encode(OutputStream out, JsonRpcResponse response) {
		if (encodeScalar(out, response)) {
			return;
		}
		if (encodeDigitsFirst(out, response)) {
			return;
		}
		try (JsonGenerator generator = this.jsonWriter.createGenerator(out)) {
			write(generator, response);
		}
	}

	/*
	 * Write a response whose result is a double, a double[] or a list of doubles, all
	 * finite, or a float64 NdArray of finite values in the JSON-list form, with a numeric
	 * or plain-ASCII string id, digits straight into the output, as Jackson and
	 * NdArraySerializer write them.
	 *
	 * @return whether the response was written
	 */
	private boolean encodeDigitsFirst(OutputStream out, JsonRpcResponse response) {
		Object result = response.result();
		boolean doubles = this.directDoubles && isFiniteDoubles(result);
		boolean array = !doubles && this.directNdArrays && result instanceof NdArray ndArray && isFloat64List(ndArray);
		if ((!doubles && !array) || response.error() != null || !isPlainId(response.id())) {
			return false;
		}
		try {
			out.write(RESULT_PREFIX);
			if (doubles) {
				writeDoubles(out, result);
			}
			else {
				writeNdArray(out, (NdArray) result);
			}
			out.write(ID_PREFIX);
			writePlainId(out, response.id());
			out.write('}');
			return true;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static boolean isFiniteDoubles(@Nullable Object result) {
		if (result instanceof Double number) {
			return Double.isFinite(number);
		}
		if (result instanceof double[] values) {
			for (double value : values) {
				if (!Double.isFinite(value)) {
					return false;
				}
			}
			return true;
		}
		if (result instanceof List<?> values && values instanceof RandomAccess) {
			for (int i = 0, size = values.size(); i < size; i++) {
				if (!(values.get(i) instanceof Double number) || !Double.isFinite(number)) {
					return false;
				}
			}
			return true;
		}
		return false;
	}

	/*
	 * Write a double, a double[] or a list of doubles (see isFiniteDoubles) as Jackson's
	 * fast double writer writes them.
	 */
	private static void writeDoubles(OutputStream out, Object result) throws IOException {
		DoubleText text = new DoubleText(out);
		if (result instanceof Double number) {
			text.element(true, number);
		}
		else if (result instanceof double[] values) {
			text.put('[');
			for (int i = 0; i < values.length; i++) {
				text.element(i == 0, values[i]);
			}
			text.put(']');
		}
		else {
			List<?> values = (List<?>) result;
			text.put('[');
			for (int i = 0, size = values.size(); i < size; i++) {
				text.element(i == 0, (Double) values.get(i));
			}
			text.put(']');
		}
		text.flush();
	}

	/*
	 * An array of at least one dimension (a 0-d one is a bare number) of finite float64,
	 * written as nested lists in JSON.
	 */
	private static boolean isFloat64List(NdArray array) {
		NdArray.Format format = array.format();
		if ((format != null && format != NdArray.Format.LIST) || !FLOAT64.equals(array.dtype())
				|| array.shape().length == 0) {
			return false;
		}
		byte[] data = array.data();
		for (int i = 0; i + Double.BYTES <= data.length; i += Double.BYTES) {
			if (((long) LITTLE_ENDIAN_LONGS.get(data, i) & DOUBLE_EXPONENT) == DOUBLE_EXPONENT) {
				// NaN or infinite.
				return false;
			}
		}
		return true;
	}

	private static void writeNdArray(OutputStream out, NdArray array) throws IOException {
		out.write(NDARRAY_DATA);
		DoubleText text = new DoubleText(out);
		writeLists(text, array.data(), array.shape(), 0, 0);
		text.flush();
		out.write(NDARRAY_FLOAT64);
	}

	/*
	 * Write the nested lists of one level of a float64 array's elements, from the element
	 * at the given offset in its little-endian data.
	 *
	 * @return the offset of the element after them
	 */
	private static int writeLists(DoubleText text, byte[] data, int[] shape, int depth, int offset) throws IOException {
		int next = offset;
		text.put('[');
		for (int i = 0; i < shape[depth]; i++) {
			if (depth == shape.length - 1) {
				text.element(i == 0, (double) LITTLE_ENDIAN_DOUBLES.get(data, next));
				next += Double.BYTES;
			}
			else {
				if (i > 0) {
					text.put(',');
				}
				next = writeLists(text, data, shape, depth + 1, next);
			}
		}
		text.put(']');
		return next;
	}

	/*
	 * Whether the writer writes float64 NdArrays in the JSON-list form as writeNdArray
	 * does: no serializer, feature or pretty printer of the mapper changes them.
	 */
	private static boolean writesNdArraysAsJackson(ObjectWriter writer) {
		double[] probe = { 0.5, -1.25, 8191.508191, 1e-3, 0.30000000000000004, 1e-300, -0.0, 1e22, 0.1, 2.5,
				123456.789012345, Double.MIN_VALUE };
		return writesAsJackson(writer,
				List.of(NdArray.of(probe), NdArray.of(probe, 3, 4), NdArray.of(probe, 2, 1, 6),
						NdArray.of(new double[0], 0), NdArray.of(new double[0], 2, 0),
						NdArray.of(probe, 12).withFormat(NdArray.Format.LIST)),
				(out, array) -> writeNdArray(out, (NdArray) array));
	}

	/* Whether the writer writes each of the values as the direct writer does. */
	private static boolean writesAsJackson(ObjectWriter writer, List<?> values, DirectWriter directWriter) {
		try {
			for (Object value : values) {
				java.io.ByteArrayOutputStream direct = new java.io.ByteArrayOutputStream();
				directWriter.write(direct, value);
				if (!Arrays.equals(writer.writeValueAsBytes(value), direct.toByteArray())) {
					return false;
				}
			}
			return true;
		}
		catch (JacksonException | IOException ex) {
			return false;
		}
	}

	/**
	 * Writes a value digits first.
	 */
	@FunctionalInterface
	private interface DirectWriter {

		void write(OutputStream out, Object value) throws IOException;

	}

	/**
	 * JSON text of doubles, written a chunk at a time into the output.
	 */
	private static final class DoubleText {

		private final OutputStream out;

		private final byte[] chunk = DOUBLES_BUFFER.get();

		/** Room for a separator and a number, or a bracket, after the last check. */
		private final int limit = this.chunk.length - JsonNumbers.MAX_LENGTH - 2;

		private int position;

		DoubleText(OutputStream out) {
			this.out = out;
		}

		/* A list's element: the separator before it unless it is the first. */
		void element(boolean first, double value) throws IOException {
			room();
			if (!first) {
				this.chunk[this.position++] = ',';
			}
			this.position = writeDouble(value, this.chunk, this.position);
		}

		void put(char c) throws IOException {
			room();
			this.chunk[this.position++] = (byte) c;
		}

		private void room() throws IOException {
			if (this.position > this.limit) {
				flush();
			}
		}

		void flush() throws IOException {
			this.out.write(this.chunk, 0, this.position);
			this.position = 0;
		}

	}

	private static int writeDouble(double value, byte[] out, int position) {
		int end = JsonNumbers.write(value, out, position);
		if (end >= 0) {
			return end;
		}
		// Written with an exponent (below 10^-3 or from 10^7), or zero: Jackson's own.
		String text = NumberOutput.toString(value, true);
		for (int i = 0; i < text.length(); i++) {
			out[position + i] = (byte) text.charAt(i);
		}
		return position + text.length();
	}

	/*
	 * Whether the writer writes doubles, double arrays and lists of doubles as
	 * writeDoubles does: no serializer, feature or pretty printer of the mapper changes
	 * them.
	 */
	private static boolean writesDoublesAsJackson(ObjectWriter writer) {
		double[] probe = { 0.5, -1.25, 8191.508191, 1e-3, 9999999.0, 0.1, 1e7, 1e-300, -0.0, 0.0, 123456.789012345,
				0.30000000000000004, Double.MIN_VALUE, -Double.MAX_VALUE, 100.0, 0.0123 };
		List<Double> boxed = new ArrayList<>(probe.length);
		for (double value : probe) {
			boxed.add(value);
		}
		return writesAsJackson(writer, List.of(probe, boxed, List.of(2.5), probe[2], new double[0], List.of()),
				JsonRpcCodec::writeDoubles);
	}

	/*
	 * Write the most common response, a number, boolean or null result with a numeric or
	 * plain-ASCII string id, byte by byte: no generator, no serializer lookup.
	 *
	 * @return whether the response was written
	 */
	private static boolean encodeScalar(OutputStream out, JsonRpcResponse response) {
		Object result = response.result();
		JsonNode id = response.id();
		if (response.error() != null || !isScalar(result) || !isPlainId(id)) {
			return false;
		}
		try {
			out.write(RESULT_PREFIX);
			if (result == null) {
				out.write(NULL);
			}
			else if (result instanceof Boolean bool) {
				out.write(bool ? TRUE : FALSE);
			}
			else {
				writeLong(out, ((Number) result).longValue());
			}
			out.write(ID_PREFIX);
			writePlainId(out, id);
			out.write('}');
			return true;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void writePlainId(OutputStream out, @Nullable JsonNode id) throws IOException {
		if (id == null || id.isNull()) {
			out.write(NULL);
		}
		else if (id.isString()) {
			String text = id.stringValue();
			out.write('"');
			for (int i = 0; i < text.length(); i++) {
				out.write(text.charAt(i));
			}
			out.write('"');
		}
		else {
			writeLong(out, id.longValue());
		}
	}

	private static boolean isScalar(Object result) {
		return result == null || result instanceof Long || result instanceof Integer || result instanceof Short
				|| result instanceof Byte || result instanceof Boolean;
	}

	private static boolean isPlainId(JsonNode id) {
		if (id == null || id.isNull()) {
			return true;
		}
		if (id.isIntegralNumber()) {
			return id.canConvertToLong();
		}
		if (!id.isString()) {
			return false;
		}
		String text = id.stringValue();
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
				return false;
			}
		}
		return true;
	}

	private static void writeLong(OutputStream out, long value) throws IOException {
		if (value == Long.MIN_VALUE) {
			out.write(LONG_MIN);
			return;
		}
		if (value < 0) {
			out.write('-');
			value = -value;
		}
		long divisor = 1;
		while (value / divisor >= 10) {
			divisor *= 10;
		}
		for (; divisor > 0; divisor /= 10) {
			out.write((int) ('0' + (value / divisor) % 10));
		}
	}

	/**
	 * Write responses as a batch: a JSON array in the given order.
	 * @param out where to write; not closed
	 * @param responses the responses, at least one
	 */
	public void encode(OutputStream out, List<JsonRpcResponse> responses) {
		try (JsonGenerator generator = this.jsonWriter.createGenerator(out)) {
			generator.writeStartArray();
			for (JsonRpcResponse response : responses) {
				write(generator, response);
			}
			generator.writeEndArray();
		}
	}

	/**
	 * Write one response object in the given encoding.
	 * @param encoding the encoding
	 * @param out where to write; not closed
	 * @param response the response
	 */
	public void encode(Encoding encoding, OutputStream out, JsonRpcResponse response) {
		switch (encoding) {
			case JSON -> encode(out, response);
			case CBOR -> {
				try (JsonGenerator generator = this.cbor.createGenerator(ObjectWriteContext.empty(), out)) {
					writeBinary(generator, response);
				}
			}
			case MESSAGE_PACK -> pack(out, (packer) -> writeMessagePack(packer, response));
		}
	}

	/**
	 * Return the exact size of a response in a binary encoding, when it is one that
	 * {@link #encode(Encoding, ByteBuffer, JsonRpcResponse)} writes: a success whose
	 * result is a primitive array, an {@link NdArray} in msgpack-numpy's form, a short
	 * string, a number, a boolean or null, and whose id is a number, a short string or
	 * null.
	 * @param encoding the encoding
	 * @param response the response
	 * @return the size in bytes, or {@code -1} when the response is to be written to a
	 * stream ({@link #encode(Encoding, OutputStream, JsonRpcResponse)})
	 */
	public int encodedSize(Encoding encoding, JsonRpcResponse response) {
		DirectBinaryWriter writer = DirectBinaryWriter.of(encoding, response);
		return (writer != null) ? writer.size() : -1;
	}

	/**
	 * Write a response whose {@link #encodedSize size} is known into a buffer, the same
	 * bytes as {@link #encode(Encoding, OutputStream, JsonRpcResponse)} writes; an
	 * array's elements are copied once, into the buffer.
	 * @param encoding the encoding
	 * @param out where to write, from its position, with at least that size left; its
	 * position is moved past the response
	 * @param response the response
	 * @throws IllegalArgumentException when the response has no such size
	 */
	public void encode(Encoding encoding, ByteBuffer out, JsonRpcResponse response) {
		DirectBinaryWriter writer = DirectBinaryWriter.of(encoding, response);
		if (writer == null) {
			throw new IllegalArgumentException("a response of no known size (expected: one encodedSize measures)");
		}
		writer.write(out);
	}

	/**
	 * Write responses as a batch in the given encoding: an array in the given order.
	 * @param encoding the encoding
	 * @param out where to write; not closed
	 * @param responses the responses, at least one
	 */
	public void encode(Encoding encoding, OutputStream out, List<JsonRpcResponse> responses) {
		switch (encoding) {
			case JSON -> encode(out, responses);
			case CBOR -> {
				try (JsonGenerator generator = this.cbor.createGenerator(ObjectWriteContext.empty(), out)) {
					generator.writeStartArray(responses, responses.size());
					for (JsonRpcResponse response : responses) {
						writeBinary(generator, response);
					}
					generator.writeEndArray();
				}
			}
			case MESSAGE_PACK -> pack(out, (packer) -> {
				packer.packArrayHeader(responses.size());
				for (JsonRpcResponse response : responses) {
					writeMessagePack(packer, response);
				}
			});
		}
	}

	/**
	 * Check that a value can be written in the given encoding, by writing it nowhere.
	 * @param encoding the encoding
	 * @param value the value
	 * @throws RuntimeException when it cannot
	 */
	public void checkWritable(Encoding encoding, @Nullable Object value) {
		if (encoding == Encoding.JSON) {
			this.mapper.writeValueAsBytes(value);
		}
		else {
			encode(encoding, OutputStream.nullOutputStream(), JsonRpcResponse.success(NullNode.getInstance(), value));
		}
	}

	private void writeBinary(JsonGenerator generator, JsonRpcResponse response) {
		generator.writeStartObject(response, 3);
		generator.writeName(JSONRPC);
		generator.writeString(VERSION);
		JsonRpcError error = response.error();
		if (error == null) {
			generator.writeName(RESULT);
			writeBinaryValue(generator, response.result());
		}
		else {
			generator.writeName(ERROR);
			generator.writeStartObject(error, (error.data() != null) ? 3 : 2);
			generator.writeName(CODE);
			generator.writeNumber(error.code());
			generator.writeName(MESSAGE);
			generator.writeString(error.message());
			if (error.data() != null) {
				generator.writeName(DATA);
				writeBinaryValue(generator, error.data());
			}
			generator.writeEndObject();
		}
		generator.writeName(ID);
		writeId(generator, response.id());
		generator.writeEndObject();
	}

	private void writeBinaryValue(JsonGenerator generator, @Nullable Object value) {
		if (value == null) {
			generator.writeNull();
		}
		else if (value instanceof String string) {
			generator.writeString(string);
		}
		else if (value instanceof Long number) {
			generator.writeNumber(number);
		}
		else if (value instanceof Integer number) {
			generator.writeNumber(number);
		}
		else if (value instanceof Boolean bool) {
			generator.writeBoolean(bool);
		}
		else {
			this.binaryWriter.writeValue(generator, value);
		}
	}

	private static void writeId(JsonGenerator generator, @Nullable JsonNode id) {
		if (id == null || id.isNull()) {
			generator.writeNull();
		}
		else if (id.isString()) {
			generator.writeString(id.stringValue());
		}
		else if (id.isIntegralNumber() && id.canConvertToLong()) {
			generator.writeNumber(id.longValue());
		}
		else if (id.isIntegralNumber()) {
			generator.writeNumber(id.bigIntegerValue());
		}
		else if (id.isBigDecimal()) {
			generator.writeNumber(id.decimalValue());
		}
		else {
			generator.writeNumber(id.doubleValue());
		}
	}

	/* Write MessagePack into a stream, through a packer flushed at the end. */
	private static void pack(OutputStream out, Packing packing) {
		try {
			MessagePacker packer = MessagePack.newDefaultPacker(out);
			packing.pack(packer);
			packer.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Writes with a packer.
	 */
	@FunctionalInterface
	private interface Packing {

		void pack(MessagePacker packer) throws IOException;

	}

	private void writeMessagePack(MessagePacker packer, JsonRpcResponse response) throws IOException {
		packer.packMapHeader(3);
		packer.packString("jsonrpc");
		packer.packString(VERSION);
		JsonRpcError error = response.error();
		if (error == null) {
			packer.packString("result");
			MessagePackTokens.writeValue(packer, response.result(), this.binaryWriter);
		}
		else {
			packer.packString("error");
			packer.packMapHeader((error.data() != null) ? 3 : 2);
			packer.packString("code");
			packer.packInt(error.code());
			packer.packString("message");
			packer.packString(error.message());
			if (error.data() != null) {
				packer.packString("data");
				MessagePackTokens.writeValue(packer, error.data(), this.binaryWriter);
			}
		}
		packer.packString("id");
		JsonNode id = response.id();
		if (id == null) {
			packer.packNil();
		}
		else {
			MessagePackTokens.writeTree(packer, id, this.binaryWriter);
		}
	}

	private void write(JsonGenerator generator, JsonRpcResponse response) {
		generator.writeStartObject();
		generator.writeName(JSONRPC);
		generator.writeString(VERSION);
		JsonRpcError error = response.error();
		if (error == null) {
			generator.writeName(RESULT);
			writeValue(generator, response.result());
		}
		else {
			generator.writeName(ERROR);
			generator.writeStartObject();
			generator.writeName(CODE);
			generator.writeNumber(error.code());
			generator.writeName(MESSAGE);
			generator.writeString(error.message());
			if (error.data() != null) {
				generator.writeName(DATA);
				writeValue(generator, error.data());
			}
			generator.writeEndObject();
		}
		generator.writeName(ID);
		JsonNode id = response.id();
		if (id == null) {
			generator.writeNull();
		}
		else {
			generator.writeTree(id);
		}
		generator.writeEndObject();
	}

	private static void writeValue(JsonGenerator generator, Object value) {
		// Common scalar results skip the serializer lookup.
		if (value == null) {
			generator.writeNull();
		}
		else if (value instanceof Long number) {
			generator.writeNumber(number);
		}
		else if (value instanceof Integer number) {
			generator.writeNumber(number);
		}
		else if (value instanceof String string) {
			generator.writeString(string);
		}
		else if (value instanceof Boolean bool) {
			generator.writeBoolean(bool);
		}
		else {
			generator.writePOJO(value);
		}
	}

}
