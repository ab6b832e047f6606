package io.ujrpc.client;

import java.lang.reflect.Type;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.ujrpc.client.ClientSettings.Protocol;
import io.ujrpc.client.observation.DefaultJsonRpcClientObservationConvention;
import io.ujrpc.client.observation.JsonRpcClientContext;
import io.ujrpc.client.observation.JsonRpcClientObservationConvention;
import io.ujrpc.client.observation.JsonRpcClientObservationDocumentation;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A JSON-RPC 2.0 client for one server, over HTTP(S), WebSocket (WSS) or raw TCP (TLS),
 * chosen by the URI's scheme.
 * <p>
 * Calls are made through a typed {@link #proxy(Class) proxy} of an interface annotated as
 * the server's methods are, or directly with {@link #call}, {@link #notify} and
 * {@link #batch()}. JSON-RPC errors surface as
 * {@link io.ujrpc.protocol.JsonRpcException}, connection failures as
 * {@link JsonRpcTransportException}, timeouts as {@link JsonRpcTimeoutException}. Over
 * HTTP calls share a pool of keep-alive connections; over WebSocket and TCP they share
 * one connection, many in flight at once, matched to their responses by id; a closed
 * connection is opened again by the next call. Clients are thread-safe; {@link #close()}
 * releases the connections and threads.
 *
 * <pre class="code">
 * try (JsonRpcClient client = JsonRpcClient.builder(URI.create("http://localhost:8080/")).build()) {
 *     Calculator calculator = client.proxy(Calculator.class);
 *     int sum = calculator.sum(1, 2);
 * }
 * </pre>
 */
public final class JsonRpcClient implements AutoCloseable {

	private final Shared shared;

	private final Duration timeout;

	private JsonRpcClient(Shared shared, Duration timeout) {
		this.shared = shared;
		this.timeout = timeout;
	}

	/**
	 * Start building a client for a server.
	 * @param uri the server: {@code http://host:port/path}, {@code https://...},
	 * {@code ws://host:port/ws}, {@code wss://...}, {@code tcp://host:port} or
	 * {@code tls://host:port}
	 * @return a builder
	 */
	public static Builder builder(URI uri) {
		return new Builder(uri);
	}

	/**
	 * Return a typed proxy: each call of an interface method is a JSON-RPC call.
	 * <p>
	 * The method name is the {@link io.ujrpc.annotation.JsonRpcMethod} value, else the
	 * Java name. Parameters go by name when every one has a
	 * {@link io.ujrpc.annotation.JsonRpcParam}, else by position, a varargs array spread
	 * into its elements. A {@code CompletableFuture} or {@code CompletionStage} return
	 * type makes the call asynchronous; any other blocks until the result arrives.
	 * {@link JsonRpcNotification} methods send notifications. Default methods run as
	 * written.
	 * @param <T> the interface type
	 * @param type the interface
	 * @return the proxy
	 * @throws IllegalArgumentException when the type is not an interface or a method
	 * cannot be called over JSON-RPC, naming the method and why
	 */
	public <T> T proxy(Class<T> type) {
		return ClientProxy.create(this, type);
	}

	/**
	 * Call a method and wait for its result.
	 * @param <T> the result type
	 * @param method the method name
	 * @param params the parameters: {@code null} for none, a {@code List} or array by
	 * position, a {@code Map} or another object by name
	 * @param resultType the type to read the result as
	 * @return the result
	 * @throws io.ujrpc.protocol.JsonRpcException when the server answers with an error
	 * @throws JsonRpcTransportException when the connection fails or the call times out
	 */
	public <T> @Nullable T call(String method, @Nullable Object params, Class<T> resultType) {
		return await(callAsync(method, params, resultType));
	}

	/**
	 * Call a method whose result has a generic type and wait for its result.
	 * @param <T> the result type
	 * @param method the method name
	 * @param params the parameters, as for {@link #call(String, Object, Class)}
	 * @param resultType the type to read the result as, such as {@code new
	 * TypeReference<List<Point>>() {}}
	 * @return the result
	 */
	public <T> @Nullable T call(String method, @Nullable Object params, TypeReference<T> resultType) {
		return await(callAsync(method, params, resultType));
	}

	/**
	 * Call a method without waiting.
	 * @param <T> the result type
	 * @param method the method name
	 * @param params the parameters, as for {@link #call(String, Object, Class)}
	 * @param resultType the type to read the result as
	 * @return a future of the result, completed on one of the client's I/O threads (do
	 * not block in its callbacks; use the {@code ...Async} variants to move off it)
	 */
	public <T> CompletableFuture<T> callAsync(String method, @Nullable Object params, Class<T> resultType) {
		return submit(method, params, this.shared.type(resultType), false);
	}

	/**
	 * Call a method whose result has a generic type without waiting.
	 * @param <T> the result type
	 * @param method the method name
	 * @param params the parameters, as for {@link #call(String, Object, Class)}
	 * @param resultType the type to read the result as
	 * @return a future of the result
	 */
	public <T> CompletableFuture<T> callAsync(String method, @Nullable Object params, TypeReference<T> resultType) {
		return submit(method, params, this.shared.type(resultType.getType()), false);
	}

	/**
	 * Send a notification, a call without a response, and wait until it is written (over
	 * HTTP: until the server acknowledged it).
	 * @param method the method name
	 * @param params the parameters, as for {@link #call(String, Object, Class)}
	 */
	public void notify(String method, @Nullable Object params) {
		await(notifyAsync(method, params));
	}

	/**
	 * Send a notification without waiting.
	 * @param method the method name
	 * @param params the parameters, as for {@link #call(String, Object, Class)}
	 * @return a future completed once the notification is written (over HTTP: once the
	 * server acknowledged it)
	 */
	public CompletableFuture<Void> notifyAsync(String method, @Nullable Object params) {
		return submit(method, params, null, true);
	}

	/**
	 * Start a batch: calls and notifications collected and sent as one request.
	 * @return a new batch with this client's timeout
	 */
	public JsonRpcBatch batch() {
		return new JsonRpcBatch(this, this.timeout);
	}

	/**
	 * Return a client with another timeout for each call, sharing this client's
	 * connections; closing either closes both.
	 * @param timeout how long a call may wait for its response
	 * @return a client with that timeout
	 */
	public JsonRpcClient withTimeout(Duration timeout) {
		return new JsonRpcClient(this.shared, Checks.positive("timeout", timeout));
	}

	/**
	 * Return the server's URI.
	 * @return the URI this client was built for
	 */
	public URI uri() {
		return this.shared.settings.uri();
	}

	/**
	 * Return how long each call waits for its response.
	 * @return the timeout
	 */
	public Duration timeout() {
		return this.timeout;
	}

	/**
	 * Close the connections and stop the I/O threads; calls in flight fail with a
	 * {@link JsonRpcTransportException}. Idempotent.
	 */
	@Override
	public void close() {
		this.shared.close();
	}

	@Override
	public String toString() {
		return "JsonRpcClient[" + this.shared.settings.server() + "]";
	}

	@SuppressWarnings("unchecked")
	<T> CompletableFuture<T> submit(String method, @Nullable Object params, @Nullable JavaType resultType,
			boolean notification) {
		PendingCall call = newCall(method, params, resultType, notification);
		send(new OutgoingMessage(List.of(call), false, this.timeout));
		return (CompletableFuture<T>) call.future();
	}

	PendingCall newCall(String method, @Nullable Object params, @Nullable JavaType resultType, boolean notification) {
		if (method == null || method.isEmpty()) {
			throw new IllegalArgumentException("method: '" + method + "' (expected: a method name)");
		}
		checkParams(params);
		Long id = notification ? null : this.shared.ids.incrementAndGet();
		JsonRpcClientCodec.Request request = new JsonRpcClientCodec.Request(method, params, id);
		ObservationRegistry registry = this.shared.settings.observationRegistry();
		if (registry == null || registry.isNoop()) {
			return new PendingCall(request, resultType, null, null);
		}
		JsonRpcClientContext context = new JsonRpcClientContext(method, this.shared.settings.protocol().tag(),
				this.shared.settings.authority(), id);
		Observation observation = JsonRpcClientObservationDocumentation.CLIENT
			.observation(this.shared.settings.observationConvention(), Shared.DEFAULT_CONVENTION, () -> context,
					registry)
			.start();
		return new PendingCall(request, resultType, observation, context);
	}

	void send(OutgoingMessage message) {
		if (this.shared.closed.get()) {
			message.failAll(
					new JsonRpcTransportException("Client for " + this.shared.settings.server() + " is closed", null));
			return;
		}
		this.shared.connector.send(message);
	}

	JavaType type(Type type) {
		return this.shared.type(type);
	}

	/*
	 * Wait for a call, rethrowing its failure as it is.
	 */
	<T> T await(CompletableFuture<T> future) {
		if (!future.isDone()) {
			for (EventExecutor executor : this.shared.group) {
				if (executor.inEventLoop()) {
					future.cancel(false);
					throw new IllegalStateException("A blocking call on the client's own I/O thread would never end: "
							+ "call the asynchronous variant, or move the work off the thread with an ...Async stage");
				}
			}
		}
		try {
			// The call's own timer bounds the wait; this bound only guards against a
			// timer that cannot run because the client was closed meanwhile.
			return future.get(this.timeout.toMillis() + 10_000, TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			throw new JsonRpcClientException(String.valueOf(cause), cause);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new JsonRpcClientException(
					"Interrupted while waiting for a response from " + this.shared.settings.server(), ex);
		}
		catch (TimeoutException ex) {
			throw new JsonRpcTimeoutException(
					"No response from " + this.shared.settings.server() + " within " + this.timeout.toMillis() + " ms");
		}
	}

	private static void checkParams(@Nullable Object params) {
		if (params == null || params instanceof Collection || params instanceof Map || params.getClass().isArray()) {
			return;
		}
		if (params instanceof JsonNode node) {
			if (node.isContainer()) {
				return;
			}
		}
		else if (!(params instanceof CharSequence || params instanceof Number || params instanceof Boolean
				|| params instanceof Character || params instanceof Enum)) {
			return;
		}
		throw new IllegalArgumentException("params: " + params + " (expected: null, a List or array for parameters "
				+ "by position, or a Map or an object for parameters by name)");
	}

	/**
	 * What a client and its {@link #withTimeout(Duration) views} share.
	 */
	private static final class Shared {

		static final JsonRpcClientObservationConvention DEFAULT_CONVENTION = new DefaultJsonRpcClientObservationConvention();

		final ClientSettings settings;

		final EventLoopGroup group;

		final Connector connector;

		final AtomicLong ids = new AtomicLong();

		final AtomicBoolean closed = new AtomicBoolean();

		final ObjectMapper mapper;

		Shared(ClientSettings settings) {
			this.settings = settings;
			this.mapper = settings.codec().mapper();
			ClientTransport transport = ClientTransport.select();
			this.group = new MultiThreadIoEventLoopGroup(settings.ioThreads(), new DefaultThreadFactory("ujrpc-client"),
					transport.ioHandlerFactory());
			try {
				this.connector = switch (settings.protocol()) {
					case HTTP -> new HttpConnector(settings, this.group, transport);
					case WEBSOCKET -> new WebSocketConnector(settings, this.group, transport);
					case TCP -> new TcpConnector(settings, this.group, transport);
				};
			}
			catch (RuntimeException ex) {
				this.group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
				throw ex;
			}
		}

		JavaType type(Type type) {
			return this.mapper.getTypeFactory().constructType(type);
		}

		void close() {
			if (!this.closed.compareAndSet(false, true)) {
				return;
			}
			try {
				this.connector.close().get(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (ExecutionException | TimeoutException ex) {
				// Closing is best effort: the threads stop below either way.
			}
			this.group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
		}

	}

	/**
	 * Collects a client's settings; {@link #build()} checks them and makes the client.
	 */
	public static final class Builder {

		private final URI uri;

		private @Nullable ObjectMapper mapper;

		private @Nullable JsonRpcClientCodec codec;

		private Duration timeout = Duration.ofSeconds(30);

		private Duration connectTimeout = Duration.ofSeconds(10);

		private int maxConnections = 16;

		private int maxResponseSize = 5 * 1024 * 1024;

		private int ioThreads = 1;

		private @Nullable SslContext sslContext;

		private final Map<String, String> headers = new LinkedHashMap<>();

		private Duration pingInterval = Duration.ofSeconds(30);

		private @Nullable ObservationRegistry observationRegistry;

		private @Nullable JsonRpcClientObservationConvention observationConvention;

		private Builder(URI uri) {
			if (uri == null) {
				throw new IllegalArgumentException("uri: null (expected: a URI such as http://localhost:8080/)");
			}
			this.uri = uri;
		}

		/**
		 * Set the mapper that writes parameters and reads results (default: a plain
		 * {@link JsonMapper}); the JSON codec uses it.
		 * @param mapper the mapper
		 * @return this builder
		 */
		public Builder mapper(ObjectMapper mapper) {
			this.mapper = Checks.notNull("mapper", mapper);
			return this;
		}

		/**
		 * Set the codec, which decides the encoding (default: JSON with
		 * {@link #mapper(ObjectMapper) the mapper}).
		 * @param codec the codec
		 * @return this builder
		 */
		public Builder codec(JsonRpcClientCodec codec) {
			this.codec = Checks.notNull("codec", codec);
			return this;
		}

		/**
		 * Set how long a call (or a batch) waits for its response (default 30s);
		 * {@link JsonRpcClient#withTimeout(Duration)} changes it for some calls.
		 * @param timeout the timeout
		 * @return this builder
		 */
		public Builder timeout(Duration timeout) {
			this.timeout = Checks.positive("timeout", timeout);
			return this;
		}

		/**
		 * Set how long opening a connection may take, TLS and WebSocket handshakes
		 * included (default 10s).
		 * @param timeout the timeout
		 * @return this builder
		 */
		public Builder connectTimeout(Duration timeout) {
			this.connectTimeout = Checks.positive("connectTimeout", timeout);
			return this;
		}

		/**
		 * Set how many HTTP connections may be open at once (default 16); calls beyond
		 * wait for a free one. WebSocket and TCP use one connection.
		 * @param maxConnections the limit
		 * @return this builder
		 */
		public Builder maxConnections(int maxConnections) {
			this.maxConnections = Checks.positive("maxConnections", maxConnections);
			return this;
		}

		/**
		 * Set the largest response accepted, in bytes (default 5MB); a larger one fails
		 * the call and closes the connection.
		 * @param bytes the limit
		 * @return this builder
		 */
		public Builder maxResponseSize(int bytes) {
			this.maxResponseSize = Checks.positive("maxResponseSize", bytes);
			return this;
		}

		/**
		 * Set the number of I/O threads (default 1).
		 * @param ioThreads the number of threads
		 * @return this builder
		 */
		public Builder ioThreads(int ioThreads) {
			this.ioThreads = Checks.positive("ioThreads", ioThreads);
			return this;
		}

		/**
		 * Set the TLS context for {@code https}, {@code wss} and {@code tls} URIs
		 * (default: the JDK's trusted certificates, with host name verification).
		 * @param sslContext a client context
		 * @return this builder
		 */
		public Builder sslContext(SslContext sslContext) {
			if (sslContext == null || !sslContext.isClient()) {
				throw new IllegalArgumentException("sslContext: " + ((sslContext != null) ? "a server context" : "null")
						+ " (expected: a client context)");
			}
			this.sslContext = sslContext;
			return this;
		}

		/**
		 * Add a header sent with every HTTP request and the WebSocket handshake, such as
		 * {@code Authorization}.
		 * @param name the header name
		 * @param value the value
		 * @return this builder
		 */
		public Builder header(String name, String value) {
			this.headers.put(Checks.notNull("name", name), Checks.notNull("value", value));
			return this;
		}

		/**
		 * Set how long a WebSocket connection may stay silent before the client pings, so
		 * that the server's idle timeout does not close it (default 30s; zero turns pings
		 * off).
		 * @param interval the interval
		 * @return this builder
		 */
		public Builder webSocketPingInterval(Duration interval) {
			if (interval == null || interval.isNegative()) {
				throw new IllegalArgumentException("webSocketPingInterval: " + interval + " (expected: >= 0)");
			}
			this.pingInterval = interval;
			return this;
		}

		/**
		 * Set the registry that observes each call as {@code jsonrpc.client.requests}.
		 * @param registry the registry
		 * @return this builder
		 */
		public Builder observationRegistry(ObservationRegistry registry) {
			this.observationRegistry = Checks.notNull("observationRegistry", registry);
			return this;
		}

		/**
		 * Set the convention of the observations, replacing
		 * {@link DefaultJsonRpcClientObservationConvention}.
		 * @param convention the convention
		 * @return this builder
		 */
		public Builder observationConvention(JsonRpcClientObservationConvention convention) {
			this.observationConvention = Checks.notNull("observationConvention", convention);
			return this;
		}

		/**
		 * Check the settings and make the client; connections open on the first call.
		 * @return the client
		 * @throws IllegalArgumentException when the URI's scheme is not one of
		 * {@code http}, {@code https}, {@code ws}, {@code wss}, {@code tcp} and
		 * {@code tls}, or it has no host, or a TCP URI has no port
		 */
		public JsonRpcClient build() {
			String scheme = (this.uri.getScheme() != null) ? this.uri.getScheme().toLowerCase(Locale.ROOT) : "";
			Protocol protocol;
			boolean secure;
			switch (scheme) {
				case "http", "https" -> protocol = Protocol.HTTP;
				case "ws", "wss" -> protocol = Protocol.WEBSOCKET;
				case "tcp", "tls" -> protocol = Protocol.TCP;
				default -> throw new IllegalArgumentException(
						"uri: '" + this.uri + "' (expected: a scheme of http, https, ws, wss, tcp or tls)");
			}
			secure = scheme.equals("https") || scheme.equals("wss") || scheme.equals("tls");
			String host = this.uri.getHost();
			if (host == null || host.isEmpty()) {
				throw new IllegalArgumentException("uri: '" + this.uri + "' (expected: a host, such as " + scheme
						+ "://localhost:8080" + ((protocol == Protocol.TCP) ? "" : "/") + ")");
			}
			if (host.startsWith("[") && host.endsWith("]")) {
				host = host.substring(1, host.length() - 1);
			}
			int port = this.uri.getPort();
			if (port < 0) {
				if (protocol == Protocol.TCP) {
					throw new IllegalArgumentException(
							"uri: '" + this.uri + "' (expected: a port, such as " + scheme + "://" + host + ":9090)");
				}
				port = secure ? 443 : 80;
			}
			String path = (this.uri.getRawPath() == null || this.uri.getRawPath().isEmpty()) ? "/"
					: this.uri.getRawPath();
			if (this.uri.getRawQuery() != null) {
				path = path + "?" + this.uri.getRawQuery();
			}
			if (protocol == Protocol.TCP) {
				path = "";
			}
			JsonRpcClientCodec codec = (this.codec != null) ? this.codec
					: JsonRpcClientCodec.json((this.mapper != null) ? this.mapper : JsonMapper.builder().build());
			if (protocol == Protocol.TCP && codec.binary()) {
				throw new IllegalArgumentException("codec: " + codec.contentType()
						+ " (expected: a text codec over raw TCP, whose framing is by JSON values)");
			}
			SslContext sslContext = this.sslContext;
			if (secure && sslContext == null) {
				try {
					sslContext = SslContextBuilder.forClient().endpointIdentificationAlgorithm("HTTPS").build();
				}
				catch (javax.net.ssl.SSLException ex) {
					throw new IllegalStateException(
							"Cannot set up TLS with the JDK's trusted certificates: " + ex.getMessage(), ex);
				}
			}
			ClientSettings settings = new ClientSettings(this.uri, protocol, secure, host, port, path, codec,
					this.timeout, this.connectTimeout, this.maxConnections, this.maxResponseSize, this.ioThreads,
					secure ? sslContext : null, Map.copyOf(this.headers), this.pingInterval, this.observationRegistry,
					this.observationConvention);
			return new JsonRpcClient(new Shared(settings), this.timeout);
		}

	}

	/**
	 * Argument checks with messages that say what was expected.
	 */
	static final class Checks {

		private Checks() {
		}

		static <T> T notNull(String name, @Nullable T value) {
			if (value == null) {
				throw new IllegalArgumentException(name + ": null (expected: a value)");
			}
			return value;
		}

		static int positive(String name, int value) {
			if (value <= 0) {
				throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
			}
			return value;
		}

		static Duration positive(String name, @Nullable Duration value) {
			if (value == null || value.isNegative() || value.isZero()) {
				throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
			}
			return value;
		}

	}

}
