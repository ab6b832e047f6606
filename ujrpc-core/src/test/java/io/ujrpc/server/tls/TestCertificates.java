package io.ujrpc.server.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made at test
 * time with the JDK's {@code keytool}, in a PKCS#12 key store.
 */
public final class TestCertificates {

	/**
	 * The key store and key password.
	 */
	public static final String PASSWORD = "changeit";

	private final Path keyStore;

	private TestCertificates(Path keyStore) {
		this.keyStore = keyStore;
	}

	/**
	 * Generate a key pair and self-signed certificate.
	 * @param directory where to write the key store
	 * @param name the certificate's common name
	 * @return the certificates
	 */
	public static TestCertificates generate(Path directory, String name) throws IOException, InterruptedException {
		Path keyStore = directory.resolve(name + ".p12");
		Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
		Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC",
				"-groupname", "secp256r1", "-validity", "2", "-dname", "CN=" + name, "-ext",
				"san=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
				"-storepass", PASSWORD, "-keypass", PASSWORD)
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes());
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IOException("keytool failed: " + output);
		}
		return new TestCertificates(keyStore);
	}

	/**
	 * Return the PKCS#12 key store file.
	 * @return the path
	 */
	public Path keyStore() {
		return this.keyStore;
	}

	/**
	 * Load the key store.
	 * @return the key store
	 */
	public KeyStore load() throws Exception {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(this.keyStore)) {
			store.load(in, PASSWORD.toCharArray());
		}
		return store;
	}

	/**
	 * Write the certificate and its private key as PEM files, as a
	 * {@code spring.ssl.bundle.pem} bundle reads them.
	 * @param certificate where to write the certificate
	 * @param privateKey where to write the PKCS#8 private key
	 */
	public void writePem(Path certificate, Path privateKey) throws Exception {
		KeyStore store = load();
		Base64.Encoder encoder = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
		String cert = "-----BEGIN CERTIFICATE-----\n"
				+ encoder.encodeToString(store.getCertificate("server").getEncoded()) + "\n-----END CERTIFICATE-----\n";
		String key = "-----BEGIN PRIVATE KEY-----\n"
				+ encoder.encodeToString(store.getKey("server", PASSWORD.toCharArray()).getEncoded())
				+ "\n-----END PRIVATE KEY-----\n";
		// Write both, then move them into place, so that a file watcher sees whole files.
		Path certTemp = Files.writeString(certificate.resolveSibling(certificate.getFileName() + ".tmp"), cert);
		Path keyTemp = Files.writeString(privateKey.resolveSibling(privateKey.getFileName() + ".tmp"), key);
		Files.move(keyTemp, privateKey, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		Files.move(certTemp, certificate, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	/**
	 * Return a key manager factory for the server.
	 * @return the factory
	 */
	public KeyManagerFactory keyManagerFactory() throws Exception {
		KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		factory.init(load(), PASSWORD.toCharArray());
		return factory;
	}

	/**
	 * Return a client context that trusts this certificate only.
	 * @return the context
	 */
	public SSLContext clientContext() throws Exception {
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trust.init(load());
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, trust.getTrustManagers(), null);
		return context;
	}

	/**
	 * Return a server context built the default way.
	 * @return the context
	 */
	public io.netty.handler.ssl.SslContext serverContext() throws Exception {
		return ServerSslContexts.forServer(keyManagerFactory(), null, null, List.of(), null);
	}

}
