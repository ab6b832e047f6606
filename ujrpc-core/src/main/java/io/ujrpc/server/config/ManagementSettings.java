package io.ujrpc.server.config;

import java.util.function.Supplier;

import io.netty.handler.ssl.SslContext;
import io.ujrpc.internal.Checks;
import org.jspecify.annotations.Nullable;

/**
 * Settings of the management listener: a second HTTP port, on the same I/O threads, that
 * serves only its own routes (the Actuator endpoints under Spring Boot) and no JSON-RPC.
 *
 * @param host the address to listen on, or {@code null} for all interfaces
 * @param http the listener's HTTP settings; its JSON-RPC path is {@code null}
 * @param sslContext supplies the listener's TLS context, or {@code null} for plaintext
 */
public record ManagementSettings(@Nullable String host, HttpSettings http, @Nullable Supplier<SslContext> sslContext) {

	/**
	 * Check the settings.
	 * @param host the address or {@code null}
	 * @param http the HTTP settings
	 * @param sslContext the TLS context supplier or {@code null}
	 */
	public ManagementSettings {
		Checks.notNull("management http", http);
		Checks.state(http.jsonRpcPath() == null,
				"managementJsonRpcPath: '" + http.jsonRpcPath() + "' (expected: none, it serves routes only)");
	}

}
