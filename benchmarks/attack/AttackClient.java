import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The attack runs' clients, all on 127.0.0.1, all bounded in time:
 * probe <port> <seconds> <interval ms>: one sum call per interval on a keep-alive
 * connection (a new one after any failure); prints success %, p50 and p99.
 * idle <port> <connections> <seconds>: opens that many connections, sends nothing, holds them.
 * pipeline <port> <clients> <seconds>: each client pipelines range(20000) calls (about
 * 109 KB each) and never reads.
 * memory <port>: prints where the server's memory is (heap, Netty's allocator, direct).
 * soak <port> <tcp port> <seconds> <threads>: mixed load (keep-alive sums, new-connection
 * sums, batches, 100 KB responses, raw TCP sums).
 */
public class AttackClient {

	private static final String SUM = "{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1}";

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[1]);
		switch (args[0]) {
			case "probe" -> probe(port, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
			case "idle" -> idle(port, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
			case "pipeline" -> pipeline(port, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
			case "memory" -> memory(port);
			case "soak" -> soak(port, Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
			default -> throw new IllegalArgumentException(args[0]);
		}
	}

	static String post(String body) {
		return "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
				+ body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
	}

	static Socket connect(int port, int timeoutMillis) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
		socket.setSoTimeout(timeoutMillis);
		socket.setTcpNoDelay(true);
		return socket;
	}

	/** Reads one response with Content-Length; returns its body. */
	static String readResponse(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		while (matched < 4) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("closed");
			}
			head.write(b);
			matched = ((b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)))
					? matched + 1 : (b == '\r' ? 1 : 0);
		}
		String text = head.toString(StandardCharsets.US_ASCII);
		if (!text.startsWith("HTTP/1.1 200")) {
			throw new IOException("status " + text.lines().findFirst().orElse(""));
		}
		int length = 0;
		for (String line : text.split("\r\n")) {
			if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
				length = Integer.parseInt(line.substring(15).strip());
			}
		}
		byte[] body = in.readNBytes(length);
		if (body.length < length) {
			throw new IOException("short body");
		}
		return new String(body, StandardCharsets.UTF_8);
	}

	static void memory(int port) throws IOException {
		try (Socket socket = connect(port, 5_000)) {
			socket.getOutputStream()
				.write(post("{\"jsonrpc\":\"2.0\",\"method\":\"memory\",\"id\":1}").getBytes(StandardCharsets.US_ASCII));
			String body = readResponse(socket.getInputStream());
			int start = body.indexOf("\"result\":\"") + 10;
			System.out.println(body.substring(start, body.indexOf('"', start)));
		}
	}

	static void probe(int port, int seconds, int intervalMillis) throws InterruptedException {
		long end = System.nanoTime() + seconds * 1_000_000_000L;
		List<Long> latencies = new ArrayList<>();
		int ok = 0;
		int failed = 0;
		Socket socket = null;
		byte[] request = post(SUM).getBytes(StandardCharsets.US_ASCII);
		while (System.nanoTime() < end) {
			long start = System.nanoTime();
			try {
				if (socket == null) {
					socket = connect(port, 2_000);
				}
				socket.getOutputStream().write(request);
				String body = readResponse(socket.getInputStream());
				if (!body.contains("\"result\":3")) {
					throw new IOException("body " + body);
				}
				ok++;
				latencies.add(System.nanoTime() - start);
			}
			catch (IOException ex) {
				failed++;
				System.err.println("probe failure: " + ex.getMessage());
				close(socket);
				socket = null;
			}
			long left = intervalMillis - (System.nanoTime() - start) / 1_000_000;
			if (left > 0) {
				Thread.sleep(left);
			}
		}
		close(socket);
		long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
		System.out.printf("probe ok=%d failed=%d success=%.2f%% p50=%.2fms p99=%.2fms%n", ok, failed,
				100.0 * ok / Math.max(1, ok + failed), percentile(sorted, 0.50), percentile(sorted, 0.99));
	}

	static double percentile(long[] sorted, double p) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
	}

	static void close(Socket socket) {
		if (socket != null) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// gone already
			}
		}
	}

	static void idle(int port, int count, int seconds) throws Exception {
		// Connecting may take longer than holding on a loaded machine: up to twice as long.
		// Four connectors, so that one connect waiting for a SYN retransmission (the
		// server's accept queue was full) does not hold up the others.
		long start = System.nanoTime();
		long connectEnd = start + 2 * seconds * 1_000_000_000L;
		List<Socket> sockets = java.util.Collections.synchronizedList(new ArrayList<>(count));
		java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
		java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
		java.util.concurrent.atomic.AtomicInteger slow = new java.util.concurrent.atomic.AtomicInteger();
		java.util.concurrent.ConcurrentHashMap<String, Integer> failures = new java.util.concurrent.ConcurrentHashMap<>();
		java.util.concurrent.atomic.AtomicLong lastConnect = new java.util.concurrent.atomic.AtomicLong(start);
		List<Thread> connectors = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			Thread connector = new Thread(() -> {
				while (next.getAndIncrement() < count && System.nanoTime() < connectEnd) {
					long connectStart = System.nanoTime();
					try {
						sockets.add(connect(port, 5_000));
						lastConnect.accumulateAndGet(System.nanoTime(), Math::max);
					}
					catch (IOException ex) {
						failed.incrementAndGet();
						failures.merge(String.valueOf(ex.getMessage()), 1, Integer::sum);
					}
					if (System.nanoTime() - connectStart >= 900_000_000L) {
						slow.incrementAndGet();
					}
				}
			});
			connector.start();
			connectors.add(connector);
		}
		for (Thread connector : connectors) {
			connector.join();
		}
		System.out.printf("idle: %d connections open in %.1f s, %d failed to connect %s, %d took 1 s or more%n",
				sockets.size(), (lastConnect.get() - start) / 1e9, failed.get(), failures, slow.get());
		Thread.sleep(seconds * 1000L);
		int stillOpen = 0;
		for (Socket socket : sockets) {
			socket.setSoTimeout(1);
			try {
				if (socket.getInputStream().read() != -1) {
					stillOpen++;
				}
			}
			catch (java.net.SocketTimeoutException ex) {
				stillOpen++;
			}
			catch (IOException ex) {
				// closed by the server
			}
			abort(socket);
		}
		System.out.println("idle: " + stillOpen + " still open at the end");
	}

	/**
	 * Close with a reset: 15,000 sockets closed in TIME_WAIT would hold as many of the
	 * 28,000 ephemeral ports for a minute, and the next run's connects fail
	 * ("Cannot assign requested address").
	 */
	static void abort(Socket socket) {
		try {
			socket.setSoLinger(true, 0);
		}
		catch (IOException ex) {
			// closed already
		}
		close(socket);
	}

	static void pipeline(int port, int clients, int seconds) throws Exception {
		long end = System.nanoTime() + seconds * 1_000_000_000L;
		AtomicLong sent = new AtomicLong();
		List<Thread> threads = new ArrayList<>();
		List<Socket> sockets = new ArrayList<>();
		byte[] one = post("{\"jsonrpc\":\"2.0\",\"method\":\"range\",\"params\":[20000],\"id\":1}")
			.getBytes(StandardCharsets.US_ASCII);
		byte[] many = new byte[one.length * 100];
		for (int i = 0; i < 100; i++) {
			System.arraycopy(one, 0, many, i * one.length, one.length);
		}
		for (int c = 0; c < clients; c++) {
			Socket socket = connect(port, 5_000);
			socket.setReceiveBufferSize(64 * 1024);
			sockets.add(socket);
			Thread thread = new Thread(() -> {
				try {
					OutputStream out = socket.getOutputStream();
					while (System.nanoTime() < end) {
						// Blocks once the server stops reading: that is the point.
						out.write(many);
						sent.addAndGet(100);
					}
				}
				catch (IOException ex) {
					// closed at the end
				}
			});
			thread.setDaemon(true);
			thread.start();
			threads.add(thread);
		}
		Thread.sleep(Math.max(0, (end - System.nanoTime()) / 1_000_000));
		for (Socket socket : sockets) {
			close(socket);
		}
		for (Thread thread : threads) {
			thread.join(5_000);
		}
		System.out.println("pipeline: " + clients + " clients wrote " + sent.get() + " requests without reading");
	}

	static void soak(int port, int tcpPort, int seconds, int threads) throws Exception {
		long end = System.nanoTime() + seconds * 1_000_000_000L;
		AtomicLong ok = new AtomicLong();
		AtomicLong failed = new AtomicLong();
		List<Thread> workers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int kind = t % 5;
			Thread thread = new Thread(() -> {
				Socket socket = null;
				while (System.nanoTime() < end) {
					try {
						if (socket == null || kind == 1) {
							close(socket);
							socket = connect(kind == 4 ? tcpPort : port, 5_000);
						}
						String body = switch (kind) {
							case 2 -> "[" + String.join(",", java.util.Collections.nCopies(100, SUM)) + "]";
							case 3 -> "{\"jsonrpc\":\"2.0\",\"method\":\"range\",\"params\":[20000],\"id\":1}";
							default -> SUM;
						};
						if (kind == 4) {
							socket.getOutputStream().write((SUM + "\n").getBytes(StandardCharsets.UTF_8));
							InputStream in = socket.getInputStream();
							int b;
							while ((b = in.read()) != '\n') {
								if (b < 0) {
									throw new IOException("closed");
								}
							}
						}
						else {
							socket.getOutputStream().write(post(body).getBytes(StandardCharsets.UTF_8));
							readResponse(socket.getInputStream());
						}
						ok.incrementAndGet();
					}
					catch (IOException ex) {
						failed.incrementAndGet();
						close(socket);
						socket = null;
					}
				}
				close(socket);
			});
			thread.start();
			workers.add(thread);
		}
		for (Thread worker : workers) {
			worker.join();
		}
		System.out.println("soak: " + ok.get() + " calls answered, " + failed.get() + " failed");
	}


}
