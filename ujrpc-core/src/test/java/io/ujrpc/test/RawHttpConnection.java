package io.ujrpc.test;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A plain socket that writes raw HTTP bytes and reads raw responses, for what an HTTP
 * client library would hide: pipelining, exact headers, and when the server closes. Every
 * read is bounded by a socket timeout, so a missing answer fails instead of hanging.
 */
public final class RawHttpConnection implements AutoCloseable {

	private static final int TIMEOUT_MILLIS = 10_000;

	private final Socket socket;

	private final InputStream in;

	/**
	 * Connect to a local port.
	 * @param port the port
	 * @throws IOException when the connection fails
	 */
	public RawHttpConnection(int port) throws IOException {
		this.socket = new Socket();
		this.socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
		this.socket.setSoTimeout(TIMEOUT_MILLIS);
		this.socket.setTcpNoDelay(true);
		this.in = new BufferedInputStream(this.socket.getInputStream());
	}

	/**
	 * Build a JSON-RPC POST request.
	 * @param body the JSON body
	 * @return the request bytes as text
	 */
	public static String post(String body) {
		return "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
				+ body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
	}

	/**
	 * Write bytes in one write.
	 * @param text the bytes as text (UTF-8)
	 * @return this connection
	 * @throws IOException when the write fails
	 */
	public RawHttpConnection write(String text) throws IOException {
		this.socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
		this.socket.getOutputStream().flush();
		return this;
	}

	/**
	 * Read the next response.
	 * @return the response
	 * @throws IOException when none arrives in time or the connection ends first
	 */
	public RawHttpResponse read() throws IOException {
		RawHttpResponse response = RawHttpResponse.read(this.in);
		if (response == null) {
			throw new IOException("Connection closed by the server before a response");
		}
		return response;
	}

	/**
	 * Whether the server closed the connection: the next read sees the end of the stream
	 * within the timeout.
	 * @return {@code true} when the stream ended, {@code false} when it timed out or had
	 * more bytes
	 * @throws IOException on other read failures
	 */
	public boolean isClosedByServer() throws IOException {
		try {
			return this.in.read() == -1;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			// A reset is a close too.
			return ex.getMessage() != null && ex.getMessage().contains("reset");
		}
	}

	/**
	 * Whether the server has sent bytes that have not been read yet.
	 * @return {@code true} when a read would not block
	 * @throws IOException when the socket fails
	 */
	public boolean hasBytesToRead() throws IOException {
		return this.in.available() > 0;
	}

	/**
	 * Half-close: send FIN, keep reading.
	 * @return this connection
	 * @throws IOException when the socket cannot be shut down
	 */
	public RawHttpConnection shutdownOutput() throws IOException {
		this.socket.shutdownOutput();
		return this;
	}

	/**
	 * Read one line, without its newline.
	 * @return the line (UTF-8), or {@code null} at the end of the stream
	 * @throws IOException when no line arrives in time
	 */
	public String readLine() throws IOException {
		java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
		int b = this.in.read();
		while (b != '\n') {
			if (b == -1) {
				return (line.size() > 0) ? line.toString(StandardCharsets.UTF_8) : null;
			}
			line.write(b);
			b = this.in.read();
		}
		return line.toString(StandardCharsets.UTF_8);
	}

	/**
	 * Read everything until the server closes the connection.
	 * @return the bytes as text (UTF-8)
	 * @throws IOException when the stream does not end within the timeout
	 */
	public String readToEnd() throws IOException {
		return new String(this.in.readAllBytes(), StandardCharsets.UTF_8);
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
