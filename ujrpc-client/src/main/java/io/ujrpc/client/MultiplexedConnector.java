package io.ujrpc.client;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends messages over one connection, many in flight at once, and matches responses to
 * calls by id; a connection that closes fails its calls and the next message opens a new
 * one.
 */
abstract class MultiplexedConnector implements Connector {

	private static final Logger logger = LoggerFactory.getLogger(MultiplexedConnector.class);

	/**
	 * The promise of the connection being opened, completed once it can carry messages.
	 */
	static final AttributeKey<Promise<Channel>> READY = AttributeKey.valueOf(MultiplexedConnector.class, "ready");

	final ClientSettings settings;

	private final Bootstrap bootstrap;

	private final Object lock = new Object();

	private @Nullable Promise<Channel> connection;

	private volatile boolean closed;

	MultiplexedConnector(ClientSettings settings, EventLoopGroup group, ClientTransport transport) {
		this.settings = settings;
		this.bootstrap = new Bootstrap().group(group)
			.channel(transport.channelType())
			.option(ChannelOption.TCP_NODELAY, true)
			.option(ChannelOption.SO_KEEPALIVE, true)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
					(int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()))
			.remoteAddress(settings.host(), settings.port())
			.handler(new ChannelInitializer<SocketChannel>() {

				@Override
				protected void initChannel(SocketChannel channel) {
					initialize(channel);
				}

			});
	}

	/*
	 * Set up a new connection's pipeline, ending with a {@link CallHandler}.
	 */
	abstract void initialize(SocketChannel channel);

	/*
	 * Complete the promise once the connection can carry messages; by default once it is
	 * connected.
	 */
	void whenReady(Channel channel, Promise<Channel> ready) {
		ready.trySuccess(channel);
	}

	/*
	 * Wrap an encoded message into what the pipeline writes.
	 */
	abstract Object frame(ByteBuf message);

	/*
	 * Whether encoded messages end with a newline.
	 */
	abstract boolean newline();

	@Override
	public void send(OutgoingMessage message) {
		// The timeout covers connecting too.
		message.timer(this.bootstrap.config().group().next().schedule(() -> {
			if (message.attachment() instanceof CallHandler handler) {
				handler.unregister(message);
			}
			message.failAll(message.timeoutException(this.settings.server()));
		}, message.timeout().toNanos(), TimeUnit.NANOSECONDS));
		Future<Channel> ready = connection();
		if (ready.isDone()) {
			sendWhenReady(ready, message);
		}
		else {
			ready.addListener((future) -> sendWhenReady(ready, message));
		}
	}

	private Future<Channel> connection() {
		synchronized (this.lock) {
			Promise<Channel> current = this.connection;
			if (current != null && (!current.isDone() || (current.isSuccess() && current.getNow().isActive()))) {
				return current;
			}
			Promise<Channel> ready = this.bootstrap.config().group().next().newPromise();
			this.connection = ready;
			// The promise is on the channel before any handler runs: a WebSocket
			// handshake
			// can complete before a listener added to the connect future would.
			ChannelFuture connect = this.bootstrap.clone().attr(READY, ready).connect();
			connect.addListener((ChannelFuture connected) -> {
				if (!connected.isSuccess()) {
					ready.tryFailure(connected.cause());
					return;
				}
				Channel channel = connected.channel();
				channel.closeFuture()
					.addListener((closedFuture) -> ready.tryFailure(new JsonRpcTransportException(
							"Connection to " + this.settings.server() + " closed while opening", null)));
				if (this.closed) {
					channel.close();
				}
				whenReady(channel, ready);
			});
			return ready;
		}
	}

	private void sendWhenReady(Future<Channel> ready, OutgoingMessage message) {
		if (!ready.isSuccess()) {
			message.failAll(new JsonRpcTransportException(
					"Cannot connect to " + this.settings.server() + ": " + HttpConnector.describe(ready.cause()),
					ready.cause()));
			return;
		}
		Channel channel = ready.getNow();
		CallHandler handler = channel.pipeline().get(CallHandler.class);
		ByteBuf encoded;
		try {
			encoded = MessageEncoding.encode(channel.alloc(), this.settings.codec(), message, newline());
		}
		catch (RuntimeException ex) {
			message.failAll(new JsonRpcClientException(
					"Cannot write the request to " + this.settings.server() + ": " + ex.getMessage(), ex));
			return;
		}
		if (message.isDone()) {
			encoded.release();
			return;
		}
		message.attach(handler);
		handler.register(message);
		if (message.isDone()) {
			// Timed out meanwhile: the timer may have missed the registration.
			handler.unregister(message);
			encoded.release();
			return;
		}
		channel.writeAndFlush(frame(encoded)).addListener((written) -> {
			if (written.isSuccess()) {
				message.acknowledgeNotifications();
			}
			else {
				handler.unregister(message);
				message.failAll(new JsonRpcTransportException("Cannot send the request to " + this.settings.server()
						+ ": " + HttpConnector.describe(written.cause()), written.cause()));
			}
		});
	}

	@Override
	public CompletableFuture<Void> close() {
		this.closed = true;
		Promise<Channel> current;
		synchronized (this.lock) {
			current = this.connection;
		}
		CompletableFuture<Void> done = new CompletableFuture<>();
		if (current == null) {
			done.complete(null);
			return done;
		}
		current.addListener((future) -> {
			if (future.isSuccess()) {
				current.getNow().close().addListener((closedFuture) -> done.complete(null));
			}
			else {
				done.complete(null);
			}
		});
		return done;
	}

	/**
	 * Holds a connection's calls in flight by id and completes them from the responses
	 * that arrive; the last handler of every pipeline.
	 */
	final class CallHandler extends ChannelInboundHandlerAdapter {

		private final Map<Long, PendingCall> inFlight = new ConcurrentHashMap<>();

		private volatile @Nullable Throwable failure;

		void register(OutgoingMessage message) {
			for (PendingCall call : message.calls()) {
				Long id = call.id();
				if (id != null) {
					this.inFlight.put(id, call);
				}
			}
		}

		void unregister(OutgoingMessage message) {
			for (PendingCall call : message.calls()) {
				Long id = call.id();
				if (id != null) {
					this.inFlight.remove(id, call);
				}
			}
		}

		/*
		 * Complete calls from one message of responses; the caller releases the buffer.
		 */
		void responses(ChannelHandlerContext ctx, ByteBuf content) {
			String server = MultiplexedConnector.this.settings.server();
			List<JsonRpcClientCodec.Response> responses;
			try {
				responses = MessageEncoding.decode(MultiplexedConnector.this.settings.codec(), content);
			}
			catch (JsonRpcClientException ex) {
				// The framing held, so the connection stays usable; the calls this
				// message answered time out.
				logger.debug("Ignoring an unreadable message from {}: {}", server, ex.getMessage());
				return;
			}
			for (JsonRpcClientCodec.Response response : responses) {
				Long id = ResponseRouter.id(response);
				PendingCall call = (id != null) ? this.inFlight.remove(id) : null;
				if (call == null) {
					if (response.error() != null) {
						logger.debug("Error from {} for no call in flight (id {}): {} {}", server, response.id(),
								response.error().code(), response.error().message());
					}
					else {
						logger.debug("Ignoring a response from {} with id {}, which no call in flight has", server,
								response.id());
					}
					continue;
				}
				ResponseRouter.complete(call, response, MultiplexedConnector.this.settings.codec());
			}
		}

		@Override
		public void channelInactive(ChannelHandlerContext ctx) throws Exception {
			Throwable cause = this.failure;
			String server = MultiplexedConnector.this.settings.server();
			JsonRpcTransportException exception = new JsonRpcTransportException(
					(cause != null) ? "Connection to " + server + " failed: " + HttpConnector.describe(cause)
							: "Connection to " + server + " closed before the response",
					cause);
			for (PendingCall call : this.inFlight.values()) {
				call.fail(exception);
			}
			this.inFlight.clear();
			super.channelInactive(ctx);
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			logger.debug("Connection to {} failed", MultiplexedConnector.this.settings.server(), cause);
			if (this.failure == null) {
				this.failure = cause;
			}
			ctx.close();
		}

	}

}
