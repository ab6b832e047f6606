package io.ujrpc.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.ujrpc.server.config.CorsSettings;
import io.ujrpc.server.transport.TransportType;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.CollectionUtils;
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

	/**
	 * Most memory held at once, over all connections, for requests not yet received whole
	 * and responses not yet sent; past it new requests get 503 (HTTP) or -32000 "Server
	 * busy" (TCP, WebSocket). Default: half of Netty's direct memory limit, at most 1GB.
	 */
	private @Nullable DataSize maxBufferedMemory;

	private final Http http = new Http();

	private final Blocking blocking = new Blocking();

	private final Errors errors = new Errors();

	private final Tcp tcp = new Tcp();

	private final WebSocket websocket = new WebSocket();

	private final Json json = new Json();

	private final Server server = new Server();

	private final Cors cors = new Cors();

	private final Methods methods = new Methods();

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

	public @Nullable DataSize getMaxBufferedMemory() {
		return this.maxBufferedMemory;
	}

	public void setMaxBufferedMemory(@Nullable DataSize maxBufferedMemory) {
		this.maxBufferedMemory = maxBufferedMemory;
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

	public Server getServer() {
		return this.server;
	}

	public Cors getCors() {
		return this.cors;
	}

	/**
	 * Whether the application serves at all.
	 */
	public static class Server {

		/**
		 * Whether the JSON-RPC server is started; false for an application that only
		 * calls other JSON-RPC servers with ujrpc-client.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Cross-origin resource sharing (CORS) of every path of the HTTP listener (JSON-RPC,
	 * routes, the OpenRPC document), named like Spring Boot's
	 * management.endpoints.web.cors.*; off unless allowed-origins or
	 * allowed-origin-patterns is set.
	 */
	public static class Cors {

		/**
		 * Origins allowed to make cross-origin requests, such as https://app.example.com;
		 * '*' allows any origin but not with credentials.
		 */
		private List<String> allowedOrigins = new ArrayList<>();

		/**
		 * Origin patterns allowed to make cross-origin requests, such as
		 * https://*.example.com or http://localhost:[*]; the origin is echoed back, so
		 * they work with credentials.
		 */
		private List<String> allowedOriginPatterns = new ArrayList<>();

		/**
		 * Methods allowed in cross-origin requests; '*' allows all; when not set, GET,
		 * HEAD and POST.
		 */
		private List<String> allowedMethods = new ArrayList<>();

		/**
		 * Headers allowed in cross-origin requests; '*' allows all, as does leaving it
		 * unset.
		 */
		private List<String> allowedHeaders = new ArrayList<>();

		/**
		 * Response headers a browser lets the page read besides the safelisted ones.
		 */
		private List<String> exposedHeaders = new ArrayList<>();

		/**
		 * Whether credentials (cookies, authorization headers) are allowed in
		 * cross-origin requests; when not set, they are not.
		 */
		private Boolean allowCredentials;

		/**
		 * How long browsers may cache a preflight's answer; a number without unit is
		 * seconds.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration maxAge = Duration.ofSeconds(1800);

		public List<String> getAllowedOrigins() {
			return this.allowedOrigins;
		}

		public void setAllowedOrigins(List<String> allowedOrigins) {
			this.allowedOrigins = allowedOrigins;
		}

		public List<String> getAllowedOriginPatterns() {
			return this.allowedOriginPatterns;
		}

		public void setAllowedOriginPatterns(List<String> allowedOriginPatterns) {
			this.allowedOriginPatterns = allowedOriginPatterns;
		}

		public List<String> getAllowedMethods() {
			return this.allowedMethods;
		}

		public void setAllowedMethods(List<String> allowedMethods) {
			this.allowedMethods = allowedMethods;
		}

		public List<String> getAllowedHeaders() {
			return this.allowedHeaders;
		}

		public void setAllowedHeaders(List<String> allowedHeaders) {
			this.allowedHeaders = allowedHeaders;
		}

		public List<String> getExposedHeaders() {
			return this.exposedHeaders;
		}

		public void setExposedHeaders(List<String> exposedHeaders) {
			this.exposedHeaders = exposedHeaders;
		}

		public Boolean getAllowCredentials() {
			return this.allowCredentials;
		}

		public void setAllowCredentials(Boolean allowCredentials) {
			this.allowCredentials = allowCredentials;
		}

		public Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(Duration maxAge) {
			this.maxAge = maxAge;
		}

		/**
		 * Return the server's CORS settings, as Spring Boot's
		 * {@code CorsEndpointProperties#toCorsConfiguration()} does for the actuator.
		 * @return the settings, or {@code null} when no origin is allowed (CORS off)
		 */
		public @Nullable CorsSettings toCorsSettings() {
			if (CollectionUtils.isEmpty(this.allowedOrigins) && CollectionUtils.isEmpty(this.allowedOriginPatterns)) {
				return null;
			}
			return new CorsSettings(this.allowedOrigins, this.allowedOriginPatterns, this.allowedMethods,
					this.allowedHeaders, this.exposedHeaders, Boolean.TRUE.equals(this.allowCredentials), this.maxAge);
		}

	}

	public Methods getMethods() {
		return this.methods;
	}

	/**
	 * Which methods are served, and how long they may take.
	 */
	public static class Methods {

		/**
		 * Patterns of the method names to serve ("*" for any characters, dots included;
		 * "?" for one); empty to serve every method. Others answer -32601 and are absent
		 * from the OpenRPC document.
		 */
		private List<String> include = new ArrayList<>();

		/**
		 * Patterns of the method names not to serve, even when included.
		 */
		private List<String> exclude = new ArrayList<>();

		/**
		 * Timeout of the methods without one of their own, after which the caller gets
		 * -32008 and the method is interrupted; unset for none.
		 */
		private @Nullable Duration timeout;

		/**
		 * Timeouts by method name pattern (such as "[admin.*]"), winning over
		 * {@code @JsonRpcMethod(timeout)}.
		 */
		private Map<String, Duration> timeouts = new LinkedHashMap<>();

		public List<String> getInclude() {
			return this.include;
		}

		public void setInclude(List<String> include) {
			this.include = include;
		}

		public List<String> getExclude() {
			return this.exclude;
		}

		public void setExclude(List<String> exclude) {
			this.exclude = exclude;
		}

		public @Nullable Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(@Nullable Duration timeout) {
			this.timeout = timeout;
		}

		public Map<String, Duration> getTimeouts() {
			return this.timeouts;
		}

		public void setTimeouts(Map<String, Duration> timeouts) {
			this.timeouts = timeouts;
		}

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

		/**
		 * Most blocking calls running or waiting at once, whichever executor runs them
		 * (virtual threads included); calls beyond it are answered at once with a "Server
		 * busy" error.
		 */
		private int maxConcurrentCalls = 10_000;

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

		public int getMaxConcurrentCalls() {
			return this.maxConcurrentCalls;
		}

		public void setMaxConcurrentCalls(int maxConcurrentCalls) {
			this.maxConcurrentCalls = maxConcurrentCalls;
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
