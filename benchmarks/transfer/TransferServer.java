import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;

import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.annotation.RestBody;
import io.ujrpc.dispatch.MethodRegistry;
import io.ujrpc.server.JsonRpcServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The methods of the transfer benchmark (rpycbench's bandwidth and binary transfer) on a
 * plain ujrpc server, REST mapping on: {@code POST /rest/upload} streams an
 * application/octet-stream body into an InputStream, {@code GET /rest/download?size=}
 * streams a result out, {@code /rest/up} and {@code /rest/down} move byte arrays, and
 * {@code appendChunk} takes 64 KB base64 chunks over JSON-RPC. Usage:
 * {@code java -cp ... TransferServer PORT}.
 */
public final class TransferServer {

	private static final byte[] BLOCK = new byte[64 * 1024];

	static {
		for (int i = 0; i < BLOCK.length; i++) {
			BLOCK[i] = (byte) i;
		}
	}

	private final AtomicLong chunks = new AtomicLong();

	@JsonRpcMethod
	public long upload(InputStream data) throws IOException {
		byte[] buffer = new byte[64 * 1024];
		long total = 0;
		int n;
		while ((n = data.read(buffer)) >= 0) {
			total += n;
		}
		return total;
	}

	@JsonRpcMethod
	public InputStream download(long size) {
		return new Blocks(size);
	}

	@JsonRpcMethod(nonBlocking = true)
	public int up(@RestBody byte[] data) {
		return data.length;
	}

	@JsonRpcMethod(nonBlocking = true)
	public byte[] down(int size) {
		byte[] bytes = new byte[size];
		for (int i = 0; i < size; i += BLOCK.length) {
			System.arraycopy(BLOCK, 0, bytes, i, Math.min(BLOCK.length, size - i));
		}
		return bytes;
	}

	@JsonRpcMethod(nonBlocking = true)
	public long appendChunk(String name, byte[] chunk) {
		return this.chunks.addAndGet(chunk.length);
	}

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		MethodRegistry registry = MethodRegistry.builder(JsonMapper.builder().build())
			.addAnnotated(new TransferServer())
			.build();
		JsonRpcServer server = JsonRpcServer.builder(registry)
			.port(port)
			.maxContentLength(8 * 1024 * 1024)
			.maxStreamSize(2L * 1024 * 1024 * 1024)
			.build()
			.start();
		Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
		Thread.currentThread().join();
	}

	/** Bytes copied from one block as they are read: a large result that holds no memory. */
	static final class Blocks extends InputStream {

		private final long size;

		private long position;

		Blocks(long size) {
			this.size = size;
		}

		@Override
		public int read() {
			return (this.position < this.size) ? BLOCK[(int) (this.position++ % BLOCK.length)] & 0xff : -1;
		}

		@Override
		public int available() {
			// All of it is ready: lets the server fill whole chunks.
			return (int) Math.min(Integer.MAX_VALUE, this.size - this.position);
		}

		@Override
		public int read(byte[] b, int off, int len) {
			if (this.position >= this.size) {
				return -1;
			}
			int start = (int) (this.position % BLOCK.length);
			int n = (int) Math.min(Math.min(len, BLOCK.length - start), this.size - this.position);
			System.arraycopy(BLOCK, start, b, off, n);
			this.position += n;
			return n;
		}

	}

}
