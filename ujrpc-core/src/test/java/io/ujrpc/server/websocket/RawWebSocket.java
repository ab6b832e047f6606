package io.ujrpc.server.websocket;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client that writes frames byte for byte as told, to test how the server
 * copes with frames coalesced into one segment or split across many.
 */
final class RawWebSocket implements Closeable {

	private final Socket socket;

	private final OutputStream out;

	private final DataInputStream in;

	private RawWebSocket(Socket socket) throws IOException {
		this.socket = socket;
		this.socket.setSoTimeout(10_000);
		this.socket.setTcpNoDelay(true);
		this.out = socket.getOutputStream();
		this.in = new DataInputStream(socket.getInputStream());
	}

	static RawWebSocket connect(int port, String path) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
		RawWebSocket client = new RawWebSocket(socket);
		client.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
				+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
				+ "Sec-WebSocket-Version: 13\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		String head = client.readHead();
		if (!head.startsWith("HTTP/1.1 101")) {
			throw new IOException("Handshake failed: " + head);
		}
		return client;
	}

	/**
	 * Encode a masked text frame, as a client must send it.
	 */
	static byte[] textFrame(String text) {
		byte[] payload = text.getBytes(StandardCharsets.UTF_8);
		ByteArrayOutputStream frame = new ByteArrayOutputStream();
		frame.write(0x81);
		if (payload.length < 126) {
			frame.write(0x80 | payload.length);
		}
		else {
			frame.write(0x80 | 126);
			frame.write(payload.length >>> 8);
			frame.write(payload.length & 0xff);
		}
		byte[] mask = new byte[4];
		ThreadLocalRandom.current().nextBytes(mask);
		frame.writeBytes(mask);
		for (int i = 0; i < payload.length; i++) {
			frame.write(payload[i] ^ mask[i % 4]);
		}
		return frame.toByteArray();
	}

	void write(byte[] bytes) throws IOException {
		this.out.write(bytes);
		this.out.flush();
	}

	/**
	 * Read one unfragmented text frame from the server.
	 */
	String readText() throws IOException {
		int opcode = this.in.readUnsignedByte() & 0x0f;
		int length = this.in.readUnsignedByte() & 0x7f;
		if (length == 126) {
			length = this.in.readUnsignedShort();
		}
		else if (length == 127) {
			length = (int) this.in.readLong();
		}
		byte[] payload = new byte[length];
		this.in.readFully(payload);
		if (opcode != 1) {
			throw new IOException("Expected a text frame, got opcode " + opcode);
		}
		return new String(payload, StandardCharsets.UTF_8);
	}

	private String readHead() throws IOException {
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			head.append((char) this.in.readUnsignedByte());
		}
		return head.toString();
	}

	Socket socket() {
		return this.socket;
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
