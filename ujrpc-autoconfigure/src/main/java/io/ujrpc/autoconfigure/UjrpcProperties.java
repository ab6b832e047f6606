package io.ujrpc.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.ujrpc.server.transport.TransportType;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the ujrpc JSON-RPC server. The port, address, shutdown mode and header
 * size limit come from Spring Boot's own {@code server.*} properties.
 */
@ConfigurationProperties("ujrpc")
public class UjrpcProperties {

	/**
	 * I/O transport: auto (io_uring, else epoll, else NIO), io_uring, epoll or nio.
	 */
	private TransportType transport = TransportType.AUTO;

	/**
	 * Number of I/O threads; 0 means one per available processor.
	 */
	private int ioThreads;

	/**
	 * Largest number of calls accepted in one batch.
	 */
	private int maxBatchSize = 1000;

	/**
	 * Longest time a whole request (an HTTP request with its body, a raw TCP value, a
	 * WebSocket message) may take to arrive, from its first byte; 0 for no limit.
	 */
	private Duration requestTimeout = Duration.ofSeconds(60);

	/**
	 * Largest number of connections open at once, over all listeners; more are closed as
	 * soon as they are accepted.
	 */
	private int maxConnections = 8192;

	private final Http http = new Http();

	private final Blocking blocking = new Blocking();

	private final Errors errors = new Errors();

	private final Tcp tcp = new Tcp();

	private final WebSocket websocket = new WebSocket();

	private final Json json = new Json();

	private final Rest rest = new Rest();

	public TransportType getTransport() {
		return this.transport;
	}

	public void setTransport(TransportType transport) {
		this.transport = transport;
	}

	public int getIoThreads() {
		return this.ioThreads;
	}

	public void setIoThreads(int ioThreads) {
		this.ioThreads = ioThreads;
	}

	public Duration getRequestTimeout() {
		return this.requestTimeout;
	}

	public void setRequestTimeout(Duration requestTimeout) {
		this.requestTimeout = requestTimeout;
	}

	public int getMaxConnections() {
		return this.maxConnections;
	}

	public void setMaxConnections(int maxConnections) {
		this.maxConnections = maxConnections;
	}

	public int getMaxBatchSize() {
		return this.maxBatchSize;
	}

	public void setMaxBatchSize(int maxBatchSize) {
		this.maxBatchSize = maxBatchSize;
	}

	public Http getHttp() {
		return this.http;
	}

	public Blocking getBlocking() {
		return this.blocking;
	}

	public Errors getErrors() {
		return this.errors;
	}

	public Tcp getTcp() {
		return this.tcp;
	}

	public WebSocket getWebsocket() {
		return this.websocket;
	}

	public Json getJson() {
		return this.json;
	}

	public Rest getRest() {
		return this.rest;
	}

	/**
	 * JSON decoding settings.
	 */
	public static class Json {

		/**
		 * Whether a request in which a member name occurs twice in one object is answered
		 * with -32600 instead of letting the last one win.
		 */
		private boolean rejectDuplicateMembers;

		public boolean isRejectDuplicateMembers() {
			return this.rejectDuplicateMembers;
		}

		public void setRejectDuplicateMembers(boolean rejectDuplicateMembers) {
			this.rejectDuplicateMembers = rejectDuplicateMembers;
		}

	}

	/**
	 * HTTP listener settings.
	 */
	public static class Http {

		/**
		 * Path that JSON-RPC requests are POSTed to.
		 */
		private String path = "/";

		/**
		 * Largest request body accepted; larger ones are answered with 413.
		 */
		private DataSize maxContentLength = DataSize.ofMegabytes(5);

		/**
		 * Longest request line accepted; longer ones are answered with 414.
		 */
		private DataSize maxInitialLineLength = DataSize.ofKilobytes(4);

		/**
		 * Time after which an idle keep-alive connection is closed; 0 keeps it open.
		 */
		private Duration idleTimeout = Duration.ofSeconds(60);

		/**
		 * Longest time the head of a request (request line and headers) may take to
		 * arrive, from its first byte; a late one gets 408. 0 for no limit beyond the
		 * request timeout.
		 */
		private Duration headerTimeout = Duration.ofSeconds(20);

		/**
		 * Number of pipelined requests one connection may have in flight before the
		 * server stops reading from it.
		 */
		private int maxPipelinedRequests = 1024;

		/**
		 * Length of the queue of connections waiting to be accepted.
		 */
		private int backlog = 1024;

		public String getPath() {
			return this.path;
		}

		public Duration getHeaderTimeout() {
			return this.headerTimeout;
		}

		public void setHeaderTimeout(Duration headerTimeout) {
			this.headerTimeout = headerTimeout;
		}

		public void setPath(String path) {
			this.path = path;
		}

		public DataSize getMaxContentLength() {
			return this.maxContentLength;
		}

		public void setMaxContentLength(DataSize maxContentLength) {
			this.maxContentLength = maxContentLength;
		}

		public DataSize getMaxInitialLineLength() {
			return this.maxInitialLineLength;
		}

		public void setMaxInitialLineLength(DataSize maxInitialLineLength) {
			this.maxInitialLineLength = maxInitialLineLength;
		}

		public Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

		public int getMaxPipelinedRequests() {
			return this.maxPipelinedRequests;
		}

		public void setMaxPipelinedRequests(int maxPipelinedRequests) {
			this.maxPipelinedRequests = maxPipelinedRequests;
		}

		public int getBacklog() {
			return this.backlog;
		}

		public void setBacklog(int backlog) {
			this.backlog = backlog;
		}

	}

	/**
	 * Settings of the executor that runs methods not marked non-blocking.
	 */
	public static class Blocking {

		/**
		 * Kind of executor: auto (virtual threads on Java 21+, else a bounded pool),
		 * virtual or platform.
		 */
		private ExecutorKind executor = ExecutorKind.AUTO;

		/**
		 * Most platform threads of the bounded pool.
		 */
		private int maxThreads = 200;

		/**
		 * Most calls waiting for a platform thread; beyond it calls are answered with a
		 * "Server busy" error.
		 */
		private int queueCapacity = 10_000;

		public ExecutorKind getExecutor() {
			return this.executor;
		}

		public void setExecutor(ExecutorKind executor) {
			this.executor = executor;
		}

		public int getMaxThreads() {
			return this.maxThreads;
		}

		public void setMaxThreads(int maxThreads) {
			this.maxThreads = maxThreads;
		}

		public int getQueueCapacity() {
			return this.queueCapacity;
		}

		public void setQueueCapacity(int queueCapacity) {
			this.queueCapacity = queueCapacity;
		}

		/**
		 * The kinds of blocking executor.
		 */
		public enum ExecutorKind {

			/**
			 * Virtual threads where the JDK has them, else a bounded pool.
			 */
			AUTO,

			/**
			 * A virtual thread per call; needs Java 21 or later.
			 */
			VIRTUAL,

			/**
			 * A bounded pool of platform threads.
			 */
			PLATFORM

		}

	}

	/**
	 * How errors are reported to clients.
	 */
	public static class Errors {

		/**
		 * Whether an unexpected exception's type and message are sent to the client in
		 * the error's data; off by default, as they may reveal internals.
		 */
		private boolean includeDetails;

		public boolean isIncludeDetails() {
			return this.includeDetails;
		}

		public void setIncludeDetails(boolean includeDetails) {
			this.includeDetails = includeDetails;
		}

	}

	/**
	 * Raw TCP listener settings: a stream of JSON values in, one JSON value and a newline
	 * out per response.
	 */
	public static class Tcp {

		/**
		 * Port of the raw TCP listener; 0 picks a free port; unset leaves it off.
		 */
		private Integer port;

		/**
		 * Largest request or batch accepted; a larger one is answered with -32600 and the
		 * connection closed.
		 */
		private DataSize maxRequestSize = DataSize.ofMegabytes(5);

		/**
		 * Time after which an idle connection is closed; 0 keeps it open; defaults to
		 * ujrpc.http.idle-timeout.
		 */
		private Duration idleTimeout;

		public Integer getPort() {
			return this.port;
		}

		public void setPort(Integer port) {
			this.port = port;
		}

		public DataSize getMaxRequestSize() {
			return this.maxRequestSize;
		}

		public void setMaxRequestSize(DataSize maxRequestSize) {
			this.maxRequestSize = maxRequestSize;
		}

		public Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

	}

	/**
	 * WebSocket endpoint settings: one request or batch per text message, on the HTTP
	 * listener.
	 */
	public static class WebSocket {

		/**
		 * Whether JSON-RPC is served over WebSocket on the HTTP listener.
		 */
		private boolean enabled = true;

		/**
		 * Path WebSocket clients upgrade on.
		 */
		private String path = "/ws";

		/**
		 * Largest message accepted; a larger one closes the connection with status 1009.
		 */
		private DataSize maxFrameSize = DataSize.ofMegabytes(5);

		/**
		 * Browser origins allowed to connect besides the server's own, such as
		 * https://app.example.com; '*' allows any and may stand for part of an origin.
		 */
		private List<String> allowedOrigins = new ArrayList<>();

		/**
		 * Time after which an idle connection is closed with status 1001; 0 keeps it
		 * open; defaults to ujrpc.http.idle-timeout.
		 */
		private Duration idleTimeout;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

		public DataSize getMaxFrameSize() {
			return this.maxFrameSize;
		}

		public void setMaxFrameSize(DataSize maxFrameSize) {
			this.maxFrameSize = maxFrameSize;
		}

		public List<String> getAllowedOrigins() {
			return this.allowedOrigins;
		}

		public void setAllowedOrigins(List<String> allowedOrigins) {
			this.allowedOrigins = allowedOrigins;
		}

		public Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

	}

	/**
	 * REST mapping settings: every JSON-RPC method also served at {path}/{method}, and on
	 * the routes its @RestMapping declares, on the HTTP listener.
	 */
	public static class Rest {

		/**
		 * Whether JSON-RPC methods are also served as REST routes.
		 */
		private boolean enabled = true;

		/**
		 * Path prefix of the default REST routes, {path}/{method}; '/' puts them at the
		 * root, beside the JSON-RPC endpoint.
		 */
		private String path = "/rest";

		/**
		 * Largest application/octet-stream body streamed into a method's InputStream
		 * parameter; a larger one gets 413.
		 */
		private DataSize maxStreamSize = DataSize.ofGigabytes(1);

		/**
		 * Time a streamed request body may take to arrive, from its first byte, and a
		 * client may read nothing of a streamed response; 0 for no limit; a late body
		 * gets 408.
		 */
		private Duration streamTimeout = Duration.ofMinutes(10);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

		public DataSize getMaxStreamSize() {
			return this.maxStreamSize;
		}

		public void setMaxStreamSize(DataSize maxStreamSize) {
			this.maxStreamSize = maxStreamSize;
		}

		public Duration getStreamTimeout() {
			return this.streamTimeout;
		}

		public void setStreamTimeout(Duration streamTimeout) {
			this.streamTimeout = streamTimeout;
		}

	}

}
