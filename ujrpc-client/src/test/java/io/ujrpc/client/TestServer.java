package io.ujrpc.client;

import java.net.URI;

import io.netty.handler.ssl.SslContext;
import io.ujrpc.dispatch.MethodRegistry;
import io.ujrpc.server.JsonRpcServer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * A ujrpc server on random ports with HTTP, WebSocket on {@code /ws} and raw TCP, serving
 * a {@link CalculatorService}; it can be restarted on the same ports.
 */
final class TestServer implements AutoCloseable {

	private final @Nullable SslContext sslContext;

	private CalculatorService service;

	private JsonRpcServer server;

	private TestServer(CalculatorService service, @Nullable SslContext sslContext, int port, int tcpPort) {
		this.sslContext = sslContext;
		this.service = service;
		this.server = start(service, sslContext, port, tcpPort);
	}

	static TestServer start() {
		return new TestServer(new CalculatorService(), null, 0, 0);
	}

	static TestServer start(SslContext sslContext) {
		return new TestServer(new CalculatorService(), sslContext, 0, 0);
	}

	private static JsonRpcServer start(CalculatorService service, @Nullable SslContext sslContext, int port,
			int tcpPort) {
		MethodRegistry registry = MethodRegistry.builder(JsonMapper.builder().build()).addAnnotated(service).build();
		JsonRpcServer.Builder builder = JsonRpcServer.builder(registry)
			.port(port)
			.tcpPort(tcpPort)
			.webSocketPath("/ws");
		if (sslContext != null) {
			builder.sslContext(sslContext);
		}
		return builder.build().start();
	}

	/**
	 * Stop the server and start a new one, with a new service, on the same ports.
	 */
	void restart(CalculatorService service) {
		int port = this.server.port();
		int tcpPort = this.server.tcpPort();
		this.server.stop();
		this.service = service;
		this.server = start(service, this.sslContext, port, tcpPort);
	}

	CalculatorService service() {
		return this.service;
	}

	JsonRpcServer server() {
		return this.server;
	}

	/**
	 * Return the URI of the listener for a scheme: {@code http}, {@code ws}, {@code tcp}
	 * or their TLS forms.
	 */
	URI uri(String scheme) {
		return switch (scheme) {
			case "http", "https" -> URI.create(scheme + "://localhost:" + this.server.port() + "/");
			case "ws", "wss" -> URI.create(scheme + "://localhost:" + this.server.port() + "/ws");
			case "tcp", "tls" -> URI.create(scheme + "://localhost:" + this.server.tcpPort());
			default -> throw new IllegalArgumentException(scheme);
		};
	}

	@Override
	public void close() {
		this.service.release();
		this.server.stop();
	}

}
