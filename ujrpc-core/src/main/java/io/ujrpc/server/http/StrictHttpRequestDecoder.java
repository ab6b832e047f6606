package io.ujrpc.server.http;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ByteProcessor;

/**
 * Netty's request decoder, made to refuse what it would otherwise accept quietly: a head
 * line that starts with whitespace. That is an obsolete line folding (RFC 9112 §5.2,
 * which Netty joins to the header before it) or whitespace before the request line, and
 * either may be read differently by another server on the request's way. The request is
 * passed on with a failed decoder result, so that it is answered with 400 and the
 * connection closed.
 * <p>
 * Only the bytes of request heads are looked at, once each, as the decoder consumes them;
 * bodies are not.
 */
final class StrictHttpRequestDecoder extends HttpRequestDecoder {

	/** Whether the bytes consumed next belong to a request head. */
	private boolean inHead = true;

	private final LineStartScanner scanner = new LineStartScanner();

	StrictHttpRequestDecoder(HttpDecoderConfig config) {
		super(config);
	}

	@Override
	protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
		int start = buffer.readerIndex();
		int produced = out.size();
		super.decode(ctx, buffer, out);
		if (this.inHead && buffer.readerIndex() > start) {
			buffer.forEachByte(start, buffer.readerIndex() - start, this.scanner);
		}
		for (int i = produced; i < out.size(); i++) {
			Object message = out.get(i);
			if (message instanceof HttpRequest request) {
				if (this.scanner.folded && request.decoderResult().isSuccess()) {
					request.setDecoderResult(DecoderResult.failure(new IllegalArgumentException(
							"A header line starts with whitespace (obsolete line folding)")));
				}
				this.inHead = false;
				this.scanner.reset();
			}
			if (message instanceof LastHttpContent) {
				this.inHead = true;
				this.scanner.reset();
			}
		}
	}

	/**
	 * Finds a line that starts with a space or a tab; carries its state from one consumed
	 * slice to the next.
	 */
	private static final class LineStartScanner implements ByteProcessor {

		private boolean lineStart = true;

		private boolean folded;

		void reset() {
			this.lineStart = true;
			this.folded = false;
		}

		@Override
		public boolean process(byte value) {
			if (this.lineStart && (value == ' ' || value == '\t')) {
				this.folded = true;
				return false;
			}
			this.lineStart = value == '\n';
			return true;
		}

	}

}
