package io.ujrpc.spring;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.ujrpc.server.tls.ServerSslContexts;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslManagerBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerSslBundle;

/**
 * Supplies the Netty {@link SslContext} for {@code server.ssl.*}: the SSL bundle named by
 * {@code server.ssl.bundle} (or the legacy key store properties), mapped as Spring Boot's
 * Reactor Netty server maps it. When the bundle is reloaded, the next connections get the
 * new certificate.
 */
public final class SslBundleSslContextSupplier implements Supplier<SslContext> {

	private static final Log logger = LogFactory.getLog(SslBundleSslContextSupplier.class);

	private final Ssl ssl;

	private volatile SslContext context;

	/**
	 * Build the context and register for bundle updates.
	 * @param ssl the {@code server.ssl} properties, enabled
	 * @param sslBundles the application's bundles, or {@code null} when there are none
	 */
	public SslBundleSslContextSupplier(Ssl ssl, @Nullable SslBundles sslBundles) {
		this.ssl = ssl;
		this.context = build(WebServerSslBundle.get(ssl, sslBundles));
		String bundleName = ssl.getBundle();
		if (bundleName != null && sslBundles != null) {
			sslBundles.addBundleUpdateHandler(bundleName, (bundle) -> {
				this.context = build(bundle);
				logger.info("SSL bundle '" + bundleName + "' reloaded; new connections use it");
			});
		}
	}

	@Override
	public SslContext get() {
		return this.context;
	}

	private SslContext build(SslBundle bundle) {
		SslManagerBundle managers = bundle.getManagers();
		SslOptions options = bundle.getOptions();
		ClientAuth clientAuth = Ssl.ClientAuth.map(this.ssl.getClientAuth(), ClientAuth.NONE, ClientAuth.OPTIONAL,
				ClientAuth.REQUIRE);
		return ServerSslContexts.forServer(managers.getKeyManagerFactory(),
				(clientAuth != ClientAuth.NONE) ? managers.getTrustManagerFactory() : null, clientAuth,
				firstOf(options.getEnabledProtocols(), this.ssl.getEnabledProtocols()),
				firstOf(options.getCiphers(), this.ssl.getCiphers()));
	}

	private static List<String> firstOf(String[] preferred, String[] fallback) {
		String[] values = (preferred != null) ? preferred : fallback;
		return (values != null) ? Arrays.asList(values) : null;
	}

}
