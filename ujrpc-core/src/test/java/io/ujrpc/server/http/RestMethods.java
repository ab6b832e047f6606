package io.ujrpc.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.ujrpc.annotation.JsonRpcErrorMapping;
import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.annotation.RestBody;
import io.ujrpc.annotation.RestMapping;
import io.ujrpc.protocol.JsonRpcErrorCode;
import io.ujrpc.protocol.JsonRpcException;
import tools.jackson.databind.JsonNode;

/**
 * The methods the REST tests call: one per route form.
 */
class RestMethods {

	final CountDownLatch release = new CountDownLatch(1);

	final AtomicInteger slowStarted = new AtomicInteger();

	final AtomicInteger touched = new AtomicInteger();

	/** What the last upload saw: bytes, reads, and the most its body held at once. */
	final AtomicLong uploaded = new AtomicLong(-1);

	final AtomicLong uploadReads = new AtomicLong();

	final AtomicLong uploadMaxBuffered = new AtomicLong();

	final AtomicLong downloadLargestRead = new AtomicLong();

	/** How many bytes of downloads the server has read from the methods' streams. */
	final AtomicLong downloadRead = new AtomicLong();

	final AtomicLong chunkedTotal = new AtomicLong();

	@JsonRpcMethod(value = "math.sum", nonBlocking = true)
	long sum(long a, long b) {
		return a + b;
	}

	@JsonRpcMethod(nonBlocking = true)
	String greet(String name, Optional<Integer> times) {
		return ("Hello " + name + "! ").repeat(times.orElse(1)).trim();
	}

	@JsonRpcMethod(nonBlocking = true)
	long total(List<Long> values) {
		return values.stream().mapToLong(Long::longValue).sum();
	}

	@JsonRpcMethod(nonBlocking = true)
	double doubleSum(double[] values) {
		double sum = 0;
		for (double value : values) {
			sum += value;
		}
		return sum;
	}

	@JsonRpcMethod(nonBlocking = true)
	boolean negate(boolean value) {
		return !value;
	}

	@JsonRpcMethod(nonBlocking = true)
	String ping() {
		return "pong";
	}

	@JsonRpcMethod(nonBlocking = true)
	void touch() {
		this.touched.incrementAndGet();
	}

	@JsonRpcMethod
	@RestMapping(method = "GET", path = "/books/{id}")
	Book book(long id) throws BookNotFoundException {
		if (id != 7) {
			throw new BookNotFoundException();
		}
		return new Book(7, "The Seventh Book");
	}

	@JsonRpcMethod("books.rename")
	@RestMapping(method = "PUT", path = "/books/{id}/title")
	Book rename(long id, @RestBody String title) {
		return new Book(id, title);
	}

	@JsonRpcMethod(nonBlocking = true)
	@RestMapping(method = "POST", path = "/echo_json")
	NdArray echoJson(@RestBody NdArray array) {
		return array;
	}

	@JsonRpcMethod(nonBlocking = true)
	@RestMapping(method = "POST", path = "/echo_array")
	io.ujrpc.array.NdArray echoArray(@RestBody io.ujrpc.array.NdArray array) {
		return array;
	}

	@JsonRpcMethod(nonBlocking = true)
	long crowded() {
		throw new JsonRpcException(JsonRpcErrorCode.SERVER_BUSY.code(), JsonRpcErrorCode.SERVER_BUSY.message());
	}

	@JsonRpcMethod(nonBlocking = true)
	long broken() {
		throw new IllegalStateException("secret internals at com.example.Internal");
	}

	@JsonRpcMethod
	String slow() throws InterruptedException {
		this.slowStarted.incrementAndGet();
		this.release.await(10, TimeUnit.SECONDS);
		return "slow";
	}

	@JsonRpcMethod
	long upload(String name, InputStream data) throws IOException {
		byte[] buffer = new byte[16 * 1024];
		long total = 0;
		long reads = 0;
		int n;
		while ((n = data.read(buffer)) >= 0) {
			total += n;
			reads++;
		}
		this.uploadReads.set(reads);
		this.uploadMaxBuffered.set(((StreamedBody) data).maxBuffered());
		this.uploaded.set(total);
		return total;
	}

	@JsonRpcMethod
	@RestMapping(method = "POST", path = "/files/{name}")
	long store(String name, InputStream data) throws IOException {
		return upload(name, data);
	}

	@JsonRpcMethod
	InputStream download(long size) {
		Generated stream = new Generated(size, this.downloadLargestRead, this.downloadRead);
		stream.closes = this.downloadsClosed;
		return stream;
	}

	/**
	 * A stream returned after the call's deadline answered it: works on through the
	 * deadline's interrupt, as a method that does not check for it would.
	 */
	@JsonRpcMethod(timeout = "50ms")
	InputStream lateDownload() {
		long end = System.nanoTime() + 300_000_000L;
		while (System.nanoTime() < end) {
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				// The deadline's interrupt: carry on regardless.
			}
		}
		return download(10);
	}

	/** How many streams returned by {@link #download} were closed. */
	final AtomicLong downloadsClosed = new AtomicLong();

	@JsonRpcMethod(nonBlocking = true)
	byte[] bytes(int size) {
		byte[] bytes = new byte[size];
		for (int i = 0; i < size; i++) {
			bytes[i] = (byte) i;
		}
		return bytes;
	}

	@JsonRpcMethod(nonBlocking = true)
	int length(@RestBody byte[] data) {
		return data.length;
	}

	@JsonRpcMethod(nonBlocking = true)
	long appendChunk(String file, byte[] chunk) {
		return this.chunkedTotal.addAndGet(chunk.length);
	}

	/**
	 * A book.
	 *
	 * @param id its id
	 * @param title its title
	 */
	record Book(long id, String title) {
	}

	/**
	 * The NumPy RPC benchmark's JSON form of an array.
	 *
	 * @param data the nested lists
	 * @param dtype the element type
	 */
	record NdArray(JsonNode data, String dtype) {
	}

	@JsonRpcErrorMapping(code = 1001, message = "No such book", httpStatus = 404)
	static class BookNotFoundException extends Exception {

	}

	/**
	 * Bytes made up as they are read, so that a large result holds no memory.
	 */
	static final class Generated extends InputStream {

		private final long size;

		private final AtomicLong largestRead;

		private final AtomicLong read;

		private long position;

		private AtomicLong closes;

		Generated(long size, AtomicLong largestRead) {
			this(size, largestRead, new AtomicLong());
		}

		Generated(long size, AtomicLong largestRead, AtomicLong read) {
			this.size = size;
			this.largestRead = largestRead;
			this.read = read;
		}

		@Override
		public int read() {
			return (this.position < this.size) ? (int) (this.position++ & 0x7f) : -1;
		}

		@Override
		public void close() {
			if (this.closes != null) {
				this.closes.incrementAndGet();
			}
		}

		@Override
		public int read(byte[] b, int off, int len) {
			if (this.position >= this.size) {
				return -1;
			}
			int n = (int) Math.min(len, this.size - this.position);
			for (int i = 0; i < n; i++) {
				b[off + i] = (byte) ((this.position + i) & 0x7f);
			}
			this.position += n;
			this.largestRead.accumulateAndGet(n, Math::max);
			this.read.addAndGet(n);
			return n;
		}

	}

}
