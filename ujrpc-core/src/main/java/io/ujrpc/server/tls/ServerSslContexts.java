package io.ujrpc.server.tls;

import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import org.jspecify.annotations.Nullable;

/**
 * Builds server {@link SslContext}s: OpenSSL (BoringSSL, through netty-tcnative) when it
 * loads on this machine, the JDK's provider otherwise; TLS 1.3 and 1.2 unless told
 * otherwise.
 */
public final class ServerSslContexts {

	/**
	 * The protocols enabled by default.
	 */
	public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

	/**
	 * The cipher suites enabled unless a bundle names its own: Mozilla's "intermediate"
	 * profile without the DHE suites, so forward secrecy (ECDHE) and authenticated
	 * encryption (GCM, ChaCha20-Poly1305) only; TLS 1.3's suites are all AEAD. Suites the
	 * provider lacks are left out.
	 */
	public static final List<String> DEFAULT_CIPHERS = List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
			"TLS_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
			"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
			"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
			"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

	private ServerSslContexts() {
	}

	/**
	 * Return the provider contexts are built with: OpenSSL when available, else the JDK.
	 * @return the provider
	 */
	public static SslProvider provider() {
		return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
	}

	/**
	 * Describe the provider of a context, with the reason when OpenSSL is not used, for
	 * the startup log.
	 * @param context the context
	 * @return such as {@code OpenSSL (BoringSSL)} or
	 * {@code JDK (OpenSSL unavailable: no netty-tcnative)}
	 */
	public static String describe(SslContext context) {
		if (context instanceof OpenSslContext) {
			return "OpenSSL (" + OpenSsl.versionString() + ")";
		}
		if (OpenSsl.isAvailable()) {
			return "JDK";
		}
		Throwable cause = OpenSsl.unavailabilityCause();
		String reason = (cause != null && cause.getMessage() != null) ? cause.getMessage() : String.valueOf(cause);
		return "JDK (OpenSSL unavailable: " + reason + ")";
	}

	/**
	 * Build a server context.
	 * @param keyManagerFactory the server's key and certificate chain
	 * @param trustManagerFactory trusts client certificates, or {@code null}
	 * @param clientAuth whether clients must present a certificate
	 * @param protocols the protocols to enable, or {@code null} for
	 * {@link #DEFAULT_PROTOCOLS}
	 * @param ciphers the cipher suites to enable, or {@code null} for
	 * {@link #DEFAULT_CIPHERS}
	 * @return the context
	 * @throws IllegalStateException when the context cannot be built
	 */
	public static SslContext forServer(KeyManagerFactory keyManagerFactory,
			@Nullable TrustManagerFactory trustManagerFactory, ClientAuth clientAuth, @Nullable List<String> protocols,
			@Nullable List<String> ciphers) {
		if (keyManagerFactory == null) {
			throw new IllegalArgumentException("keyManagerFactory: null (expected: the server's key and certificate)");
		}
		SslContextBuilder builder = SslContextBuilder.forServer(keyManagerFactory)
			.sslProvider(provider())
			.protocols((protocols != null && !protocols.isEmpty()) ? protocols : DEFAULT_PROTOCOLS)
			.clientAuth((clientAuth != null) ? clientAuth : ClientAuth.NONE);
		if (trustManagerFactory != null) {
			builder.trustManager(trustManagerFactory);
		}
		builder.ciphers((ciphers != null && !ciphers.isEmpty()) ? ciphers : DEFAULT_CIPHERS,
				SupportedCipherSuiteFilter.INSTANCE);
		try {
			return builder.build();
		}
		catch (SSLException ex) {
			throw new IllegalStateException("Cannot build the server's TLS context: " + ex.getMessage(), ex);
		}
	}

}
