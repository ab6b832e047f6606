package io.ujrpc.server.http;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import io.ujrpc.dispatch.JsonRpcDispatcher;
import io.ujrpc.internal.netty.JsonRpcExchange;
import io.ujrpc.observation.ServerMetricsListener;
import io.ujrpc.protocol.JsonRpcCodec;
import io.ujrpc.server.config.HttpSettings;
import io.ujrpc.server.config.WebSocketSettings;
import io.ujrpc.server.route.HttpRoute;
import io.ujrpc.server.route.HttpRouteResponse;
import io.ujrpc.test.TestMethods;
import tools.jackson.databind.json.JsonMapper;

/**
 * The raw HTTP request corpus ({@code http-corpus.tsv}) and what the tests need to run
 * it: the server's settings, the cases, and a reader of responses as they come off the
 * wire.
 */
final class HttpCorpus {

	static final int MAX_CONTENT_LENGTH = 1024;

	static final int MAX_INITIAL_LINE_LENGTH = 1024;

	static final int MAX_HEADER_SIZE = 2048;

	/** The request that proves a connection still open and in step: answered 200 UP. */
	static final byte[] PROBE = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

	private HttpCorpus() {
	}

	static HttpRoute health() {
		return (request) -> CompletableFuture.completedFuture(HttpRouteResponse.text(200, "UP"));
	}

	static HttpSettings httpSettings() {
		return new HttpSettings(0, "/", Map.of("/health", health()), MAX_CONTENT_LENGTH, MAX_INITIAL_LINE_LENGTH,
				MAX_HEADER_SIZE, Duration.ZERO, Duration.ZERO, Duration.ZERO, 16);
	}

	static WebSocketSettings webSocketSettings() {
		return new WebSocketSettings("/ws", 4096, List.of(), Duration.ZERO, Duration.ZERO, 16);
	}

	static JsonRpcExchange exchange() {
		JsonMapper mapper = JsonMapper.builder().build();
		return new JsonRpcExchange(new JsonRpcDispatcher(TestMethods.registry(), Runnable::run, false),
				new JsonRpcCodec(mapper, 10), ServerMetricsListener.NONE);
	}

	static List<Case> cases() {
		InputStream in = HttpCorpus.class.getResourceAsStream("http-corpus.tsv");
		if (in == null) {
			throw new IllegalStateException("http-corpus.tsv is missing");
		}
		List<Case> cases = new ArrayList<>();
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
			String line;
			int number = 0;
			while ((line = reader.readLine()) != null) {
				number++;
				if (line.isBlank() || line.startsWith("#")) {
					continue;
				}
				cases.add(Case.parse(number, line));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return cases;
	}

	static byte[] unescape(String text) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c != '\\') {
				out.write(c);
				continue;
			}
			char next = text.charAt(++i);
			switch (next) {
				case 'r' -> out.write('\r');
				case 'n' -> out.write('\n');
				case 't' -> out.write('\t');
				case '\\' -> out.write('\\');
				case 'x' -> {
					out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
					i += 2;
				}
				default -> throw new IllegalArgumentException("Unknown escape \\" + next + " in " + text);
			}
		}
		return out.toByteArray();
	}

	/**
	 * One line of the corpus.
	 *
	 * @param name what it is about
	 * @param line where it is in the file
	 * @param request the bytes to send
	 * @param responses what comes back, in order
	 * @param closes whether the server then ends the stream
	 * @param has text that must come back
	 * @param lacks text that must not
	 */
	record Case(String name, int line, byte[] request, List<Expected> responses, boolean closes, List<String> has,
			List<String> lacks) {

		static Case parse(int line, String text) {
			String[] columns = text.split("\t", -1);
			if (columns.length != 5) {
				throw new IllegalArgumentException("Line " + line + " has " + columns.length + " columns, not 5");
			}
			List<Expected> responses = columns[2].equals("-") ? List.of()
					: Arrays.stream(columns[2].split(",")).map(Expected::parse).toList();
			boolean closes = switch (columns[3]) {
				case "close" -> true;
				case "open" -> false;
				default -> throw new IllegalArgumentException("Line " + line + ": after is " + columns[3]);
			};
			List<String> has = new ArrayList<>();
			List<String> lacks = new ArrayList<>();
			for (String check : columns[4].split(";")) {
				String value = new String(unescape(check), StandardCharsets.ISO_8859_1);
				if (value.startsWith("has:")) {
					has.add(value.substring(4));
				}
				else if (value.startsWith("lacks:")) {
					lacks.add(value.substring(6));
				}
				else if (!value.isEmpty()) {
					throw new IllegalArgumentException("Line " + line + ": unknown check " + value);
				}
			}
			return new Case(columns[0], line, unescape(columns[1]), responses, closes, has, lacks);
		}

		/**
		 * Whether the request's first line is HTTP/1.0, which may be answered in
		 * HTTP/1.0.
		 */
		boolean isHttp10() {
			String text = new String(this.request, StandardCharsets.ISO_8859_1);
			int end = text.indexOf('\r');
			return end > 0 && text.substring(0, end).endsWith(" HTTP/1.0");
		}

		@Override
		public String toString() {
			return this.name;
		}

	}

	/**
	 * One expected response.
	 *
	 * @param statuses the statuses allowed; -1 allows the stream to end instead
	 * @param head whether it answers a HEAD: no body is read
	 */
	record Expected(Set<Integer> statuses, boolean head) {

		static Expected parse(String text) {
			boolean head = text.endsWith("h");
			String codes = head ? text.substring(0, text.length() - 1) : text;
			return new Expected(Arrays.stream(codes.split("\\|"))
				.map((code) -> code.equals("-") ? -1 : Integer.parseInt(code))
				.collect(Collectors.toSet()), head);
		}

	}

	/**
	 * A response read off the wire.
	 *
	 * @param version the status line's version
	 * @param status the status, -1 when the stream ended first
	 * @param headers the headers by lower-case name
	 * @param body the body
	 */
	record Response(String version, int status, Map<String, String> headers, String body) {

		static final Response END = new Response("", -1, Map.of(), "");

		/**
		 * Read one response: a body by Content-Length unless it answers a HEAD or is 1xx,
		 * 204 or 304; everything read is appended to the transcript.
		 */
		static Response read(InputStream in, boolean head, StringBuilder transcript) throws IOException {
			String statusLine = readLine(in, transcript, true);
			if (statusLine == null) {
				return END;
			}
			String[] parts = statusLine.split(" ", 3);
			if (parts.length < 3 || !parts[0].startsWith("HTTP/") || parts[1].length() != 3) {
				throw new IOException("Not a status line: '" + statusLine + "'");
			}
			int status = Integer.parseInt(parts[1]);
			Map<String, String> headers = new LinkedHashMap<>();
			for (String line = readLine(in, transcript, false); !line.isEmpty(); line = readLine(in, transcript,
					false)) {
				int colon = line.indexOf(':');
				if (colon <= 0) {
					throw new IOException("Not a header line: '" + line + "'");
				}
				if (headers.put(line.substring(0, colon).toLowerCase(Locale.ROOT),
						line.substring(colon + 1).strip()) != null) {
					throw new IOException("Header repeated: '" + line + "'");
				}
			}
			String body = "";
			if (!head && status >= 200 && status != 204 && status != 304) {
				String length = headers.get("content-length");
				if (length == null) {
					throw new IOException("A " + status + " response without Content-Length");
				}
				byte[] bytes = in.readNBytes(Integer.parseInt(length));
				if (bytes.length != Integer.parseInt(length)) {
					throw new IOException("Stream ended inside a body of " + length + " bytes");
				}
				body = new String(bytes, StandardCharsets.ISO_8859_1);
				transcript.append(body);
			}
			return new Response(parts[0], status, headers, body);
		}

		private static String readLine(InputStream in, StringBuilder transcript, boolean endAllowed)
				throws IOException {
			StringBuilder line = new StringBuilder();
			int b;
			while ((b = in.read()) != -1) {
				transcript.append((char) b);
				if (b == '\n') {
					if (line.length() == 0 || line.charAt(line.length() - 1) != '\r') {
						throw new IOException("A line not ended by CRLF: '" + line + "'");
					}
					return line.substring(0, line.length() - 1);
				}
				line.append((char) b);
			}
			if (line.length() > 0 || !endAllowed) {
				throw new IOException("Stream ended inside a response: '" + line + "'");
			}
			return null;
		}

	}

}
