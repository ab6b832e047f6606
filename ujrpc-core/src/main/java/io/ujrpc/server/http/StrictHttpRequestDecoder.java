package io.ujrpc.server.http;

import java.util.List;
import java.util.Locale;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ByteProcessor;
import org.jspecify.annotations.Nullable;

/**
 * Netty's request decoder, made to refuse what it would otherwise accept quietly, since
 * another server on the request's way may read it differently: a head line that starts
 * with whitespace (an obsolete line folding, RFC 9112 §5.2, which Netty joins to the
 * header before it, or whitespace before the request line), a control character in the
 * request line (which Netty takes for a separator), and a version that is not
 * {@code HTTP/} digit {@code .} digit, case-sensitive (RFC 9112 §2.3); more than one
 * {@code Host} header (RFC 9112 §3.2); and bytes sent after a WebSocket upgrade request
 * before it was answered (RFC 6455 §4.1). The request is passed on with a failed decoder
 * result, so that it is answered with 400 and the connection closed.
 * <p>
 * Only the bytes of request heads are looked at, once each, as the decoder consumes them;
 * bodies are not.
 * <p>
 * The end of a body with a {@code Content-Length} has no trailer section, so it gets one
 * shared empty, read-only trailer map rather than a new one per request; only chunked
 * bodies, which may have trailers, get maps of their own.
 * <p>
 * Between requests, the common one (a plain head that arrived whole, with its body) is
 * read in place by a {@link RequestHeadReader}, which makes the same objects from one
 * scan and accepts only what this decoder would accept; everything else, and every
 * request after one that failed, goes through Netty's decoder and the rules above.
 */
final class StrictHttpRequestDecoder extends HttpRequestDecoder {

	/** Whether the bytes consumed next belong to a request head. */
	private boolean inHead = true;

	private final LineStartScanner scanner = new LineStartScanner();

	/** {@code Host} header lines in the head being read. */
	private int hosts;

	/** Gives trailer maps to chunked bodies only. */
	private final Trailers trailers;

	/** The longest body of a request read in place handed on whole; 0 for none. */
	private final int wholeLimit;

	/** Reads the common request in place, or null to read every request with Netty's. */
	private final @Nullable RequestHeadReader reader;

	/**
	 * Whether Netty's decoder is between requests (none begun, the last one ended), so
	 * that the reader may take the next one.
	 */
	private boolean between = true;

	/** A request failed: Netty's decoder discards the rest, the reader reads no more. */
	private boolean failed;

	StrictHttpRequestDecoder(HttpDecoderConfig config) {
		this(config, true);
	}

	/**
	 * Create a decoder that hands a request read in place on as one
	 * {@link FullHttpRequest}, as the {@link HttpRequestAggregator} would make it, when
	 * its body is within a limit and not a stream's: one message through the handlers up
	 * to the aggregator instead of two.
	 * @param config the limits
	 * @param wholeLimit the longest body of a request handed on whole (the aggregator's
	 * limit)
	 */
	StrictHttpRequestDecoder(HttpDecoderConfig config, int wholeLimit) {
		this(config, new Trailers(config.getTrailersFactory()), true, wholeLimit);
	}

	/**
	 * Create a decoder.
	 * @param config the limits
	 * @param inPlace whether the common request is read in place (off only to compare)
	 */
	StrictHttpRequestDecoder(HttpDecoderConfig config, boolean inPlace) {
		this(config, new Trailers(config.getTrailersFactory()), inPlace, 0);
	}

	private StrictHttpRequestDecoder(HttpDecoderConfig config, Trailers trailers, boolean inPlace, int wholeLimit) {
		super(config.clone().setTrailersFactory(trailers));
		this.trailers = trailers;
		this.wholeLimit = wholeLimit;
		this.reader = inPlace ? new RequestHeadReader(config.getMaxInitialLineLength(), config.getMaxHeaderSize(),
				config.getMaxChunkSize(), this.headersFactory, this.trailersFactory) : null;
	}

	/*
	 * The request and its body the reader just added, made one: a body of a stream's type
	 * stays apart, for the handler of streamed bodies.
	 */
	private void whole(List<Object> out) {
		int last = out.size() - 1;
		HttpRequest head = (HttpRequest) out.get(last - 1);
		LastHttpContent body = (LastHttpContent) out.get(last);
		if (body.content().readableBytes() > this.wholeLimit
				|| StreamingRequestHandler.isOctetStream(head.headers().get(HttpHeaderNames.CONTENT_TYPE))) {
			return;
		}
		out.remove(last);
		out.set(last - 1, HttpRequestAggregator.whole(head, body));
		body.release();
	}

	@Override
	protected HttpMessage createMessage(String[] initialLine) throws Exception {
		// A new head: chunked only if it says so.
		this.trailers.chunked = false;
		return super.createMessage(initialLine);
	}

	@Override
	protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
		RequestHeadReader reader = this.reader;
		if (reader != null && this.between) {
			// A request read in place has no Transfer-Encoding: no trailer map.
			this.trailers.chunked = false;
			if (reader.read(buffer, out)) {
				if (this.wholeLimit > 0) {
					whole(out);
				}
				return;
			}
		}
		int start = buffer.readerIndex();
		int produced = out.size();
		super.decode(ctx, buffer, out);
		// Netty's decoder may have begun a request, even without consuming a byte; it
		// is between requests again once it has ended one (it returns right after).
		this.between = !this.failed && out.size() > produced && out.get(out.size() - 1) instanceof LastHttpContent last
				&& last.decoderResult().isSuccess();
		if (this.inHead && buffer.readerIndex() > start) {
			buffer.forEachByte(start, buffer.readerIndex() - start, this.scanner);
		}
		for (int i = produced; i < out.size(); i++) {
			Object message = out.get(i);
			if (message instanceof HttpRequest request) {
				String problem = this.scanner.problem;
				if (problem == null && this.hosts > 1) {
					problem = "More than one Host header";
				}
				this.hosts = 0;
				if (problem == null && buffer.isReadable() && isWebSocketUpgrade(request)) {
					// RFC 6455 4.1: a client waits for the handshake's answer before it
					// sends frames. Netty's handshake would hand these bytes to the frame
					// decoder before the response and the frame encoder are in place.
					problem = "Data sent before the WebSocket handshake was answered";
				}
				if (problem != null && request.decoderResult().isSuccess()) {
					request.setDecoderResult(DecoderResult.failure(new IllegalArgumentException(problem)));
				}
				if (request.decoderResult().isFailure()) {
					this.failed = true;
					this.between = false;
				}
				this.inHead = false;
				this.scanner.reset();
			}
			if (message instanceof LastHttpContent last && last.decoderResult().isFailure()) {
				this.failed = true;
				this.between = false;
			}
			if (message instanceof LastHttpContent) {
				this.inHead = true;
				this.scanner.reset();
			}
		}
	}

	private static boolean isWebSocketUpgrade(HttpRequest request) {
		String upgrade = request.headers().get(HttpHeaderNames.UPGRADE);
		return upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket");
	}

	@Override
	protected AsciiString splitHeaderName(byte[] bytes, int start, int length) {
		AsciiString name = super.splitHeaderName(bytes, start, length);
		// Counted here, as the lines are read, so that the common request allocates
		// nothing for it.
		if (HttpHeaderNames.HOST.contentEqualsIgnoreCase(name)) {
			this.hosts++;
		}
		else if (HttpHeaderNames.TRANSFER_ENCODING.contentEqualsIgnoreCase(name)) {
			this.trailers.chunked = true;
		}
		return name;
	}

	@Override
	protected String splitThirdWordInitialLine(byte[] bytes, int start, int length) {
		if (length != 8 || bytes[start] != 'H' || bytes[start + 1] != 'T' || bytes[start + 2] != 'T'
				|| bytes[start + 3] != 'P' || bytes[start + 4] != '/' || !isDigit(bytes[start + 5])
				|| bytes[start + 6] != '.' || !isDigit(bytes[start + 7])) {
			// Thrown inside the decoder's own handling: a failed request, answered 400.
			throw new IllegalArgumentException("Invalid HTTP version");
		}
		return super.splitThirdWordInitialLine(bytes, start, length);
	}

	private static boolean isDigit(byte value) {
		return value >= '0' && value <= '9';
	}

	/**
	 * The decoder's trailer maps: the shared empty one, unless the request being read has
	 * a {@code Transfer-Encoding} (the decoder asks for trailers only at a body's end, a
	 * chunked one's after its trailer lines).
	 */
	private static final class Trailers implements HttpHeadersFactory {

		private final HttpHeadersFactory chunkedTrailers;

		private boolean chunked;

		Trailers(HttpHeadersFactory chunkedTrailers) {
			this.chunkedTrailers = chunkedTrailers;
		}

		@Override
		public HttpHeaders newHeaders() {
			return this.chunked ? this.chunkedTrailers.newHeaders() : EmptyHttpHeaders.INSTANCE;
		}

		@Override
		public HttpHeaders newEmptyHeaders() {
			return this.chunked ? this.chunkedTrailers.newEmptyHeaders() : EmptyHttpHeaders.INSTANCE;
		}

	}

	/**
	 * Finds a line that starts with a space or a tab, and a control character in the
	 * request line; carries its state from one consumed slice to the next.
	 */
	private static final class LineStartScanner implements ByteProcessor {

		private boolean lineStart = true;

		/** Before the end of the request line (empty lines before it do not count). */
		private boolean requestLine = true;

		private boolean lineEmpty = true;

		private @Nullable String problem;

		void reset() {
			this.lineStart = true;
			this.requestLine = true;
			this.lineEmpty = true;
			this.problem = null;
		}

		@Override
		public boolean process(byte value) {
			if (this.lineStart && (value == ' ' || value == '\t')) {
				this.problem = "A head line starts with whitespace (obsolete line folding)";
				return false;
			}
			if (value == '\n') {
				this.requestLine &= this.lineEmpty;
				this.lineStart = true;
				this.lineEmpty = true;
				return true;
			}
			if (this.requestLine && value != '\r' && ((value >= 0 && value < ' ') || value == 0x7F)) {
				this.problem = "Control character in the request line";
				return false;
			}
			this.lineStart = false;
			this.lineEmpty &= value == '\r';
			return true;
		}

	}

}
