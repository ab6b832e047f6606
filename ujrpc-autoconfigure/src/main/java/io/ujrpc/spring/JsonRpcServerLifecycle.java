package io.ujrpc.spring;

import io.ujrpc.server.JsonRpcServer;

import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the ujrpc server when the context has refreshed and stops it when the context
 * closes, in the phase Spring Boot uses for its own web servers. Publishes the bound port
 * as {@code local.server.port}, and the raw TCP listener's as
 * {@code local.ujrpc.tcp.port} and the management listener's as
 * {@code local.management.port}.
 */
public final class JsonRpcServerLifecycle implements SmartLifecycle {

	/**
	 * The phase of this lifecycle: the one Spring Boot's web servers start and stop in,
	 * after the graceful shutdown phase has drained them.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

	private final JsonRpcWebServer webServer;

	private final ApplicationContext context;

	private volatile boolean running;

	/**
	 * Create an instance.
	 * @param webServer the server
	 * @param context the context whose environment gets the port
	 */
	public JsonRpcServerLifecycle(JsonRpcWebServer webServer, ApplicationContext context) {
		this.webServer = webServer;
		this.context = context;
	}

	@Override
	public void start() {
		this.webServer.start();
		int port = this.webServer.getPort();
		if (port >= 0) {
			LocalPortPublisher.publish(this.context, "local.server.port", port);
		}
		JsonRpcServer server = this.webServer.getServer();
		if (server != null && server.tcpPort() >= 0) {
			LocalPortPublisher.publish(this.context, "local.ujrpc.tcp.port", server.tcpPort());
		}
		if (server != null && server.managementPort() >= 0) {
			LocalPortPublisher.publish(this.context, "local.management.port", server.managementPort());
		}
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.webServer.stop();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
