package io.ujrpc.test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.x response read byte for byte off the wire, so that tests see exactly what a
 * client would: status line, headers and a body framed by {@code Content-Length}.
 *
 * @param version the protocol version of the status line
 * @param status the status code
 * @param headers the headers by lower-case name (last value wins)
 * @param body the body as UTF-8 text, empty when there is none
 */
public record RawHttpResponse(String version, int status, Map<String, String> headers, String body) {

	/**
	 * Return a header value.
	 * @param name the header name, in any case
	 * @return the value or {@code null}
	 */
	public String header(String name) {
		return this.headers.get(name.toLowerCase(Locale.ROOT));
	}

	/**
	 * Read every response held in the given bytes.
	 * @param bytes the bytes, such as everything a channel wrote
	 * @return the responses in order
	 * @throws IOException when the bytes are not a sequence of whole responses
	 */
	public static List<RawHttpResponse> readAll(byte[] bytes) throws IOException {
		InputStream in = new ByteArrayInputStream(bytes);
		List<RawHttpResponse> responses = new ArrayList<>();
		RawHttpResponse response;
		while ((response = read(in)) != null) {
			responses.add(response);
		}
		return responses;
	}

	/**
	 * Read one response.
	 * @param in the stream
	 * @return the response, or {@code null} when the stream ended before it began
	 * @throws IOException when the stream ends inside a response or holds no response
	 */
	public static RawHttpResponse read(InputStream in) throws IOException {
		String statusLine = readLine(in);
		if (statusLine == null) {
			return null;
		}
		String[] parts = statusLine.split(" ", 3);
		if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
			throw new IOException("Not a status line: '" + statusLine + "'");
		}
		Map<String, String> headers = new LinkedHashMap<>();
		for (String line = requireLine(in); !line.isEmpty(); line = requireLine(in)) {
			int colon = line.indexOf(':');
			headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
		}
		int status = Integer.parseInt(parts[1]);
		String contentLength = headers.get("content-length");
		byte[] body;
		if (contentLength != null) {
			body = in.readNBytes(Integer.parseInt(contentLength));
			if (body.length != Integer.parseInt(contentLength)) {
				throw new IOException("Stream ended inside a body of " + contentLength + " bytes");
			}
		}
		else if (status == 204 || status == 304 || status < 200) {
			body = new byte[0];
		}
		else {
			body = in.readAllBytes();
		}
		return new RawHttpResponse(parts[0], status, headers, new String(body, StandardCharsets.UTF_8));
	}

	private static String requireLine(InputStream in) throws IOException {
		String line = readLine(in);
		if (line == null) {
			throw new IOException("Stream ended inside the headers");
		}
		return line;
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) != -1) {
			if (b == '\n') {
				byte[] bytes = line.toByteArray();
				int length = (bytes.length > 0 && bytes[bytes.length - 1] == '\r') ? bytes.length - 1 : bytes.length;
				return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
			}
			line.write(b);
		}
		if (line.size() > 0) {
			throw new IOException("Stream ended inside a line");
		}
		return null;
	}

}
