package io.ujrpc.benchmarks.loadgen;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.HdrHistogram.Histogram;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sequential connection set-ups, rpycbench-style: {@code count} times open a TCP
 * connection, send one request with {@code Connection: close}, read the whole response
 * and close. Each set-up is timed from before the connect to the last byte of the
 * response.
 * <p>
 * {@code loadgen connect --url http://127.0.0.1:8085/ -n 100 [--warmup-count 100] [-b BODY] [-l K=V]}
 */
final class ConnectRun {

	private static final int TIMEOUT_MILLIS = 5000;

	private ConnectRun() {
	}

	static void main(String[] args) throws IOException {
		URI url = null;
		int count = 100;
		int warmupCount = 100;
		byte[] body = new Options().body;
		Map<String, String> labels = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i += 2) {
			if (i + 1 >= args.length) {
				throw new IllegalArgumentException(args[i] + ": missing value");
			}
			String value = args[i + 1];
			switch (args[i]) {
				case "--url" -> url = URI.create(value);
				case "-n", "--count" -> count = Integer.parseInt(value);
				case "--warmup-count" -> warmupCount = Integer.parseInt(value);
				case "-b", "--body" -> body = Options.parse(new String[] { "--url", "http://x/", "-b", value }).body;
				case "-l", "--label" ->
					labels.put(value.substring(0, value.indexOf('=')), value.substring(value.indexOf('=') + 1));
				default -> throw new IllegalArgumentException("unknown option " + args[i]);
			}
		}
		if (url == null || !"http".equals(url.getScheme()) || count <= 0) {
			throw new IllegalArgumentException("--url http://host:port/ and -n > 0 are required");
		}
		InetSocketAddress address = new InetSocketAddress(url.getHost(), url.getPort());
		byte[] request = request(address, (url.getRawPath().isEmpty()) ? "/" : url.getRawPath(), body);
		long errors = 0;
		for (int i = 0; i < warmupCount; i++) {
			errors += once(address, request) ? 0 : 1;
		}
		errors = 0;
		Histogram histogram = new Histogram(3);
		long total = 0;
		for (int i = 0; i < count; i++) {
			long start = System.nanoTime();
			boolean ok = once(address, request);
			long elapsed = System.nanoTime() - start;
			if (!ok) {
				errors++;
				continue;
			}
			histogram.recordValue(elapsed);
			total += elapsed;
		}
		long done = count - errors;
		ObjectNode result = JsonMapper.shared().createObjectNode();
		labels.forEach(result::put);
		result.put("url", url.toString());
		result.put("mode", "sequential-connect");
		result.put("connections", count);
		result.put("requests", done);
		double meanMicros = (done > 0) ? total / 1000.0 / done : 0;
		result.put("us_per_setup", round(meanMicros));
		result.put("setups_per_s", (meanMicros > 0) ? round(1e6 / meanMicros) : 0);
		result.put("p50_us", round(histogram.getValueAtPercentile(50) / 1000.0));
		result.put("p99_us", round(histogram.getValueAtPercentile(99) / 1000.0));
		result.put("max_us", round(histogram.getMaxValue() / 1000.0));
		result.put("errors", errors);
		System.err.printf(Locale.ROOT, "connect: %d set-ups, %.1f µs each (p50 %.1f µs), %d errors%n", done, meanMicros,
				histogram.getValueAtPercentile(50) / 1000.0, errors);
		System.out.println(result);
	}

	private static byte[] request(InetSocketAddress address, String path, byte[] body) {
		String head = "POST " + path + " HTTP/1.1\r\nHost: " + address.getHostString() + ":" + address.getPort()
				+ "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
				+ "\r\nConnection: close\r\n\r\n";
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
		out.writeBytes(body);
		return out.toByteArray();
	}

	/** One connect, request and complete response; whether it got a 2xx answer. */
	private static boolean once(InetSocketAddress address, byte[] request) {
		try (Socket socket = new Socket()) {
			socket.setTcpNoDelay(true);
			socket.setSoTimeout(TIMEOUT_MILLIS);
			socket.connect(address, TIMEOUT_MILLIS);
			OutputStream out = socket.getOutputStream();
			out.write(request);
			out.flush();
			return readResponse(socket.getInputStream());
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Reads one response: up to its Content-Length, or to the end of the stream when it
	 * has none (the server closes after {@code Connection: close}).
	 */
	private static boolean readResponse(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream(256);
		int matched = 0;
		while (matched < 4) {
			int b = in.read();
			if (b < 0) {
				return false;
			}
			head.write(b);
			matched = (b == ((matched % 2 == 0) ? '\r' : '\n')) ? matched + 1 : ((b == '\r') ? 1 : 0);
		}
		String headers = head.toString(StandardCharsets.US_ASCII);
		boolean success = headers.startsWith("HTTP/1.1 2") || headers.startsWith("HTTP/1.0 2");
		long length = -1;
		for (String line : headers.split("\r\n")) {
			if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
				length = Long.parseLong(line.substring(15).trim());
			}
		}
		byte[] buffer = new byte[8192];
		if (length >= 0) {
			while (length > 0) {
				int read = in.read(buffer, 0, (int) Math.min(buffer.length, length));
				if (read < 0) {
					return false;
				}
				length -= read;
			}
			return success;
		}
		while (in.read(buffer) >= 0) {
			// chunked or close-delimited: the server closes after Connection: close
		}
		return success;
	}

	private static double round(double value) {
		return Math.round(value * 10) / 10.0;
	}

}
