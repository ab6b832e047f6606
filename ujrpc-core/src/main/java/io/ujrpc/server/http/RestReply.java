package io.ujrpc.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCounted;
import org.jspecify.annotations.Nullable;

/**
 * The answer of a REST route whose result streams: the head and the stream to write after
 * it, or a whole response (an error). Reference counted so that the response queue
 * releases it like any other response when the connection closes before its turn: the
 * whole response is released, the stream closed, and the end completed.
 */
final class RestReply extends AbstractReferenceCounted {

	private final @Nullable FullHttpResponse whole;

	private final @Nullable HttpResponse head;

	private final @Nullable InputStream stream;

	private CompletableFuture<ResponseStreamer.End> end = new CompletableFuture<>();

	private boolean handedOver;

	private RestReply(@Nullable FullHttpResponse whole, @Nullable HttpResponse head, @Nullable InputStream stream) {
		this.whole = whole;
		this.head = head;
		this.stream = stream;
	}

	static RestReply whole(FullHttpResponse response) {
		return new RestReply(response, null, null);
	}

	static RestReply streamed(HttpResponse head, InputStream stream) {
		return new RestReply(null, head, stream);
	}

	/**
	 * Set the future completed when the body is written or given up.
	 * @param end the future
	 * @return this reply
	 */
	RestReply withEnd(CompletableFuture<ResponseStreamer.End> end) {
		this.end = end;
		return this;
	}

	@Nullable FullHttpResponse whole() {
		return this.whole;
	}

	@Nullable HttpResponse head() {
		return this.head;
	}

	@Nullable InputStream stream() {
		return this.stream;
	}

	CompletableFuture<ResponseStreamer.End> end() {
		return this.end;
	}

	/**
	 * Hand the parts on without closing them: the writer now owns them.
	 */
	void handOver() {
		this.handedOver = true;
		release();
	}

	@Override
	protected void deallocate() {
		if (this.handedOver) {
			return;
		}
		if (this.whole != null) {
			this.whole.release();
		}
		if (this.stream != null) {
			try {
				this.stream.close();
			}
			catch (IOException ex) {
				// Nobody reads it any more.
			}
		}
		this.end.complete(ResponseStreamer.End.ABORTED);
	}

	@Override
	public ReferenceCounted touch(Object hint) {
		return this;
	}

}
