package io.ujrpc.spring.test;

import io.ujrpc.server.JsonRpcServer;
import io.ujrpc.spring.JsonRpcWebServer;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.test.http.server.LocalTestWebServer;
import org.springframework.boot.test.http.server.LocalTestWebServer.BaseUriDetails;
import org.springframework.boot.test.http.server.LocalTestWebServer.Scheme;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Lets Spring Boot's test HTTP clients ({@code TestRestTemplate}, {@code RestTestClient},
 * {@code WebTestClient}) find the ujrpc server: asked when a client bean is made, which
 * is before the server starts, so the port is read when the first URI is built, as Boot's
 * own servers' providers do.
 */
class UjrpcLocalTestWebServerProvider implements LocalTestWebServer.Provider {

	private final ApplicationContext context;

	UjrpcLocalTestWebServerProvider(ApplicationContext context) {
		this.context = context;
	}

	@Override
	public @Nullable LocalTestWebServer getLocalTestWebServer() {
		JsonRpcWebServer webServer = this.context.getBeanProvider(JsonRpcWebServer.class).getIfAvailable();
		Environment environment = this.context.getEnvironment();
		if (webServer == null || environment.getProperty("server.port", Integer.class, 8080) < 0) {
			// ujrpc.server.enabled=false or server.port=-1: there is nothing to call.
			return null;
		}
		return LocalTestWebServer.of(isSecure(webServer, environment) ? Scheme.HTTPS : Scheme.HTTP,
				() -> new BaseUriDetails(port(webServer, environment), ""));
	}

	private static boolean isSecure(JsonRpcWebServer webServer, Environment environment) {
		JsonRpcServer server = webServer.getServer();
		if (server != null) {
			return server.isSecure();
		}
		// Not started yet: what server.ssl says, as the properties mapper reads it.
		ServerProperties properties = Binder.get(environment)
			.bind("server", ServerProperties.class)
			.orElseGet(ServerProperties::new);
		return Ssl.isEnabled(properties.getSsl());
	}

	private static int port(JsonRpcWebServer webServer, Environment environment) {
		int port = webServer.getPort();
		if (port > 0) {
			return port;
		}
		Integer published = environment.getProperty("local.server.port", Integer.class);
		if (published == null) {
			throw new IllegalStateException("The ujrpc server has not started: no local port to call yet");
		}
		return published;
	}

}
