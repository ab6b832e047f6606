package io.ujrpc.autoconfigure.actuator;

import java.util.function.Supplier;

import io.ujrpc.server.JsonRpcServer;
import io.ujrpc.spring.JsonRpcServerLifecycle;
import io.ujrpc.spring.LocalPortPublisher;

import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the management listener, a routes-only ujrpc server for the actuator endpoints on
 * {@code management.server.port}, beside the application's server, and publishes its port
 * as {@code local.management.port}.
 */
public final class ManagementServerLifecycle implements SmartLifecycle {

	private final Supplier<JsonRpcServer> serverFactory;

	private final ApplicationContext context;

	private volatile JsonRpcServer server;

	/**
	 * Create an instance.
	 * @param serverFactory builds the management server when it is time to start it
	 * @param context the context whose environment gets the port
	 */
	public ManagementServerLifecycle(Supplier<JsonRpcServer> serverFactory, ApplicationContext context) {
		this.serverFactory = serverFactory;
		this.context = context;
	}

	@Override
	public void start() {
		JsonRpcServer server = this.serverFactory.get().start();
		this.server = server;
		LocalPortPublisher.publish(this.context, "local.management.port", server.port());
	}

	@Override
	public void stop() {
		JsonRpcServer server = this.server;
		this.server = null;
		if (server != null) {
			server.stop();
		}
	}

	@Override
	public boolean isRunning() {
		return this.server != null;
	}

	@Override
	public int getPhase() {
		return JsonRpcServerLifecycle.PHASE;
	}

	/**
	 * Return the running management server.
	 * @return the server, or {@code null} when it is not running
	 */
	public JsonRpcServer getServer() {
		return this.server;
	}

}
