package io.ujrpc.server;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.micrometer.observation.ObservationRegistry;
import io.ujrpc.dispatch.JsonRpcDispatcher;
import io.ujrpc.dispatch.MethodRegistry;
import io.ujrpc.observation.JsonRpcServerObservationConvention;
import io.ujrpc.protocol.JsonRpcCodec;
import io.ujrpc.server.http.HttpRoutes;
import io.ujrpc.server.http.HttpServerInitializer;
import io.ujrpc.server.http.HttpSettings;
import io.ujrpc.server.tcp.TcpServerInitializer;
import io.ujrpc.server.tcp.TcpSettings;
import io.ujrpc.server.tls.ServerSslContexts;
import io.ujrpc.server.transport.DrainableConnection;
import io.ujrpc.server.transport.Transport;
import io.ujrpc.server.transport.TransportSelector;
import io.ujrpc.server.transport.TransportType;
import io.ujrpc.server.websocket.WebSocketSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A JSON-RPC 2.0 server on Netty, on io_uring where the kernel has it: over HTTP/1.1, and
 * optionally WebSocket on the HTTP listener and raw TCP on a listener of its own, all
 * sharing one event loop group, one dispatcher, and optionally one TLS configuration.
 * <p>
 * Build one with {@link #builder(MethodRegistry)}, {@link #start()} it, and
 * {@link #stop()} it; {@link #shutDownGracefully(Duration)} first lets in-flight calls
 * finish. A server starts once.
 *
 * <pre class="code">
 * MethodRegistry registry = MethodRegistry.builder(mapper).addAnnotated(new Calculator()).build();
 * JsonRpcServer server = JsonRpcServer.builder(registry).port(8080).build().start();
 * </pre>
 */
public final class JsonRpcServer {

	private static final Logger logger = LoggerFactory.getLogger(JsonRpcServer.class);

	private final Builder settings;

	private final JsonRpcCodec codec;

	private final JsonRpcDispatcher dispatcher;

	private final ExecutorService ownedExecutor;

	private final ChannelGroup connections = new DefaultChannelGroup("ujrpc-connections", GlobalEventExecutor.INSTANCE);

	private final List<Channel> serverChannels = new ArrayList<>();

	private Channel tcpChannel;

	private Transport transport;

	private EventLoopGroup group;

	private volatile State state = State.NEW;

	private JsonRpcServer(Builder builder) {
		this.settings = builder.copy();
		Executor executor = builder.blockingExecutor;
		if (executor == null) {
			this.ownedExecutor = BlockingExecutors.virtualThreadsAvailable() ? BlockingExecutors.virtualThreads()
					: BlockingExecutors.boundedPool(builder.blockingMaxThreads, builder.blockingQueueCapacity);
			executor = this.ownedExecutor;
		}
		else {
			this.ownedExecutor = null;
		}
		this.codec = new JsonRpcCodec(builder.mapper, builder.maxBatchSize);
		this.dispatcher = new JsonRpcDispatcher(builder.registry, this.codec, executor, builder.includeExceptionDetails,
				builder.observationRegistry, builder.observationConvention, builder.metricsListener);
	}

	/**
	 * Start building a server for the given methods.
	 * @param registry the methods to serve
	 * @return a builder
	 */
	public static Builder builder(MethodRegistry registry) {
		return new Builder(registry);
	}

	/**
	 * Bind the listeners and start serving.
	 * @return this server
	 * @throws ServerStartException when a port cannot be bound or TLS cannot be set up
	 * @throws io.ujrpc.server.transport.TransportUnavailableException when the configured
	 * transport is not available
	 */
	public synchronized JsonRpcServer start() {
		if (this.state != State.NEW) {
			throw new IllegalStateException("A server starts once; this one is " + this.state);
		}
		this.transport = TransportSelector.select(this.settings.transport);
		int threads = (this.settings.ioThreads > 0) ? this.settings.ioThreads
				: Runtime.getRuntime().availableProcessors();
		this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("ujrpc-io"),
				this.transport.ioHandlerFactory());
		String tls = null;
		try {
			if (this.settings.sslContext != null) {
				tls = ServerSslContexts.describe(sslContext());
			}
			HttpSettings http = new HttpSettings(this.settings.jsonRpcPath, this.settings.maxContentLength,
					this.settings.maxInitialLineLength, this.settings.maxHeaderSize, this.settings.idleTimeout,
					this.settings.maxPipelinedRequests);
			WebSocketSettings webSocket = (this.settings.webSocketPath != null)
					? new WebSocketSettings(this.settings.webSocketPath, this.settings.maxFrameSize,
							this.settings.allowedOrigins, (this.settings.webSocketIdleTimeout != null)
									? this.settings.webSocketIdleTimeout : this.settings.idleTimeout,
							this.settings.maxPipelinedRequests)
					: null;
			bind("http", this.settings.port,
					new HttpServerInitializer(http, webSocket, this.dispatcher, HttpRoutes.of(this.settings.routes)));
			if (this.settings.tcpPort >= 0) {
				TcpSettings tcp = new TcpSettings(
						this.settings.tcpMaxRequestSize, (this.settings.tcpIdleTimeout != null)
								? this.settings.tcpIdleTimeout : this.settings.idleTimeout,
						this.settings.maxPipelinedRequests);
				this.tcpChannel = bind("tcp", this.settings.tcpPort,
						new TcpServerInitializer(tcp, this.dispatcher, this.codec));
			}
		}
		catch (RuntimeException ex) {
			closeChannels();
			this.group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
			shutDownExecutor();
			this.state = State.STOPPED;
			throw ex;
		}
		this.state = State.RUNNING;
		String scheme = (tls != null) ? "https" : "http";
		StringBuilder listeners = new StringBuilder().append(port()).append(" (").append(scheme);
		if (this.settings.jsonRpcPath != null) {
			listeners.append(" '").append(this.settings.jsonRpcPath).append("'");
		}
		if (this.settings.webSocketPath != null) {
			listeners.append(", ")
				.append((tls != null) ? "wss" : "ws")
				.append(" '")
				.append(this.settings.webSocketPath)
				.append("'");
		}
		listeners.append(")");
		if (this.tcpChannel != null) {
			listeners.append(" and ")
				.append(tcpPort())
				.append(" (")
				.append((tls != null) ? "tcp+tls" : "tcp")
				.append(")");
		}
		logger.info("ujrpc started on port{} {} over {}{} with {} JSON-RPC methods",
				(this.tcpChannel != null) ? "s" : "", listeners, this.transport.type().displayName(),
				(tls != null) ? ", TLS by " + tls : "", this.dispatcher.registry().size());
		return this;
	}

	private SslContext sslContext() {
		SslContext context;
		try {
			context = this.settings.sslContext.get();
		}
		catch (RuntimeException ex) {
			throw new ServerStartException("ujrpc cannot set up TLS: " + ex.getMessage(), this.settings.port, ex);
		}
		if (context == null || context.isClient()) {
			throw new ServerStartException(
					"ujrpc cannot set up TLS: the SslContext supplier returned "
							+ ((context == null) ? "null" : "a client context") + " (expected: a server context)",
					this.settings.port, null);
		}
		return context;
	}

	private Channel bind(String protocol, int port, ChannelInitializer<Channel> initializer) {
		Supplier<SslContext> sslContext = this.settings.sslContext;
		ServerMetricsListener listener = this.settings.metricsListener;
		ServerMetricsHandler metricsHandler = (listener != ServerMetricsListener.NONE)
				? new ServerMetricsHandler(protocol, listener) : null;
		ServerBootstrap bootstrap = new ServerBootstrap().group(this.group)
			.channel(this.transport.serverChannelClass())
			.option(ChannelOption.SO_BACKLOG, this.settings.backlog)
			.option(ChannelOption.SO_REUSEADDR, true)
			.childOption(ChannelOption.TCP_NODELAY, true)
			.childHandler(new ChannelInitializer<>() {
				@Override
				protected void initChannel(Channel channel) {
					JsonRpcServer.this.connections.add(channel);
					if (metricsHandler != null) {
						// First, so that it counts the bytes on the wire, TLS records
						// included.
						channel.pipeline().addLast("metrics", metricsHandler);
					}
					if (sslContext != null) {
						// Asked per connection, so that a reloaded certificate applies to
						// the next connection.
						channel.pipeline().addLast("tls", sslContext.get().newHandler(channel.alloc()));
					}
					channel.pipeline().addLast(initializer);
				}
			});
		InetSocketAddress address = (this.settings.host != null) ? new InetSocketAddress(this.settings.host, port)
				: new InetSocketAddress(port);
		ChannelFuture future = bootstrap.bind(address).awaitUninterruptibly();
		if (!future.isSuccess()) {
			Throwable cause = future.cause();
			String reason = (cause instanceof BindException
					|| String.valueOf(cause.getMessage()).contains("Address already in use"))
							? "Port " + port + " is already in use"
							: "Cannot listen on " + address + ": " + cause.getMessage();
			throw new ServerStartException("ujrpc " + protocol + " listener failed to start. " + reason, port, cause);
		}
		this.serverChannels.add(future.channel());
		InetSocketAddress bound = (InetSocketAddress) future.channel().localAddress();
		listener.listenerStarted(protocol, this.transport.type(), bound);
		future.channel()
			.closeFuture()
			.addListener((closed) -> listener.listenerStopped(protocol, this.transport.type(), bound));
		return future.channel();
	}

	/**
	 * Return the port the HTTP listener is bound to.
	 * @return the port, or -1 before the server has started
	 */
	public int port() {
		if (this.serverChannels.isEmpty()) {
			return -1;
		}
		return ((InetSocketAddress) this.serverChannels.get(0).localAddress()).getPort();
	}

	/**
	 * Return the port the raw TCP listener is bound to.
	 * @return the port, or -1 before the server has started or when it has no TCP
	 * listener
	 */
	public int tcpPort() {
		if (this.tcpChannel == null) {
			return -1;
		}
		return ((InetSocketAddress) this.tcpChannel.localAddress()).getPort();
	}

	/**
	 * Whether the listeners speak TLS.
	 * @return {@code true} when an SSL context is configured
	 */
	public boolean isSecure() {
		return this.settings.sslContext != null;
	}

	/**
	 * Return the transport in use.
	 * @return the transport type, or {@code null} before the server has started
	 */
	public TransportType transport() {
		return (this.transport != null) ? this.transport.type() : null;
	}

	/**
	 * Return the dispatcher that answers JSON-RPC payloads on every listener.
	 * @return the dispatcher
	 */
	public JsonRpcDispatcher dispatcher() {
		return this.dispatcher;
	}

	/**
	 * Return how many connections are open.
	 * @return the count
	 */
	public int connectionCount() {
		return this.connections.size();
	}

	/**
	 * Whether the server is running (started and not yet stopped or draining).
	 * @return {@code true} while serving
	 */
	public boolean isRunning() {
		return this.state == State.RUNNING;
	}

	Iterable<Channel> openConnections() {
		return this.connections;
	}

	Channel serverChannel() {
		return this.serverChannels.get(0);
	}

	/**
	 * Stop accepting connections, let every open connection answer what it has in flight
	 * (the last response carries {@code Connection: close}), and close it.
	 * @param timeout how long to wait for connections to finish
	 * @return a future that completes with {@code true} when every connection closed in
	 * time and {@code false} when some were still busy at the timeout
	 */
	public CompletableFuture<Boolean> shutDownGracefully(Duration timeout) {
		CompletableFuture<Boolean> result = new CompletableFuture<>();
		synchronized (this) {
			if (this.state != State.RUNNING) {
				result.complete(true);
				return result;
			}
			this.state = State.DRAINING;
		}
		logger.info("ujrpc commencing graceful shutdown; waiting for active requests to complete");
		closeChannels();
		List<Channel> open = new ArrayList<>(this.connections);
		if (open.isEmpty()) {
			result.complete(true);
			return result;
		}
		AtomicInteger remaining = new AtomicInteger(open.size());
		for (Channel channel : open) {
			channel.closeFuture().addListener((f) -> {
				if (remaining.decrementAndGet() == 0) {
					result.complete(true);
				}
			});
			channel.eventLoop().execute(() -> {
				DrainableConnection connection = channel.attr(DrainableConnection.KEY).get();
				if (connection != null) {
					connection.drain();
				}
				else {
					channel.close();
				}
			});
		}
		GlobalEventExecutor.INSTANCE.schedule(() -> result.complete(false), timeout.toMillis(), TimeUnit.MILLISECONDS);
		return result.whenComplete((idle, ex) -> logger.info(Boolean.TRUE.equals(idle)
				? "ujrpc graceful shutdown complete" : "ujrpc graceful shutdown aborted with requests still active"));
	}

	/**
	 * Close every listener and connection at once and release the I/O threads. Calls
	 * still running on the blocking executor are interrupted when the server owns it.
	 */
	public void stop() {
		synchronized (this) {
			if (this.state == State.NEW || this.state == State.STOPPED) {
				this.state = State.STOPPED;
				return;
			}
			this.state = State.STOPPED;
		}
		closeChannels();
		this.connections.close().awaitUninterruptibly();
		this.group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
		shutDownExecutor();
		logger.info("ujrpc stopped");
	}

	private void closeChannels() {
		for (Channel channel : this.serverChannels) {
			channel.close().awaitUninterruptibly();
		}
	}

	private void shutDownExecutor() {
		if (this.ownedExecutor != null) {
			this.ownedExecutor.shutdownNow();
		}
	}

	private enum State {

		NEW, RUNNING, DRAINING, STOPPED

	}

	/**
	 * Builds a {@link JsonRpcServer}. Every setting has a production default.
	 */
	public static final class Builder {

		private final MethodRegistry registry;

		private ObjectMapper mapper = JsonMapper.builder().build();

		private String host;

		private int port = 8080;

		private TransportType transport = TransportType.AUTO;

		private int ioThreads;

		private int backlog = 1024;

		private String jsonRpcPath = "/";

		private int maxContentLength = 5 * 1024 * 1024;

		private int maxInitialLineLength = 4096;

		private int maxHeaderSize = 8192;

		private Duration idleTimeout = Duration.ofSeconds(60);

		private int maxPipelinedRequests = 1024;

		private int maxBatchSize = 1000;

		private Executor blockingExecutor;

		private int blockingMaxThreads = 200;

		private int blockingQueueCapacity = 10_000;

		private boolean includeExceptionDetails;

		private Map<String, HttpRoute> routes = new LinkedHashMap<>();

		private int tcpPort = -1;

		private int tcpMaxRequestSize = 5 * 1024 * 1024;

		private Duration tcpIdleTimeout;

		private String webSocketPath;

		private int maxFrameSize = 5 * 1024 * 1024;

		private List<String> allowedOrigins = List.of();

		private Duration webSocketIdleTimeout;

		private Supplier<SslContext> sslContext;

		private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

		private JsonRpcServerObservationConvention observationConvention;

		private ServerMetricsListener metricsListener = ServerMetricsListener.NONE;

		private Builder(MethodRegistry registry) {
			if (registry == null) {
				throw new IllegalArgumentException("registry: null (expected: a MethodRegistry)");
			}
			this.registry = registry;
		}

		private Builder copy() {
			Builder copy = new Builder(this.registry);
			copy.mapper = this.mapper;
			copy.host = this.host;
			copy.port = this.port;
			copy.transport = this.transport;
			copy.ioThreads = this.ioThreads;
			copy.backlog = this.backlog;
			copy.jsonRpcPath = this.jsonRpcPath;
			copy.maxContentLength = this.maxContentLength;
			copy.maxInitialLineLength = this.maxInitialLineLength;
			copy.maxHeaderSize = this.maxHeaderSize;
			copy.idleTimeout = this.idleTimeout;
			copy.maxPipelinedRequests = this.maxPipelinedRequests;
			copy.maxBatchSize = this.maxBatchSize;
			copy.blockingExecutor = this.blockingExecutor;
			copy.blockingMaxThreads = this.blockingMaxThreads;
			copy.blockingQueueCapacity = this.blockingQueueCapacity;
			copy.includeExceptionDetails = this.includeExceptionDetails;
			copy.routes = new LinkedHashMap<>(this.routes);
			copy.tcpPort = this.tcpPort;
			copy.tcpMaxRequestSize = this.tcpMaxRequestSize;
			copy.tcpIdleTimeout = this.tcpIdleTimeout;
			copy.webSocketPath = this.webSocketPath;
			copy.maxFrameSize = this.maxFrameSize;
			copy.allowedOrigins = this.allowedOrigins;
			copy.webSocketIdleTimeout = this.webSocketIdleTimeout;
			copy.sslContext = this.sslContext;
			copy.observationRegistry = this.observationRegistry;
			copy.observationConvention = this.observationConvention;
			copy.metricsListener = this.metricsListener;
			return copy;
		}

		/**
		 * Set the mapper that reads params and writes results (default: a plain
		 * {@link JsonMapper}).
		 * @param mapper the mapper
		 * @return this builder
		 */
		public Builder objectMapper(ObjectMapper mapper) {
			this.mapper = requireNonNull("mapper", mapper);
			return this;
		}

		/**
		 * Set the address to listen on (default: all interfaces).
		 * @param host a host name or address, or {@code null} for all interfaces
		 * @return this builder
		 */
		public Builder host(String host) {
			this.host = host;
			return this;
		}

		/**
		 * Set the HTTP port (default 8080; 0 picks a free port).
		 * @param port the port
		 * @return this builder
		 */
		public Builder port(int port) {
			if (port < 0 || port > 65535) {
				throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
			}
			this.port = port;
			return this;
		}

		/**
		 * Set the I/O transport (default {@link TransportType#AUTO}).
		 * @param transport the transport
		 * @return this builder
		 */
		public Builder transport(TransportType transport) {
			this.transport = requireNonNull("transport", transport);
			return this;
		}

		/**
		 * Set the number of I/O threads (default 0: one per available processor).
		 * @param ioThreads the count, or 0
		 * @return this builder
		 */
		public Builder ioThreads(int ioThreads) {
			if (ioThreads < 0) {
				throw new IllegalArgumentException("ioThreads: " + ioThreads + " (expected: >= 0)");
			}
			this.ioThreads = ioThreads;
			return this;
		}

		/**
		 * Set the listen backlog (default 1024).
		 * @param backlog the backlog
		 * @return this builder
		 */
		public Builder backlog(int backlog) {
			this.backlog = requirePositive("backlog", backlog);
			return this;
		}

		/**
		 * Set the path JSON-RPC is POSTed to (default {@code /}); {@code null} serves
		 * routes only.
		 * @param path the path
		 * @return this builder
		 */
		public Builder jsonRpcPath(String path) {
			if (path != null && !path.startsWith("/")) {
				throw new IllegalArgumentException("jsonRpcPath: '" + path + "' (expected: a path starting with '/')");
			}
			this.jsonRpcPath = path;
			return this;
		}

		/**
		 * Set the largest request body in bytes (default 5 MiB); larger ones get 413.
		 * @param bytes the limit
		 * @return this builder
		 */
		public Builder maxContentLength(int bytes) {
			this.maxContentLength = requirePositive("maxContentLength", bytes);
			return this;
		}

		/**
		 * Set the longest request line in bytes (default 4096); longer ones get 414.
		 * @param bytes the limit
		 * @return this builder
		 */
		public Builder maxInitialLineLength(int bytes) {
			this.maxInitialLineLength = requirePositive("maxInitialLineLength", bytes);
			return this;
		}

		/**
		 * Set the largest header block in bytes (default 8192); larger ones get 431.
		 * @param bytes the limit
		 * @return this builder
		 */
		public Builder maxHeaderSize(int bytes) {
			this.maxHeaderSize = requirePositive("maxHeaderSize", bytes);
			return this;
		}

		/**
		 * Set how long an idle connection stays open (default 60 s; zero for ever).
		 * @param timeout the timeout
		 * @return this builder
		 */
		public Builder idleTimeout(Duration timeout) {
			if (timeout == null || timeout.isNegative()) {
				throw new IllegalArgumentException("idleTimeout: " + timeout + " (expected: >= 0)");
			}
			this.idleTimeout = timeout;
			return this;
		}

		/**
		 * Set how many requests one connection may have in flight before the server stops
		 * reading from it (default 1024).
		 * @param count the limit
		 * @return this builder
		 */
		public Builder maxPipelinedRequests(int count) {
			this.maxPipelinedRequests = requirePositive("maxPipelinedRequests", count);
			return this;
		}

		/**
		 * Set the largest batch (default 1000); larger ones get one -32600 error.
		 * @param size the limit
		 * @return this builder
		 */
		public Builder maxBatchSize(int size) {
			this.maxBatchSize = requirePositive("maxBatchSize", size);
			return this;
		}

		/**
		 * Set the executor for blocking methods. The server does not shut it down. By
		 * default the server creates one: virtual threads on Java 21+, else a bounded
		 * pool.
		 * @param executor the executor
		 * @return this builder
		 */
		public Builder blockingExecutor(Executor executor) {
			this.blockingExecutor = executor;
			return this;
		}

		/**
		 * Size the default blocking pool used where virtual threads are not available.
		 * @param maxThreads the most threads (default 200)
		 * @param queueCapacity the most waiting calls (default 10000)
		 * @return this builder
		 */
		public Builder blockingPool(int maxThreads, int queueCapacity) {
			this.blockingMaxThreads = requirePositive("maxThreads", maxThreads);
			this.blockingQueueCapacity = requirePositive("queueCapacity", queueCapacity);
			return this;
		}

		/**
		 * Set whether an unexpected exception's type and message are sent to the client
		 * in the error's data (default {@code false}).
		 * @param include whether to include them
		 * @return this builder
		 */
		public Builder includeExceptionDetails(boolean include) {
			this.includeExceptionDetails = include;
			return this;
		}

		/**
		 * Serve plain HTTP under a path prefix.
		 * @param pathPrefix the prefix, such as {@code /actuator}
		 * @param route the route
		 * @return this builder
		 */
		public Builder route(String pathPrefix, HttpRoute route) {
			this.routes.put(requireNonNull("pathPrefix", pathPrefix), requireNonNull("route", route));
			return this;
		}

		/**
		 * Serve JSON-RPC over raw TCP on a listener of its own (default -1: off; 0 picks
		 * a free port). The stream carries JSON values, each a request or a batch, with
		 * optional whitespace between them; each response is one JSON value and a
		 * newline.
		 * @param port the port, 0, or -1 for no TCP listener
		 * @return this builder
		 */
		public Builder tcpPort(int port) {
			if (port < -1 || port > 65535) {
				throw new IllegalArgumentException("tcpPort: " + port + " (expected: -1 to turn it off, or 0-65535)");
			}
			this.tcpPort = port;
			return this;
		}

		/**
		 * Set the largest request or batch on the TCP listener in bytes (default 5 MiB);
		 * a larger one is answered with a -32600 error and the connection closed.
		 * @param bytes the limit
		 * @return this builder
		 */
		public Builder tcpMaxRequestSize(int bytes) {
			this.tcpMaxRequestSize = requirePositive("tcpMaxRequestSize", bytes);
			return this;
		}

		/**
		 * Set how long an idle TCP connection stays open (default: the
		 * {@link #idleTimeout(Duration) idle timeout}; zero for ever).
		 * @param timeout the timeout, or {@code null} for the general one
		 * @return this builder
		 */
		public Builder tcpIdleTimeout(Duration timeout) {
			if (timeout != null && timeout.isNegative()) {
				throw new IllegalArgumentException("tcpIdleTimeout: " + timeout + " (expected: >= 0)");
			}
			this.tcpIdleTimeout = timeout;
			return this;
		}

		/**
		 * Serve JSON-RPC over WebSocket on the HTTP listener at a path (default
		 * {@code null}: off). Each text message holds one request or batch.
		 * @param path the path, such as {@code /ws}, or {@code null}
		 * @return this builder
		 */
		public Builder webSocketPath(String path) {
			if (path != null && !path.startsWith("/")) {
				throw new IllegalArgumentException(
						"webSocketPath: '" + path + "' (expected: a path starting with '/')");
			}
			this.webSocketPath = path;
			return this;
		}

		/**
		 * Set the largest WebSocket message in bytes (default 5 MiB); a larger one closes
		 * the connection with status 1009.
		 * @param bytes the limit
		 * @return this builder
		 */
		public Builder maxFrameSize(int bytes) {
			this.maxFrameSize = requirePositive("maxFrameSize", bytes);
			return this;
		}

		/**
		 * Set the browser origins allowed to open a WebSocket besides the server's own
		 * (default none). {@code *} allows any, and may stand for part of an origin, as
		 * in {@code https://*.example.com}. Clients that send no {@code Origin} header
		 * are always allowed; a disallowed origin gets 403 before the handshake.
		 * @param origins the origins
		 * @return this builder
		 */
		public Builder allowedOrigins(List<String> origins) {
			this.allowedOrigins = List.copyOf(requireNonNull("allowedOrigins", origins));
			return this;
		}

		/**
		 * Set the browser origins allowed to open a WebSocket.
		 * @param origins the origins
		 * @return this builder
		 * @see #allowedOrigins(List)
		 */
		public Builder allowedOrigins(String... origins) {
			return allowedOrigins(List.of(requireNonNull("allowedOrigins", origins)));
		}

		/**
		 * Set how long an idle WebSocket connection stays open (default: the
		 * {@link #idleTimeout(Duration) idle timeout}; zero for ever). It is closed with
		 * status 1001.
		 * @param timeout the timeout, or {@code null} for the general one
		 * @return this builder
		 */
		public Builder webSocketIdleTimeout(Duration timeout) {
			if (timeout != null && timeout.isNegative()) {
				throw new IllegalArgumentException("webSocketIdleTimeout: " + timeout + " (expected: >= 0)");
			}
			this.webSocketIdleTimeout = timeout;
			return this;
		}

		/**
		 * Serve every listener over TLS with a fixed context.
		 * @param context a server context, or {@code null} for plaintext
		 * @return this builder
		 * @see io.ujrpc.server.tls.ServerSslContexts
		 */
		public Builder sslContext(SslContext context) {
			if (context != null && context.isClient()) {
				throw new IllegalArgumentException("sslContext: a client context (expected: a server context)");
			}
			this.sslContext = (context != null) ? () -> context : null;
			return this;
		}

		/**
		 * Serve every listener over TLS with a context asked for on each new connection,
		 * so that a reloaded certificate takes effect without a restart.
		 * @param context supplies the current server context, or {@code null} for
		 * plaintext
		 * @return this builder
		 */
		public Builder sslContext(Supplier<SslContext> context) {
			this.sslContext = context;
			return this;
		}

		/**
		 * Observe every JSON-RPC call, each element of a batch included, as
		 * {@code jsonrpc.server.requests} (default: {@link ObservationRegistry#NOOP},
		 * which costs nothing).
		 * @param registry the registry
		 * @return this builder
		 */
		public Builder observationRegistry(ObservationRegistry registry) {
			this.observationRegistry = requireNonNull("observationRegistry", registry);
			return this;
		}

		/**
		 * Replace the default naming and tagging of call observations.
		 * @param convention the convention, or {@code null} for
		 * {@link io.ujrpc.observation.DefaultJsonRpcServerObservationConvention}
		 * @return this builder
		 */
		public Builder observationConvention(JsonRpcServerObservationConvention convention) {
			this.observationConvention = convention;
			return this;
		}

		/**
		 * Report connections, bytes, payloads in flight and batch sizes to a listener
		 * (default: {@link ServerMetricsListener#NONE}, which adds nothing to the
		 * pipeline).
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder metricsListener(ServerMetricsListener listener) {
			this.metricsListener = requireNonNull("metricsListener", listener);
			return this;
		}

		/**
		 * Build the server; it does not listen until {@link JsonRpcServer#start()}.
		 * @return the server
		 */
		public JsonRpcServer build() {
			if (this.webSocketPath != null && this.webSocketPath.equals(this.jsonRpcPath)) {
				throw new IllegalArgumentException("webSocketPath: '" + this.webSocketPath
						+ "' (expected: a path other than the jsonRpcPath, which takes POSTs)");
			}
			return new JsonRpcServer(this);
		}

		private static <T> T requireNonNull(String name, T value) {
			if (value == null) {
				throw new IllegalArgumentException(name + ": null");
			}
			return value;
		}

		private static int requirePositive(String name, int value) {
			if (value <= 0) {
				throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
			}
			return value;
		}

	}

}
