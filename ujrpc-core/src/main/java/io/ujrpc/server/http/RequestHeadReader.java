package io.ujrpc.server.http;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.FastThreadLocal;
import org.jspecify.annotations.Nullable;

/**
 * Reads the common request in place, picohttpparser-style: a head that arrived whole, in
 * the plainest form of RFC 9112 (a known method, one space, a target of visible ASCII,
 * one space, {@code HTTP/1.1} or {@code HTTP/1.0}; header lines of a token, a colon,
 * optional spaces and a value of visible ASCII and spaces; every line ended by CR LF),
 * with no {@code Transfer-Encoding} or {@code Upgrade}, at most one {@code Host} and one
 * {@code Content-Length} of plain digits, within the decoder's limits, and its whole body
 * in the same buffer. It makes the same request and body objects as Netty's decoder (the
 * headers in a {@link CompactHttpHeaders} when the listener uses Netty's default ones),
 * from one scan of the bytes: no request-line array, and the header names, values and
 * target of the connection's previous request are reused when the bytes are the same (a
 * keep-alive client sends the same head again and again).
 * <p>
 * Anything else, malformed or merely unusual, is left untouched for the
 * {@link StrictHttpRequestDecoder}'s full decoder, so that every strictness rule and
 * every error answer stays where it is: this reader only ever accepts a subset of what
 * that decoder accepts, and reads it the same way.
 */
final class RequestHeadReader {

	/** Header positions whose name and value are remembered from the request before. */
	private static final int REMEMBERED = 16;

	/** Header lines read in place; a head with more goes to the full decoder. */
	private static final int MAX_HEADERS = 64;

	private static final byte CR = '\r';

	private static final byte LF = '\n';

	private static final byte SP = ' ';

	/** RFC 9110 §5.6.2 token characters. */
	private static final boolean[] TOKEN = new boolean[128];

	static {
		for (char c = '0'; c <= '9'; c++) {
			TOKEN[c] = true;
		}
		for (char c = 'a'; c <= 'z'; c++) {
			TOKEN[c] = true;
			TOKEN[c - 'a' + 'A'] = true;
		}
		for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
			TOKEN[c] = true;
		}
	}

	/** Names as clients commonly spell them, shared by every connection. */
	private static final AsciiString[] KNOWN_NAMES = { AsciiString.cached("Host"), AsciiString.cached("Content-Type"),
			AsciiString.cached("Content-Length"), AsciiString.cached("Connection"), AsciiString.cached("Accept"),
			AsciiString.cached("User-Agent"), AsciiString.cached("Accept-Encoding"), AsciiString.cached("host"),
			AsciiString.cached("content-type"), AsciiString.cached("content-length"), AsciiString.cached("connection"),
			AsciiString.cached("accept"), AsciiString.cached("user-agent"), AsciiString.cached("accept-encoding") };

	/**
	 * The head's bytes and line marks, per event-loop thread: used within one call only.
	 */
	private static final FastThreadLocal<Scratch> SCRATCH = new FastThreadLocal<>() {

		@Override
		protected Scratch initialValue() {
			return new Scratch();
		}

	};

	private final int maxInitialLineLength;

	private final int maxHeaderSize;

	private final int maxChunkSize;

	private final HttpHeadersFactory headersFactory;

	private final HttpHeadersFactory trailersFactory;

	/**
	 * Whether the listener's headers are Netty's validating default, which a
	 * {@link CompactHttpHeaders} stands in for; any other factory makes the maps.
	 */
	private final boolean compact;

	private final @Nullable AsciiString[] names = new AsciiString[REMEMBERED];

	private final @Nullable String[] values = new String[REMEMBERED];

	private @Nullable String uri;

	RequestHeadReader(int maxInitialLineLength, int maxHeaderSize, int maxChunkSize, HttpHeadersFactory headersFactory,
			HttpHeadersFactory trailersFactory) {
		this.maxInitialLineLength = maxInitialLineLength;
		this.maxHeaderSize = maxHeaderSize;
		this.maxChunkSize = maxChunkSize;
		this.headersFactory = headersFactory;
		this.trailersFactory = trailersFactory;
		this.compact = headersFactory == DefaultHttpHeadersFactory.headersFactory();
	}

	/**
	 * Read one request from the buffer if it is a common one, whole.
	 * @param buffer the bytes received, at the start of a request
	 * @param out where the request and the end of its body go
	 * @return whether a request was read; if not, nothing was consumed or added
	 */
	boolean read(ByteBuf buffer, List<Object> out) {
		int start = buffer.readerIndex();
		int headLength = headLength(buffer, start);
		if (headLength <= 0) {
			return false;
		}
		Scratch scratch = SCRATCH.get();
		byte[] bytes = scratch.bytes(headLength);
		buffer.getBytes(start, bytes, 0, headLength);
		int[] marks = scratch.marks;
		// The request line.
		HttpMethod method;
		int target;
		if (bytes[0] == 'P' && bytes[1] == 'O' && bytes[2] == 'S' && bytes[3] == 'T' && bytes[4] == SP) {
			method = HttpMethod.POST;
			target = 5;
		}
		else if (bytes[0] == 'G' && bytes[1] == 'E' && bytes[2] == 'T' && bytes[3] == SP) {
			method = HttpMethod.GET;
			target = 4;
		}
		else {
			return false;
		}
		int targetEnd = target;
		while (bytes[targetEnd] > SP && bytes[targetEnd] < 0x7F) {
			targetEnd++;
		}
		if (targetEnd == target || bytes[targetEnd] != SP) {
			return false;
		}
		int version = targetEnd + 1;
		if (bytes[version] != 'H' || bytes[version + 1] != 'T' || bytes[version + 2] != 'T' || bytes[version + 3] != 'P'
				|| bytes[version + 4] != '/' || bytes[version + 5] != '1' || bytes[version + 6] != '.'
				|| bytes[version + 8] != CR || bytes[version + 9] != LF) {
			return false;
		}
		HttpVersion httpVersion;
		if (bytes[version + 7] == '1') {
			httpVersion = HttpVersion.HTTP_1_1;
		}
		else if (bytes[version + 7] == '0') {
			httpVersion = HttpVersion.HTTP_1_0;
		}
		else {
			return false;
		}
		// The header lines: name start, colon, value start, value end of each.
		int headers = 0;
		int hosts = 0;
		long contentLength = -1;
		int line = version + 10;
		while (bytes[line] != CR) {
			if (headers == MAX_HEADERS) {
				return false;
			}
			int colon = line;
			while (bytes[colon] >= 0 && TOKEN[bytes[colon]]) {
				colon++;
			}
			if (colon == line || bytes[colon] != ':') {
				return false;
			}
			int value = colon + 1;
			while (bytes[value] == SP) {
				value++;
			}
			int end = value;
			while (bytes[end] >= SP && bytes[end] < 0x7F) {
				end++;
			}
			if (bytes[end] != CR || bytes[end + 1] != LF) {
				// A tab, a control character, a CR on its own or a byte over 0x7E: the
				// full decoder's.
				return false;
			}
			int lineEnd = end;
			while (end > value && bytes[end - 1] == SP) {
				end--;
			}
			if (end == value) {
				return false;
			}
			int nameLength = colon - line;
			if (nameLength == 4 && equalsLowerCase(bytes, line, "host")) {
				hosts++;
			}
			else if (nameLength == 14 && equalsLowerCase(bytes, line, "content-length")) {
				if (contentLength >= 0) {
					return false;
				}
				contentLength = digits(bytes, value, end);
				if (contentLength < 0) {
					return false;
				}
			}
			else if ((nameLength == 17 && equalsLowerCase(bytes, line, "transfer-encoding"))
					|| (nameLength == 7 && equalsLowerCase(bytes, line, "upgrade"))) {
				return false;
			}
			int mark = headers * 4;
			marks[mark] = line;
			marks[mark + 1] = colon;
			marks[mark + 2] = value;
			marks[mark + 3] = end;
			headers++;
			line = lineEnd + 2;
		}
		if (line + 2 != headLength || hosts > 1) {
			// A CR on its own at the start of a line, or Host twice.
			return false;
		}
		long bodyLength = Math.max(contentLength, 0);
		if (bodyLength > this.maxChunkSize || bodyLength > buffer.readableBytes() - headLength) {
			return false;
		}
		HttpHeaders map;
		if (this.compact) {
			// Every line was checked above, more strictly than Netty's headers check.
			CompactHttpHeaders compact = new CompactHttpHeaders(headers);
			for (int i = 0; i < headers; i++) {
				int mark = i * 4;
				compact.addChecked(name(i, bytes, marks[mark], marks[mark + 1]),
						value(i, bytes, marks[mark + 2], marks[mark + 3]));
			}
			map = compact;
		}
		else {
			try {
				map = this.headersFactory.newHeaders();
				for (int i = 0; i < headers; i++) {
					int mark = i * 4;
					map.add(name(i, bytes, marks[mark], marks[mark + 1]),
							value(i, bytes, marks[mark + 2], marks[mark + 3]));
				}
			}
			catch (IllegalArgumentException ex) {
				// Whatever these headers refuse, the full decoder refuses with its
				// answer.
				return false;
			}
		}
		DefaultHttpRequest request = new DefaultHttpRequest(httpVersion, method, uri(bytes, target, targetEnd), map);
		buffer.skipBytes(headLength);
		out.add(request);
		out.add((bodyLength > 0)
				? new DefaultLastHttpContent(buffer.readRetainedSlice((int) bodyLength), this.trailersFactory)
				: LastHttpContent.EMPTY_LAST_CONTENT);
		return true;
	}

	/*
	 * The length of the head up to and including its empty line, or 0 if the buffer does
	 * not hold a whole head within the decoder's limits (each line ended by CR LF, the
	 * first not empty). Lines are counted with their CR LF, so that a head read here is
	 * within the limits by any count of the full decoder.
	 */
	private int headLength(ByteBuf buffer, int start) {
		int limit = start + Math.min(buffer.readableBytes(), this.maxInitialLineLength + this.maxHeaderSize);
		int lf = buffer.indexOf(start, limit, LF);
		int lineLength = lf + 1 - start;
		if (lf < 0 || lineLength <= 2 || lineLength >= this.maxInitialLineLength || buffer.getByte(lf - 1) != CR) {
			return 0;
		}
		int headerBytes = 0;
		int line = lf + 1;
		while (true) {
			lf = buffer.indexOf(line, limit, LF);
			if (lf < 0 || lf == line || buffer.getByte(lf - 1) != CR) {
				return 0;
			}
			lineLength = lf + 1 - line;
			headerBytes += lineLength;
			if (headerBytes >= this.maxHeaderSize) {
				return 0;
			}
			if (lineLength == 2) {
				return lf + 1 - start;
			}
			line = lf + 1;
		}
	}

	private AsciiString name(int index, byte[] bytes, int start, int end) {
		int length = end - start;
		AsciiString last = (index < REMEMBERED) ? this.names[index] : null;
		if (last != null && last.length() == length && sameBytes(last, bytes, start)) {
			return last;
		}
		AsciiString name = null;
		for (AsciiString known : KNOWN_NAMES) {
			if (known.length() == length && sameBytes(known, bytes, start)) {
				name = known;
				break;
			}
		}
		if (name == null) {
			name = new AsciiString(bytes, start, length, true);
		}
		if (index < REMEMBERED) {
			this.names[index] = name;
		}
		return name;
	}

	private String value(int index, byte[] bytes, int start, int end) {
		String last = (index < REMEMBERED) ? this.values[index] : null;
		if (last != null && sameChars(last, bytes, start, end)) {
			return last;
		}
		String value = new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
		if (index < REMEMBERED) {
			this.values[index] = value;
		}
		return value;
	}

	private String uri(byte[] bytes, int start, int end) {
		String last = this.uri;
		if (last != null && sameChars(last, bytes, start, end)) {
			return last;
		}
		String uri = new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
		this.uri = uri;
		return uri;
	}

	private static boolean sameBytes(AsciiString name, byte[] bytes, int start) {
		byte[] array = name.array();
		int offset = name.arrayOffset();
		for (int i = 0, length = name.length(); i < length; i++) {
			if (array[offset + i] != bytes[start + i]) {
				return false;
			}
		}
		return true;
	}

	private static boolean sameChars(String value, byte[] bytes, int start, int end) {
		if (value.length() != end - start) {
			return false;
		}
		for (int i = start; i < end; i++) {
			if (value.charAt(i - start) != bytes[i]) {
				return false;
			}
		}
		return true;
	}

	/* The name's bytes, ASCII letters in any case, against a lower-case name. */
	private static boolean equalsLowerCase(byte[] bytes, int start, String lowerCase) {
		for (int i = 0; i < lowerCase.length(); i++) {
			int b = bytes[start + i];
			if (b >= 'A' && b <= 'Z') {
				b += 'a' - 'A';
			}
			if (b != lowerCase.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	/* Plain decimal digits, at most 18 of them; -1 for anything else. */
	private static long digits(byte[] bytes, int start, int end) {
		if (end - start > 18) {
			return -1;
		}
		long value = 0;
		for (int i = start; i < end; i++) {
			int digit = bytes[i] - '0';
			if (digit < 0 || digit > 9) {
				return -1;
			}
			value = value * 10 + digit;
		}
		return value;
	}

	private static final class Scratch {

		private byte[] bytes = new byte[1024];

		private final int[] marks = new int[MAX_HEADERS * 4];

		byte[] bytes(int length) {
			if (this.bytes.length < length) {
				this.bytes = new byte[Math.max(length, this.bytes.length * 2)];
			}
			return this.bytes;
		}

	}

}
