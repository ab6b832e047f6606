package io.ujrpc.server.tcp;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A blocking line-oriented client for the raw TCP listener: writes bytes exactly as told,
 * reads one response per line.
 */
final class TcpTestClient implements Closeable {

	private final Socket socket;

	private final OutputStream out;

	private final BufferedReader in;

	TcpTestClient(Socket socket) throws IOException {
		this.socket = socket;
		this.socket.setSoTimeout(10_000);
		this.socket.setTcpNoDelay(true);
		this.out = socket.getOutputStream();
		this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
	}

	static TcpTestClient connect(int port) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
		return new TcpTestClient(socket);
	}

	TcpTestClient send(String text) throws IOException {
		this.out.write(text.getBytes(StandardCharsets.UTF_8));
		this.out.flush();
		return this;
	}

	/**
	 * Read one response line.
	 * @return the line without its newline, or {@code null} at the end of the stream
	 */
	String readLine() throws IOException {
		return this.in.readLine();
	}

	/**
	 * Return whether the server closed the connection: the next read is the end of the
	 * stream.
	 */
	boolean isClosedByServer() throws IOException {
		try {
			return this.in.read() == -1;
		}
		catch (java.net.SocketException ex) {
			// Reset: the server closed with unread data.
			return true;
		}
	}

	Socket socket() {
		return this.socket;
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	static String call(int id, String method, String params) {
		return "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":" + params + ",\"id\":" + id + "}";
	}

}
