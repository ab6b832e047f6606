package io.ujrpc.server.tcp;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ByteProcessor;
import io.ujrpc.internal.netty.MemoryBudget;
import io.ujrpc.protocol.JsonRpcErrorCode;
import org.jspecify.annotations.Nullable;

/**
 * Splits a byte stream into JSON values: a stream of objects and arrays with optional
 * whitespace between them, as both newline-delimited clients and clients that concatenate
 * values send it. Each value is passed on as a {@link ByteBuf} slice, whole and at most
 * {@code maxValueSize} bytes long.
 * <p>
 * This is framing, not parsing: the decoder tracks only string literals (with their
 * escapes) and bracket depth, so a value is complete when its brackets balance; a
 * malformed value is passed on and the codec answers it with a parse error. A stream that
 * can never be framed again (a value over the limit, or something other than an object or
 * array where a value should start) produces one {@link JsonFramingError}, after which
 * everything read is discarded. The bytes tested are all ASCII, which never occur inside
 * a UTF-8 multi-byte sequence, so UTF-8 text is framed correctly.
 * <p>
 * The bytes of an unfinished value are held in one buffer that never grows past
 * {@code maxValueSize + 1} bytes by doubling: a buffer holds at most the limit plus the
 * bytes of the read that crossed it, after which the decoder fails and lets it go. So a
 * connection holding a value just under the limit holds just about the limit, not the
 * next power of two.
 * <p>
 * The bytes of an unfinished value are counted against the server's {@link MemoryBudget};
 * a value that would take it past its limit ends the stream with a
 * {@code -32000 Server busy} framing error, as a value over the size limit does.
 * <p>
 * First in the TCP pipeline after TLS and the idle timeout, before the
 * {@link JsonRpcTcpHandler}.
 */
final class JsonValueDecoder extends ByteToMessageDecoder {

	private final int maxValueSize;

	private static final ByteProcessor FIND_NON_WHITESPACE = (value) -> value == ' ' || value == '\n' || value == '\r'
			|| value == '\t';

	private final Scanner scanner = new Scanner();

	/** Bytes of the current value already scanned, from the reader index. */
	private int scanned;

	private boolean failed;

	private @Nullable MemoryBudget budget;

	/** Bytes of the unfinished value counted against the budget. */
	private long held;

	/**
	 * Create a decoder.
	 * @param maxValueSize the largest value, in bytes
	 */
	JsonValueDecoder(int maxValueSize) {
		if (maxValueSize <= 0) {
			throw new IllegalArgumentException("maxValueSize: " + maxValueSize + " (expected: > 0)");
		}
		this.maxValueSize = maxValueSize;
		setCumulator(this::cumulate);
	}

	/*
	 * Append a read to the bytes held, like {@link ByteToMessageDecoder#MERGE_CUMULATOR},
	 * but growing a buffer only by copying it into a new one whose capacity is bounded by
	 * the limit.
	 */
	private ByteBuf cumulate(ByteBufAllocator alloc, ByteBuf cumulation, ByteBuf in) {
		if (cumulation == in) {
			in.release();
			return cumulation;
		}
		if (!cumulation.isReadable() && in.isContiguous()) {
			cumulation.release();
			return in;
		}
		try {
			int required = in.readableBytes();
			if (required <= cumulation.writableBytes() && !cumulation.isReadOnly()) {
				// Appending past the writer index leaves slices handed on intact.
				cumulation.writeBytes(in, in.readerIndex(), required);
				in.readerIndex(in.writerIndex());
				return cumulation;
			}
			int total = cumulation.readableBytes() + required;
			int grown = alloc.calculateNewCapacity(total, Integer.MAX_VALUE);
			int capacity = Math.max(total, (int) Math.min(grown, this.maxValueSize + 1L));
			ByteBuf expanded = alloc.buffer(capacity, capacity);
			try {
				expanded.writeBytes(cumulation).writeBytes(in);
			}
			catch (RuntimeException ex) {
				expanded.release();
				throw ex;
			}
			cumulation.release();
			return expanded;
		}
		finally {
			in.release();
		}
	}

	@Override
	protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
		while (!this.failed && in.isReadable()) {
			if (this.scanned == 0) {
				int start = in.forEachByte(FIND_NON_WHITESPACE);
				if (start < 0) {
					in.skipBytes(in.readableBytes());
					return;
				}
				in.readerIndex(start);
				byte first = in.getByte(start);
				if (first != '{' && first != '[') {
					fail(out, startError(first));
					break;
				}
			}
			int from = in.readerIndex() + this.scanned;
			int limit = (int) Math.min((long) in.readerIndex() + this.maxValueSize, Integer.MAX_VALUE);
			int end = in.forEachByte(from, Math.min(in.writerIndex(), limit) - from, this.scanner);
			if (end < 0) {
				this.scanned = Math.min(in.writerIndex(), limit) - in.readerIndex();
				if (in.writerIndex() > limit) {
					fail(out, JsonFramingError.of(JsonRpcErrorCode.INVALID_REQUEST,
							"request is over the limit of " + this.maxValueSize + " bytes"));
				}
				break;
			}
			out.add(in.readRetainedSlice(end + 1 - in.readerIndex()));
			this.scanned = 0;
		}
		if (this.failed) {
			in.skipBytes(in.readableBytes());
		}
		hold(out, in);
	}

	/*
	 * Count what is left in the buffer once whole values have gone on: the unfinished
	 * value.
	 */
	private void hold(List<Object> out, ByteBuf in) {
		MemoryBudget budget = this.budget;
		if (budget == null) {
			return;
		}
		long bytes = in.readableBytes();
		if (bytes <= this.held) {
			budget.release(this.held - bytes);
			this.held = bytes;
			return;
		}
		if (budget.tryAcquire(bytes - this.held)) {
			this.held = bytes;
			return;
		}
		budget.release(this.held);
		this.held = 0;
		if (!this.failed) {
			// The same answer as for new work refused while the budget is exhausted.
			fail(out, new JsonFramingError(JsonRpcErrorCode.SERVER_BUSY.toError()));
			in.skipBytes(in.readableBytes());
		}
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.budget = MemoryBudget.of(ctx.channel());
	}

	@Override
	protected void handlerRemoved0(ChannelHandlerContext ctx) {
		releaseHeld();
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		super.channelInactive(ctx);
		releaseHeld();
	}

	private void releaseHeld() {
		if (this.budget != null) {
			this.budget.release(this.held);
		}
		this.held = 0;
	}

	private static JsonFramingError startError(byte first) {
		if (first == '"' || first == '-' || (first >= '0' && first <= '9') || first == 't' || first == 'f'
				|| first == 'n') {
			return JsonFramingError.of(JsonRpcErrorCode.INVALID_REQUEST, "expected a request object or a batch array");
		}
		return JsonFramingError.of(JsonRpcErrorCode.PARSE_ERROR,
				String.format("unexpected byte 0x%02x where a JSON value should start", first & 0xff));
	}

	private void fail(List<Object> out, JsonFramingError error) {
		this.failed = true;
		out.add(error);
	}

	/**
	 * Follows strings and bracket depth; stops on the byte that closes the value.
	 */
	private static final class Scanner implements ByteProcessor {

		private int depth;

		private boolean inString;

		private boolean escaped;

		@Override
		public boolean process(byte value) {
			if (this.inString) {
				if (this.escaped) {
					this.escaped = false;
				}
				else if (value == '\\') {
					this.escaped = true;
				}
				else if (value == '"') {
					this.inString = false;
				}
				return true;
			}
			switch (value) {
				case '"' -> this.inString = true;
				case '{', '[' -> this.depth++;
				case '}', ']' -> {
					return --this.depth > 0;
				}
				default -> {
				}
			}
			return true;
		}

	}

}
