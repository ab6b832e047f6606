package io.ujrpc.spring;

import java.util.function.Supplier;

import io.ujrpc.server.JsonRpcServer;
import io.ujrpc.server.ServerStartException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.web.server.GracefulShutdownCallback;
import org.springframework.boot.web.server.GracefulShutdownResult;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.boot.web.server.WebServer;

/**
 * Spring Boot's view of the ujrpc server: a {@link WebServer}, so that Boot's graceful
 * shutdown lifecycle drives it like Tomcat or Netty. The server is built when it starts,
 * after every bean exists, so that every {@code @JsonRpcMethod} is found.
 */
public final class JsonRpcWebServer implements WebServer {

	private static final Log logger = LogFactory.getLog(JsonRpcWebServer.class);

	private final Supplier<@Nullable JsonRpcServer> serverFactory;

	private volatile @Nullable JsonRpcServer server;

	private boolean started;

	/**
	 * Create an instance.
	 * @param serverFactory builds the server, or returns {@code null} when it is not to
	 * run (for example {@code server.port=-1})
	 */
	public JsonRpcWebServer(Supplier<@Nullable JsonRpcServer> serverFactory) {
		this.serverFactory = serverFactory;
	}

	@Override
	public synchronized void start() {
		if (this.started) {
			return;
		}
		this.started = true;
		JsonRpcServer server = this.serverFactory.get();
		if (server == null) {
			logger.info("ujrpc server not started (server.port=-1)");
			return;
		}
		try {
			this.server = server.start();
		}
		catch (ServerStartException ex) {
			if (ex.isPortInUse()) {
				throw new PortInUseException(ex.getPort(), ex);
			}
			throw ex;
		}
	}

	@Override
	public synchronized void stop() {
		JsonRpcServer server = this.server;
		if (server != null) {
			server.stop();
		}
		// A stopped context may be started again (Spring's test context pausing does):
		// the next start builds a fresh server.
		this.server = null;
		this.started = false;
	}

	@Override
	public int getPort() {
		JsonRpcServer server = this.server;
		return (server != null) ? server.port() : -1;
	}

	/**
	 * Return the running server.
	 * @return the server, or {@code null} before it started or when it is disabled
	 */
	public @Nullable JsonRpcServer getServer() {
		return this.server;
	}

	@Override
	public void shutDownGracefully(GracefulShutdownCallback callback) {
		JsonRpcServer server = this.server;
		if (server == null) {
			callback.shutdownComplete(GracefulShutdownResult.IMMEDIATE);
			return;
		}
		// No deadline here: the lifecycle's timeout-per-shutdown-phase bounds the wait,
		// and the stop that follows it cuts the shutdown short.
		server.shutDownGracefully()
			.whenComplete((idle, ex) -> callback.shutdownComplete(
					Boolean.TRUE.equals(idle) ? GracefulShutdownResult.IDLE : GracefulShutdownResult.REQUESTS_ACTIVE));
	}

	@Override
	public void destroy() {
		stop();
	}

}
