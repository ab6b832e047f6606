package io.ujrpc.autoconfigure.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the application's JSON-RPC clients, one per name under
 * {@code ujrpc.client}.
 */
@ConfigurationProperties("ujrpc")
public class UjrpcClientProperties {

	/**
	 * JSON-RPC clients by name; each becomes a bean named {@code <name>JsonRpcClient}.
	 */
	private final Map<String, Client> client = new LinkedHashMap<>();

	public Map<String, Client> getClient() {
		return this.client;
	}

	/**
	 * One client.
	 */
	public static class Client {

		/**
		 * Server URI; its scheme picks the protocol: http, https, ws, wss, tcp or tls.
		 */
		private @Nullable URI url;

		/**
		 * How long a call or batch waits for its response.
		 */
		private Duration timeout = Duration.ofSeconds(30);

		/**
		 * How long opening a connection may take, TLS and WebSocket handshakes included.
		 */
		private Duration connectTimeout = Duration.ofSeconds(10);

		/**
		 * Largest number of HTTP connections open at once.
		 */
		private int maxConnections = 16;

		/**
		 * Largest response accepted.
		 */
		private DataSize maxResponseSize = DataSize.ofMegabytes(5);

		/**
		 * Number of I/O threads.
		 */
		private int ioThreads = 1;

		/**
		 * Encoding of requests and responses.
		 */
		private Encoding encoding = Encoding.JSON;

		/**
		 * How long a WebSocket connection may stay silent before the client pings; 0
		 * turns pings off.
		 */
		private Duration webSocketPingInterval = Duration.ofSeconds(30);

		/**
		 * Headers sent with every HTTP request and the WebSocket handshake.
		 */
		private Map<String, String> headers = new LinkedHashMap<>();

		/**
		 * Proxy interfaces to register as beans, calling through this client.
		 */
		private List<Class<?>> interfaces = new ArrayList<>();

		private final Ssl ssl = new Ssl();

		public @Nullable URI getUrl() {
			return this.url;
		}

		public void setUrl(@Nullable URI url) {
			this.url = url;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public int getMaxConnections() {
			return this.maxConnections;
		}

		public void setMaxConnections(int maxConnections) {
			this.maxConnections = maxConnections;
		}

		public DataSize getMaxResponseSize() {
			return this.maxResponseSize;
		}

		public void setMaxResponseSize(DataSize maxResponseSize) {
			this.maxResponseSize = maxResponseSize;
		}

		public int getIoThreads() {
			return this.ioThreads;
		}

		public void setIoThreads(int ioThreads) {
			this.ioThreads = ioThreads;
		}

		public Encoding getEncoding() {
			return this.encoding;
		}

		public void setEncoding(Encoding encoding) {
			this.encoding = encoding;
		}

		public Duration getWebSocketPingInterval() {
			return this.webSocketPingInterval;
		}

		public void setWebSocketPingInterval(Duration webSocketPingInterval) {
			this.webSocketPingInterval = webSocketPingInterval;
		}

		public Map<String, String> getHeaders() {
			return this.headers;
		}

		public void setHeaders(Map<String, String> headers) {
			this.headers = headers;
		}

		public List<Class<?>> getInterfaces() {
			return this.interfaces;
		}

		public void setInterfaces(List<Class<?>> interfaces) {
			this.interfaces = interfaces;
		}

		public Ssl getSsl() {
			return this.ssl;
		}

	}

	/**
	 * TLS settings of a client.
	 */
	public static class Ssl {

		/**
		 * SSL bundle whose trust material checks the server (and whose key material, if
		 * any, is the client's certificate); without it, the JDK's trusted certificates.
		 */
		private @Nullable String bundle;

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

	}

	/**
	 * Encodings a client can use.
	 */
	public enum Encoding {

		/**
		 * JSON text ({@code application/json}).
		 */
		JSON

	}

}
