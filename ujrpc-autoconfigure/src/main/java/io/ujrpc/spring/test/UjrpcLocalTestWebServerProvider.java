package io.ujrpc.spring.test;

import io.ujrpc.spring.JsonRpcWebServer;

import org.springframework.boot.test.http.server.LocalTestWebServer;
import org.springframework.boot.test.http.server.LocalTestWebServer.Scheme;
import org.springframework.context.ApplicationContext;

/**
 * Lets Spring Boot's test HTTP clients find the running ujrpc server.
 */
class UjrpcLocalTestWebServerProvider implements LocalTestWebServer.Provider {

	private final ApplicationContext context;

	UjrpcLocalTestWebServerProvider(ApplicationContext context) {
		this.context = context;
	}

	@Override
	public LocalTestWebServer getLocalTestWebServer() {
		JsonRpcWebServer server = this.context.getBeanProvider(JsonRpcWebServer.class).getIfAvailable();
		if (server == null || server.getPort() <= 0) {
			return null;
		}
		return LocalTestWebServer.of(Scheme.HTTP, server.getPort());
	}

}
