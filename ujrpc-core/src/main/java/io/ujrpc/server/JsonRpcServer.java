package io.ujrpc.server;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.micrometer.observation.ObservationRegistry;
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
import io.ujrpc.context.ExchangeAuthenticator;
import io.ujrpc.dispatch.JsonRpcDispatcher;
import io.ujrpc.dispatch.MethodRegistry;
import io.ujrpc.internal.Checks;
import io.ujrpc.internal.netty.DrainableConnection;
import io.ujrpc.internal.netty.JsonRpcExchange;
import io.ujrpc.internal.netty.MemoryBudget;
import io.ujrpc.internal.netty.NettyVersionCheck;
import io.ujrpc.internal.netty.OutboundBudgetHandler;
import io.ujrpc.internal.netty.ServerMetricsHandler;
import io.ujrpc.internal.transport.Transport;
import io.ujrpc.internal.transport.TransportSelector;
import io.ujrpc.observation.JsonRpcServerObservationConvention;
import io.ujrpc.observation.ServerMetricsListener;
import io.ujrpc.protocol.JsonRpcCodec;
import io.ujrpc.protocol.Protocol;
import io.ujrpc.server.config.CorsSettings;
import io.ujrpc.server.config.DispatchSettings;
import io.ujrpc.server.config.HttpSettings;
import io.ujrpc.server.config.JsonRpcServerConfig;
import io.ujrpc.server.config.ManagementSettings;
import io.ujrpc.server.config.RestSettings;
import io.ujrpc.server.config.TcpSettings;
import io.ujrpc.server.config.WebSocketSettings;
import io.ujrpc.server.http.HttpServerInitializer;
import io.ujrpc.server.route.HttpRoute;
import io.ujrpc.server.tcp.TcpServerInitializer;
import io.ujrpc.server.tls.ServerSslContexts;
import io.ujrpc.server.transport.TransportType;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A JSON-RPC 2.0 server on Netty, on io_uring where the kernel has it: over HTTP/1.1, and
 * optionally WebSocket on the HTTP listener, raw TCP on a listener of its own, and a
 * management listener for plain HTTP routes, all sharing one event loop group, one
 * dispatcher, and optionally one TLS configuration.
 * <p>
 * Build one with {@link #builder(MethodRegistry)}, {@link #start()} it, and
 * {@link #stop()} it; {@link #shutDownGracefully()} first lets in-flight calls finish. A
 * server starts once; its {@link #config() configuration} never changes.
 *
 * <pre class="code">
 * MethodRegistry registry = MethodRegistry.builder(mapper).addAnnotated(new Calculator()).build();
 * JsonRpcServer server = JsonRpcServer.builder(registry).port(8080).build().start();
 * </pre>
 */
public final class JsonRpcServer {

	private static final Logger logger = LoggerFactory.getLogger(JsonRpcServer.class);

	private final MethodRegistry registry;

	private final JsonRpcServerConfig config;

	private final JsonRpcExchange exchange;

	private final @Nullable ExecutorService ownedExecutor;

	private final MemoryBudget budget;

	private final OutboundBudgetHandler outboundBudget;

	private final ChannelGroup connections = new DefaultChannelGroup("ujrpc-connections", GlobalEventExecutor.INSTANCE);

	private final List<Channel> serverChannels = new ArrayList<>();

	private @Nullable Channel httpChannel;

	private @Nullable Channel tcpChannel;

	private @Nullable Channel managementChannel;

	private @Nullable Transport transport;

	private @Nullable EventLoopGroup group;

	private volatile State state = State.NEW;

	private volatile @Nullable CompletableFuture<Boolean> drain;

	private JsonRpcServer(MethodRegistry registry, JsonRpcServerConfig config,
			@Nullable ExchangeAuthenticator authenticator) {
		this.registry = registry;
		this.config = config;
		DispatchSettings dispatch = config.dispatch();
		Executor executor = dispatch.blockingExecutor();
		if (executor == null) {
			this.ownedExecutor = BlockingExecutors.virtualThreadsAvailable() ? BlockingExecutors.virtualThreads()
					: BlockingExecutors.boundedPool(dispatch.blockingMaxThreads(), dispatch.blockingQueueCapacity());
			executor = this.ownedExecutor;
		}
		else {
			this.ownedExecutor = null;
		}
		// Whoever's executor it is: a virtual thread per call has no bound of its own.
		executor = BlockingExecutors.limitConcurrency(executor, dispatch.blockingMaxConcurrentCalls());
		this.budget = new MemoryBudget(config.maxBufferedBytes());
		this.outboundBudget = new OutboundBudgetHandler(this.budget);
		JsonRpcDispatcher dispatcher = new JsonRpcDispatcher(registry, executor, dispatch.includeExceptionDetails(),
				config.observationRegistry(), config.observationConvention());
		this.exchange = new JsonRpcExchange(dispatcher,
				new JsonRpcCodec(config.mapper(), dispatch.maxBatchSize(), dispatch.rejectDuplicateMembers()),
				config.metricsListener(), authenticator);
	}

	/**
	 * Start building a server for the given methods.
	 * @param registry the methods to serve
	 * @return a builder
	 */
	public static Builder builder(MethodRegistry registry) {
		return new Builder(Checks.notNull("registry", registry));
	}

	/**
	 * Return the configuration the server was built with.
	 * @return the configuration
	 */
	public JsonRpcServerConfig config() {
		return this.config;
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
		JsonRpcServerConfig config = this.config;
		NettyVersionCheck.warnIfOutdated();
		Transport transport = TransportSelector.select(config.transport());
		this.transport = transport;
		int threads = (config.ioThreads() > 0) ? config.ioThreads() : Runtime.getRuntime().availableProcessors();
		this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("ujrpc-io"),
				transport.ioHandlerFactory());
		String tls = null;
		try {
			if (config.sslContext() != null) {
				tls = ServerSslContexts.describe(sslContext(config.sslContext(), config.http().port()));
			}
			HttpSettings http = config.http();
			this.httpChannel = bind(Protocol.HTTP, config.host(), http.port(), config.sslContext(), true,
					new HttpServerInitializer(http, config.webSocket(), this.exchange, config.rest()));
			TcpSettings tcp = config.tcp();
			if (tcp != null) {
				this.tcpChannel = bind(Protocol.TCP, config.host(), tcp.port(), config.sslContext(), true,
						new TcpServerInitializer(tcp, this.exchange));
			}
			ManagementSettings management = config.management();
			if (management != null) {
				if (management.sslContext() != null) {
					sslContext(management.sslContext(), management.http().port());
				}
				// Not metered: the server's meters count the application's traffic only.
				this.managementChannel = bind(Protocol.HTTP, management.host(), management.http().port(),
						management.sslContext(), false,
						new HttpServerInitializer(management.http(), null, this.exchange));
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
		logger.info("ujrpc started on port{} {} over {}{} with {} JSON-RPC methods",
				(this.serverChannels.size() > 1) ? "s" : "", describeListeners(tls != null),
				transport.type().displayName(), (tls != null) ? ", TLS by " + tls : "", this.registry.size());
		return this;
	}

	private String describeListeners(boolean secure) {
		JsonRpcServerConfig config = this.config;
		StringBuilder listeners = new StringBuilder().append(port())
			.append(" (")
			.append(secure ? "https" : "http")
			.append(" '")
			.append(config.http().jsonRpcPath())
			.append("'");
		WebSocketSettings webSocket = config.webSocket();
		if (webSocket != null) {
			listeners.append(", ").append(secure ? "wss" : "ws").append(" '").append(webSocket.path()).append("'");
		}
		listeners.append(")");
		if (this.tcpChannel != null) {
			listeners.append(" and ").append(tcpPort()).append(" (").append(secure ? "tcp+tls" : "tcp").append(")");
		}
		ManagementSettings management = config.management();
		if (management != null) {
			listeners.append(" and ")
				.append(managementPort())
				.append(" (management, ")
				.append((management.sslContext() != null) ? "https" : "http")
				.append(")");
		}
		return listeners.toString();
	}

	private static SslContext sslContext(Supplier<SslContext> supplier, int port) {
		SslContext context;
		try {
			context = supplier.get();
		}
		catch (RuntimeException ex) {
			throw new ServerStartException("ujrpc cannot set up TLS: " + ex.getMessage(), port, ex);
		}
		if (context == null || context.isClient()) {
			throw new ServerStartException(
					"ujrpc cannot set up TLS: the SslContext supplier returned "
							+ ((context != null) ? "a client context" : "null") + " (expected: a server context)",
					port, null);
		}
		return context;
	}

	private Channel bind(Protocol protocol, @Nullable String host, int port, @Nullable Supplier<SslContext> sslContext,
			boolean metered, ChannelInitializer<Channel> initializer) {
		Transport transport = this.transport;
		ServerMetricsListener listener = metered ? this.config.metricsListener() : ServerMetricsListener.NONE;
		ServerMetricsHandler metricsHandler = (listener != ServerMetricsListener.NONE)
				? new ServerMetricsHandler(protocol, listener) : null;
		ServerBootstrap bootstrap = new ServerBootstrap().group(this.group)
			.channel(transport.serverChannelClass())
			.option(ChannelOption.SO_BACKLOG, this.config.backlog())
			.option(ChannelOption.SO_REUSEADDR, true)
			.childOption(ChannelOption.TCP_NODELAY, true)
			// A client that half-closes after sending still gets its answers.
			.childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
			.childHandler(new ChannelInitializer<>() {
				@Override
				protected void initChannel(Channel channel) {
					if (JsonRpcServer.this.connections.size() >= JsonRpcServer.this.config.maxConnections()) {
						// Accepted only to be closed: the backlog keeps moving, and the
						// client learns at once rather than after a connect timeout.
						logger.debug("Refusing {}: {} connections are open (maxConnections)", channel,
								JsonRpcServer.this.connections.size());
						channel.close();
						return;
					}
					JsonRpcServer.this.connections.add(channel);
					channel.attr(MemoryBudget.KEY).set(JsonRpcServer.this.budget);
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
					channel.pipeline().addLast("budget", JsonRpcServer.this.outboundBudget);
					channel.pipeline().addLast(initializer);
				}
			});
		InetSocketAddress address = (host != null) ? new InetSocketAddress(host, port) : new InetSocketAddress(port);
		ChannelFuture future = bootstrap.bind(address).awaitUninterruptibly();
		if (!future.isSuccess()) {
			Throwable cause = future.cause();
			String reason = ServerStartException.isPortInUse(cause) ? "Port " + port + " is already in use"
					: "Cannot listen on " + address + ": " + cause.getMessage();
			throw new ServerStartException("ujrpc " + protocol.tagValue() + " listener failed to start. " + reason,
					port, cause);
		}
		this.serverChannels.add(future.channel());
		InetSocketAddress bound = (InetSocketAddress) future.channel().localAddress();
		listener.listenerStarted(protocol, transport.type(), bound);
		future.channel()
			.closeFuture()
			.addListener((closed) -> listener.listenerStopped(protocol, transport.type(), bound));
		return future.channel();
	}

	/**
	 * Return the port the HTTP listener is bound to.
	 * @return the port, or -1 before the server has started
	 */
	public int port() {
		return portOf(this.httpChannel);
	}

	/**
	 * Return the port the raw TCP listener is bound to.
	 * @return the port, or -1 before the server has started or when it has no TCP
	 * listener
	 */
	public int tcpPort() {
		return portOf(this.tcpChannel);
	}

	/**
	 * Return the port the management listener is bound to.
	 * @return the port, or -1 before the server has started or when it has no management
	 * listener
	 */
	public int managementPort() {
		return portOf(this.managementChannel);
	}

	private static int portOf(@Nullable Channel channel) {
		return (channel != null) ? ((InetSocketAddress) channel.localAddress()).getPort() : -1;
	}

	/**
	 * Whether the application's listeners speak TLS.
	 * @return {@code true} when an SSL context is configured
	 */
	public boolean isSecure() {
		return this.config.sslContext() != null;
	}

	/**
	 * Return the transport in use.
	 * @return the transport type, or {@code null} before the server has started
	 */
	public @Nullable TransportType transport() {
		Transport transport = this.transport;
		return (transport != null) ? transport.type() : null;
	}

	/**
	 * Return how many connections are open.
	 * @return the count
	 */
	public int connectionCount() {
		return this.connections.size();
	}

	/**
	 * Return how many bytes the server holds now for requests not yet received whole and
	 * responses not yet sent, as counted against
	 * {@link JsonRpcServerConfig#maxBufferedBytes()}.
	 * @return the count
	 */
	public long bufferedBytes() {
		return this.budget.used();
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
	 * (the last response carries {@code Connection: close}), and close it. The server
	 * sets no deadline: whoever drives the shutdown does (Spring Boot's lifecycle bounds
	 * it by {@code spring.lifecycle.timeout-per-shutdown-phase}) and calls
	 * {@link #stop()} when it passes.
	 * @return a future that completes with {@code true} when every connection has closed
	 * by itself, and with {@code false} when {@link #stop()} cut the shutdown short
	 */
	public CompletableFuture<Boolean> shutDownGracefully() {
		CompletableFuture<Boolean> result;
		synchronized (this) {
			if (this.state != State.RUNNING) {
				return CompletableFuture.completedFuture(true);
			}
			this.state = State.DRAINING;
			result = new CompletableFuture<>();
			this.drain = result;
		}
		logger.info("ujrpc commencing graceful shutdown; waiting for active requests to complete");
		result.thenAccept((idle) -> logger.info(idle ? "ujrpc graceful shutdown complete"
				: "ujrpc graceful shutdown aborted with requests still active"));
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
		return result;
	}

	/**
	 * Shut down gracefully, waiting at most a given time.
	 * @param timeout how long to wait for connections to finish
	 * @return a future that completes with {@code true} when every connection closed in
	 * time and {@code false} when some were still busy at the timeout
	 * @see #shutDownGracefully()
	 */
	public CompletableFuture<Boolean> shutDownGracefully(Duration timeout) {
		return shutDownGracefully().copy().completeOnTimeout(false, timeout.toMillis(), TimeUnit.MILLISECONDS);
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
		CompletableFuture<Boolean> drain = this.drain;
		if (drain != null) {
			drain.complete(false);
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
	 * Builds a {@link JsonRpcServer}. Every setting has a production default. The builder
	 * only collects: {@link #build()} checks every setting once and makes the immutable
	 * {@link JsonRpcServerConfig}, with a settings record for each listener that is on. A
	 * listener is on when its port (or the WebSocket path) is set, and off otherwise.
	 */
	public static final class Builder {

		private final MethodRegistry registry;

		private ObjectMapper mapper = JsonMapper.builder().build();

		private @Nullable String host;

		private int port = 8080;

		private TransportType transport = TransportType.AUTO;

		private int ioThreads;

		private int backlog = 1024;

		private String jsonRpcPath = "/";

		private int maxContentLength = 5 * 1024 * 1024;

		private int maxInitialLineLength = 4096;

		private int maxHeaderSize = 8192;

		private Duration idleTimeout = Duration.ofSeconds(60);

		private Duration headerTimeout = Duration.ofSeconds(20);

		private Duration requestTimeout = Duration.ofSeconds(60);

		private int maxConnections = 8192;

		private long maxBufferedBytes = MemoryBudget.defaultLimit();

		private int maxPipelinedRequests = 1024;

		private int maxBatchSize = 1000;

		private @Nullable Executor blockingExecutor;

		private int blockingMaxThreads = 200;

		private int blockingQueueCapacity = 10_000;

		private int blockingMaxConcurrentCalls = 10_000;

		private boolean includeExceptionDetails;

		private boolean rejectDuplicateMembers;

		private final Map<String, HttpRoute> routes = new LinkedHashMap<>();

		private @Nullable Integer tcpPort;

		private int tcpMaxRequestSize = 5 * 1024 * 1024;

		private @Nullable Duration tcpIdleTimeout;

		private @Nullable String webSocketPath;

		private int maxFrameSize = 5 * 1024 * 1024;

		private List<String> allowedOrigins = List.of();

		private @Nullable Duration webSocketIdleTimeout;

		private @Nullable Supplier<SslContext> sslContext;

		private @Nullable Integer managementPort;

		private @Nullable String managementHost;

		private final Map<String, HttpRoute> managementRoutes = new LinkedHashMap<>();

		private @Nullable Supplier<SslContext> managementSslContext;

		private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

		private @Nullable JsonRpcServerObservationConvention observationConvention;

		private ServerMetricsListener metricsListener = ServerMetricsListener.NONE;

		private @Nullable CorsSettings cors;

		private @Nullable ExchangeAuthenticator authenticator;

		private boolean restEnabled = true;

		private String restPath = "/rest";

		private long maxStreamSize = 1024L * 1024 * 1024;

		private Duration streamTimeout = Duration.ofMinutes(10);

		private Builder(MethodRegistry registry) {
			this.registry = registry;
		}

		/**
		 * Set the mapper that reads params and writes results (default: a plain
		 * {@link JsonMapper}).
		 * @param mapper the mapper
		 * @return this builder
		 */
		public Builder objectMapper(ObjectMapper mapper) {
			this.mapper = Checks.notNull("mapper", mapper);
			return this;
		}

		/**
		 * Set the address the HTTP and TCP listeners bind (default: all interfaces).
		 * @param host a host name or address, or {@code null} for all interfaces
		 * @return this builder
		 */
		public Builder host(@Nullable String host) {
			this.host = host;
			return this;
		}

		/**
		 * Set the HTTP port (default 8080; 0 picks a free port).
		 * @param port the port
		 * @return this builder
		 */
		public Builder port(int port) {
			this.port = port;
			return this;
		}

		/**
		 * Set the I/O transport (default {@link TransportType#AUTO}).
		 * @param transport the transport
		 * @return this builder
		 */
		public Builder transport(TransportType transport) {
			this.transport = Checks.notNull("transport", transport);
			return this;
		}

		/**
		 * Set the number of I/O threads (default 0: one per available processor).
		 * @param ioThreads the count, or 0
		 * @return this builder
		 */
		public Builder ioThreads(int ioThreads) {
			this.ioThreads = ioThreads;
			return this;
		}

		/**
		 * Set the listen backlog (default 1024).
		 * @param backlog the backlog
		 * @return this builder
		 */
		public Builder backlog(int backlog) {
			this.backlog = backlog;
			return this;
		}

		/**
		 * Set the path JSON-RPC is POSTed to (default {@code /}).
		 * @param path the path
		 * @return this builder
		 */
		public Builder jsonRpcPath(String path) {
			this.jsonRpcPath = Checks.notNull("jsonRpcPath", path);
			return this;
		}

		/**
		 * Set the largest request body in bytes (default 5 MiB); larger ones get 413.
		 * @param bytes the limit
		 * @return this builder
		 */
		public Builder maxContentLength(int bytes) {
			this.maxContentLength = bytes;
			return this;
		}

		/**
		 * Set the longest request line in bytes (default 4096); longer ones get 414.
		 * @param bytes the limit
		 * @return this builder
		 */
		public Builder maxInitialLineLength(int bytes) {
			this.maxInitialLineLength = bytes;
			return this;
		}

		/**
		 * Set the largest header block in bytes (default 8192); larger ones get 431.
		 * @param bytes the limit
		 * @return this builder
		 */
		public Builder maxHeaderSize(int bytes) {
			this.maxHeaderSize = bytes;
			return this;
		}

		/**
		 * Set how long an idle connection stays open (default 60 s; zero for ever).
		 * @param timeout the timeout
		 * @return this builder
		 */
		public Builder idleTimeout(Duration timeout) {
			this.idleTimeout = Checks.notNull("idleTimeout", timeout);
			return this;
		}

		/**
		 * Set how long the head of an HTTP request (request line and headers) may take to
		 * arrive, counted from its first byte, however slowly it trickles in (default 20
		 * s, as Tomcat's connection timeout; zero for no limit). A late head gets 408 and
		 * the connection is closed.
		 * @param timeout the timeout
		 * @return this builder
		 */
		public Builder headerTimeout(Duration timeout) {
			this.headerTimeout = Checks.notNull("headerTimeout", timeout);
			return this;
		}

		/**
		 * Set how long a whole request (an HTTP request with its body, a raw TCP value, a
		 * WebSocket message) may take to arrive, counted from its first byte (default 60
		 * s; zero for no limit). A late HTTP request gets 408; on TCP and WebSocket the
		 * connection is closed.
		 * @param timeout the timeout
		 * @return this builder
		 */
		public Builder requestTimeout(Duration timeout) {
			this.requestTimeout = Checks.notNull("requestTimeout", timeout);
			return this;
		}

		/**
		 * Set how many connections the server keeps open at once, over all listeners
		 * (default 8192, as Tomcat's {@code max-connections}). Connections beyond it are
		 * accepted and closed at once, so that the listen backlog does not fill.
		 * @param count the limit
		 * @return this builder
		 */
		public Builder maxConnections(int count) {
			this.maxConnections = count;
			return this;
		}

		/**
		 * Set the server's memory budget: the most bytes held at once, over all
		 * connections, for requests not yet received whole (HTTP bodies being aggregated,
		 * raw TCP values being framed, fragmented WebSocket messages) and for responses
		 * not yet sent. Past it, new requests are refused with
		 * {@code 503 Service Unavailable} and {@code Retry-After} (HTTP) or
		 * {@code -32000 Server busy} (TCP, WebSocket) instead of exhausting direct
		 * memory. Default: half of Netty's direct memory limit (by default the maximum
		 * heap size), at most 1 GiB.
		 * @param bytes the limit
		 * @return this builder
		 */
		public Builder maxBufferedBytes(long bytes) {
			this.maxBufferedBytes = bytes;
			return this;
		}

		/**
		 * Set how many requests one connection may have in flight before the server stops
		 * reading from it (default 1024).
		 * @param count the limit
		 * @return this builder
		 */
		public Builder maxPipelinedRequests(int count) {
			this.maxPipelinedRequests = count;
			return this;
		}

		/**
		 * Set the largest batch (default 1000); larger ones get one -32600 error.
		 * @param size the limit
		 * @return this builder
		 */
		public Builder maxBatchSize(int size) {
			this.maxBatchSize = size;
			return this;
		}

		/**
		 * Set the executor for blocking methods. The server does not shut it down. By
		 * default the server creates one: virtual threads on Java 21+, else a bounded
		 * pool.
		 * @param executor the executor, or {@code null} for the server's own
		 * @return this builder
		 */
		public Builder blockingExecutor(@Nullable Executor executor) {
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
			this.blockingMaxThreads = maxThreads;
			this.blockingQueueCapacity = queueCapacity;
			return this;
		}

		/**
		 * Set how many blocking calls may run or wait at once, over the whole server and
		 * whichever executor runs them, virtual threads included (default 10000). A call
		 * beyond it is answered at once with -32000 "Server busy"; none waits in an
		 * unbounded queue.
		 * @param count the limit
		 * @return this builder
		 */
		public Builder blockingMaxConcurrentCalls(int count) {
			this.blockingMaxConcurrentCalls = count;
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
		 * Set whether a request in which a member name occurs twice in one object (the
		 * request itself, or any object in its params or id) is answered with -32600
		 * instead of letting the last one win (default {@code false}, as JSON parsers
		 * commonly do).
		 * @param reject whether to reject duplicates
		 * @return this builder
		 */
		public Builder rejectDuplicateMembers(boolean reject) {
			this.rejectDuplicateMembers = reject;
			return this;
		}

		/**
		 * Serve plain HTTP under a path prefix on the HTTP listener.
		 * @param pathPrefix the prefix, such as {@code /actuator}
		 * @param route the route
		 * @return this builder
		 */
		public Builder route(String pathPrefix, HttpRoute route) {
			this.routes.put(Checks.notNull("pathPrefix", pathPrefix), Checks.notNull("route", route));
			return this;
		}

		/**
		 * Serve JSON-RPC over raw TCP on a listener of its own (default: off; 0 picks a
		 * free port). The stream carries JSON values, each a request or a batch, with
		 * optional whitespace between them; each response is one JSON value and a
		 * newline.
		 * @param port the port, or 0
		 * @return this builder
		 */
		public Builder tcpPort(int port) {
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
			this.tcpMaxRequestSize = bytes;
			return this;
		}

		/**
		 * Set how long an idle TCP connection stays open (default: the
		 * {@link #idleTimeout(Duration) idle timeout}; zero for ever).
		 * @param timeout the timeout, or {@code null} for the general one
		 * @return this builder
		 */
		public Builder tcpIdleTimeout(@Nullable Duration timeout) {
			this.tcpIdleTimeout = timeout;
			return this;
		}

		/**
		 * Serve JSON-RPC over WebSocket on the HTTP listener at a path (default: off).
		 * Each text message holds one request or batch.
		 * @param path the path, such as {@code /ws}
		 * @return this builder
		 */
		public Builder webSocketPath(String path) {
			this.webSocketPath = Checks.notNull("webSocketPath", path);
			return this;
		}

		/**
		 * Set the largest WebSocket message in bytes (default 5 MiB); a larger one closes
		 * the connection with status 1009.
		 * @param bytes the limit
		 * @return this builder
		 */
		public Builder maxFrameSize(int bytes) {
			this.maxFrameSize = bytes;
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
			this.allowedOrigins = List.copyOf(Checks.notNull("allowedOrigins", origins));
			return this;
		}

		/**
		 * Set the browser origins allowed to open a WebSocket.
		 * @param origins the origins
		 * @return this builder
		 * @see #allowedOrigins(List)
		 */
		public Builder allowedOrigins(String... origins) {
			return allowedOrigins(List.of(Checks.notNull("allowedOrigins", origins)));
		}

		/**
		 * Set how long an idle WebSocket connection stays open (default: the
		 * {@link #idleTimeout(Duration) idle timeout}; zero for ever). It is closed with
		 * status 1001.
		 * @param timeout the timeout, or {@code null} for the general one
		 * @return this builder
		 */
		public Builder webSocketIdleTimeout(@Nullable Duration timeout) {
			this.webSocketIdleTimeout = timeout;
			return this;
		}

		/**
		 * Serve the HTTP, WebSocket and TCP listeners over TLS with a fixed context.
		 * @param context a server context, or {@code null} for plaintext
		 * @return this builder
		 * @see io.ujrpc.server.tls.ServerSslContexts
		 */
		public Builder sslContext(@Nullable SslContext context) {
			this.sslContext = (context != null) ? () -> context : null;
			return this;
		}

		/**
		 * Serve the HTTP, WebSocket and TCP listeners over TLS with a context asked for
		 * on each new connection, so that a reloaded certificate takes effect without a
		 * restart.
		 * @param context supplies the current server context, or {@code null} for
		 * plaintext
		 * @return this builder
		 */
		public Builder sslContext(@Nullable Supplier<SslContext> context) {
			this.sslContext = context;
			return this;
		}

		/**
		 * Serve the {@link #managementRoute management routes} on a listener of their own
		 * (default: off; 0 picks a free port). It shares the I/O threads, the transport
		 * and the HTTP limits of the HTTP listener, and serves no JSON-RPC.
		 * @param port the port, or 0
		 * @return this builder
		 */
		public Builder managementPort(int port) {
			this.managementPort = port;
			return this;
		}

		/**
		 * Set the address the management listener binds (default: all interfaces).
		 * @param host a host name or address, or {@code null} for all interfaces
		 * @return this builder
		 */
		public Builder managementHost(@Nullable String host) {
			this.managementHost = host;
			return this;
		}

		/**
		 * Serve plain HTTP under a path prefix on the management listener.
		 * @param pathPrefix the prefix, such as {@code /actuator}
		 * @param route the route
		 * @return this builder
		 */
		public Builder managementRoute(String pathPrefix, HttpRoute route) {
			this.managementRoutes.put(Checks.notNull("pathPrefix", pathPrefix), Checks.notNull("route", route));
			return this;
		}

		/**
		 * Serve the management listener over TLS, with a context asked for on each new
		 * connection.
		 * @param context supplies the current server context, or {@code null} for
		 * plaintext
		 * @return this builder
		 */
		public Builder managementSslContext(@Nullable Supplier<SslContext> context) {
			this.managementSslContext = context;
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
			this.observationRegistry = Checks.notNull("observationRegistry", registry);
			return this;
		}

		/**
		 * Replace the default naming and tagging of call observations.
		 * @param convention the convention, or {@code null} for
		 * {@link io.ujrpc.observation.DefaultJsonRpcServerObservationConvention}
		 * @return this builder
		 */
		public Builder observationConvention(@Nullable JsonRpcServerObservationConvention convention) {
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
			this.metricsListener = Checks.notNull("metricsListener", listener);
			return this;
		}

		/**
		 * Answer CORS preflights and add CORS headers on every path of the application's
		 * HTTP listener (default: {@code null}, no CORS); the management listener has
		 * none.
		 * @param cors the rules, or {@code null} for none
		 * @return this builder
		 */
		public Builder cors(@Nullable CorsSettings cors) {
			this.cors = cors;
			return this;
		}

		/**
		 * Set whether every JSON-RPC method is also served as a REST route (default:
		 * {@code true}).
		 * @param enabled whether the REST mapping is on
		 * @return this builder
		 */
		public Builder restEnabled(boolean enabled) {
			this.restEnabled = enabled;
			return this;
		}

		/**
		 * Set the path prefix of the default REST routes, {@code {path}/{method name}}
		 * (default: {@code /rest}); {@code /} puts them at the root.
		 * @param path the prefix, starting with {@code /}
		 * @return this builder
		 */
		public Builder restPath(String path) {
			this.restPath = path;
			return this;
		}

		/**
		 * Set the largest {@code application/octet-stream} body streamed into a method on
		 * a REST route (default: 1 GiB); larger ones get 413.
		 * @param bytes the limit
		 * @return this builder
		 */
		public Builder maxStreamSize(long bytes) {
			this.maxStreamSize = bytes;
			return this;
		}

		/**
		 * Set how long a streamed request body may take to arrive, from its request's
		 * first byte (default: 10 minutes; zero for no limit); a late one gets 408.
		 * @param timeout the deadline
		 * @return this builder
		 */
		public Builder streamTimeout(Duration timeout) {
			this.streamTimeout = timeout;
			return this;
		}

		/**
		 * Check the settings and build the server; it does not listen until
		 * {@link JsonRpcServer#start()}.
		 * @return the server
		 * @throws IllegalArgumentException naming the first setting that is out of range
		 */
		public JsonRpcServer build() {
			return new JsonRpcServer(this.registry, config(), this.authenticator);
		}

		/**
		 * Authenticate the caller of every HTTP request, WebSocket connection (at the
		 * handshake) and raw TCP connection before its calls run (default: none, every
		 * caller is anonymous); see {@link ExchangeAuthenticator}.
		 * @param authenticator the authenticator, or {@code null} for none
		 * @return this builder
		 */
		public Builder authenticator(@Nullable ExchangeAuthenticator authenticator) {
			this.authenticator = authenticator;
			return this;
		}

		private JsonRpcServerConfig config() {
			HttpSettings http = new HttpSettings(this.port, this.jsonRpcPath, this.routes, this.maxContentLength,
					this.maxInitialLineLength, this.maxHeaderSize, this.idleTimeout, this.headerTimeout,
					this.requestTimeout, this.maxPipelinedRequests, this.cors);
			WebSocketSettings webSocket = (this.webSocketPath != null)
					? new WebSocketSettings(this.webSocketPath, this.maxFrameSize, this.allowedOrigins,
							orDefault(this.webSocketIdleTimeout), this.requestTimeout, this.maxPipelinedRequests)
					: null;
			TcpSettings tcp = (this.tcpPort != null) ? new TcpSettings(this.tcpPort, this.tcpMaxRequestSize,
					orDefault(this.tcpIdleTimeout), this.requestTimeout, this.maxPipelinedRequests) : null;
			ManagementSettings management = (this.managementPort != null) ? new ManagementSettings(this.managementHost,
					new HttpSettings(this.managementPort, null, this.managementRoutes, this.maxContentLength,
							this.maxInitialLineLength, this.maxHeaderSize, this.idleTimeout, this.headerTimeout,
							this.requestTimeout, this.maxPipelinedRequests),
					this.managementSslContext) : null;
			DispatchSettings dispatch = new DispatchSettings(this.maxBatchSize, this.includeExceptionDetails,
					this.blockingExecutor, this.blockingMaxThreads, this.blockingQueueCapacity,
					this.blockingMaxConcurrentCalls, this.rejectDuplicateMembers);
			return new JsonRpcServerConfig(this.host, this.transport, this.ioThreads, this.backlog, this.maxConnections,
					this.maxBufferedBytes, http, webSocket, tcp, management, this.sslContext, dispatch, this.mapper,
					this.observationRegistry, this.observationConvention, this.metricsListener,
					this.restEnabled ? new RestSettings(this.restPath, this.maxStreamSize, this.streamTimeout) : null);
		}

		private Duration orDefault(@Nullable Duration timeout) {
			return (timeout != null) ? timeout : this.idleTimeout;
		}

	}

}
