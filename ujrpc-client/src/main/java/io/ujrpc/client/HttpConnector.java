package io.ujrpc.client;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.pool.AbstractChannelPoolHandler;
import io.netty.channel.pool.ChannelHealthChecker;
import io.netty.channel.pool.FixedChannelPool;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each message as one HTTP/1.1 POST over a pool of keep-alive connections, one
 * request in flight per connection.
 */
final class HttpConnector implements Connector {

	private static final Logger logger = LoggerFactory.getLogger(HttpConnector.class);

	private final ClientSettings settings;

	private final EventLoopGroup group;

	private final FixedChannelPool pool;

	private final ChannelGroup channels = new DefaultChannelGroup("ujrpc-client-http", GlobalEventExecutor.INSTANCE);

	private final String hostHeader;

	HttpConnector(ClientSettings settings, EventLoopGroup group, ClientTransport transport) {
		this.settings = settings;
		this.group = group;
		boolean defaultPort = settings.port() == (settings.secure() ? 443 : 80);
		String host = (settings.host().indexOf(':') >= 0) ? "[" + settings.host() + "]" : settings.host();
		this.hostHeader = defaultPort ? host : host + ":" + settings.port();
		Bootstrap bootstrap = new Bootstrap().group(group)
			.channel(transport.channelType())
			.option(ChannelOption.TCP_NODELAY, true)
			.option(ChannelOption.SO_KEEPALIVE, true)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
					(int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()))
			.remoteAddress(settings.host(), settings.port());
		this.pool = new FixedChannelPool(bootstrap, new PoolHandler(), ChannelHealthChecker.ACTIVE, null, -1,
				settings.maxConnections(), Integer.MAX_VALUE, true, true);
	}

	@Override
	public void send(OutgoingMessage message) {
		FullHttpRequest request;
		try {
			ByteBuf body = MessageEncoding.encode(PooledByteBufAllocator.DEFAULT, this.settings.codec(), message,
					false);
			request = request(body, message.propagationHeaders());
		}
		catch (RuntimeException ex) {
			message.failAll(new JsonRpcClientException(
					"Cannot write the request to " + this.settings.server() + ": " + ex.getMessage(), ex));
			return;
		}
		message.timer(
				this.group.next().schedule(() -> timedOut(message), message.timeout().toNanos(), TimeUnit.NANOSECONDS));
		this.pool.acquire().addListener((Future<Channel> acquired) -> {
			if (!acquired.isSuccess()) {
				request.release();
				message.failAll(new JsonRpcTransportException(
						"Cannot connect to " + this.settings.server() + ": " + describe(acquired.cause()),
						acquired.cause()));
				return;
			}
			Channel channel = acquired.getNow();
			if (message.isDone()) {
				// Timed out while waiting for a connection.
				request.release();
				this.pool.release(channel);
				return;
			}
			ResponseHandler handler = channel.pipeline().get(ResponseHandler.class);
			if (channel.eventLoop().inEventLoop()) {
				handler.start(channel, message, request);
			}
			else {
				channel.eventLoop().execute(() -> handler.start(channel, message, request));
			}
		});
	}

	private FullHttpRequest request(ByteBuf body, Map<String, String> propagation) {
		FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST,
				this.settings.path(), body);
		HttpHeaders headers = request.headers();
		headers.set(HttpHeaderNames.HOST, this.hostHeader);
		headers.set(HttpHeaderNames.CONTENT_TYPE, this.settings.codec().contentType());
		headers.set(HttpHeaderNames.ACCEPT, this.settings.codec().contentType());
		headers.set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
		headers.set(HttpHeaderNames.USER_AGENT, "ujrpc-client");
		this.settings.headers().forEach(headers::set);
		propagation.forEach(headers::set);
		return request;
	}

	private void timedOut(OutgoingMessage message) {
		if (message.isDone()) {
			return;
		}
		message.failAll(message.timeoutException(this.settings.server()));
		// The handler, if the request is on a connection, sees the message done and
		// closes the connection: its response can no longer be told apart.
		for (Channel channel : this.channels) {
			ResponseHandler handler = channel.pipeline().get(ResponseHandler.class);
			if (handler != null) {
				channel.eventLoop().execute(() -> handler.abandon(channel, message));
			}
		}
	}

	@Override
	public CompletableFuture<Void> close() {
		CompletableFuture<Void> closed = new CompletableFuture<>();
		this.channels.close()
			.addListener((future) -> this.pool.closeAsync().addListener((poolClosed) -> closed.complete(null)));
		return closed;
	}

	static String describe(@Nullable Throwable failure) {
		if (failure == null) {
			return "unknown failure";
		}
		Throwable cause = failure;
		while (cause.getCause() != null && cause.getCause() != cause
				&& (cause.getMessage() == null || cause instanceof io.netty.handler.codec.DecoderException)) {
			cause = cause.getCause();
		}
		return (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getSimpleName();
	}

	private final class PoolHandler extends AbstractChannelPoolHandler {

		@Override
		public void channelCreated(Channel channel) {
			HttpConnector.this.channels.add(channel);
			ChannelPipeline pipeline = channel.pipeline();
			if (HttpConnector.this.settings.sslContext() != null) {
				pipeline.addLast("ssl",
						HttpConnector.this.settings.sslContext()
							.newHandler(channel.alloc(), HttpConnector.this.settings.host(),
									HttpConnector.this.settings.port()));
			}
			pipeline.addLast("http", new HttpClientCodec());
			pipeline.addLast("aggregator", new HttpObjectAggregator(HttpConnector.this.settings.maxResponseSize()));
			pipeline.addLast("response", new ResponseHandler());
		}

	}

	/**
	 * Completes the message whose request is on its connection, then hands the connection
	 * back to the pool (or closes it).
	 */
	private final class ResponseHandler extends SimpleChannelInboundHandler<FullHttpResponse> {

		private @Nullable OutgoingMessage current;

		void start(Channel channel, OutgoingMessage message, FullHttpRequest request) {
			if (message.isDone() || !channel.isActive()) {
				request.release();
				HttpConnector.this.pool.release(channel);
				if (!message.isDone()) {
					message.failAll(new JsonRpcTransportException(
							"Connection to " + HttpConnector.this.settings.server() + " closed", null));
				}
				return;
			}
			this.current = message;
			channel.writeAndFlush(request).addListener((written) -> {
				if (!written.isSuccess() && this.current == message) {
					fail(channel,
							new JsonRpcTransportException("Cannot send the request to "
									+ HttpConnector.this.settings.server() + ": " + describe(written.cause()),
									written.cause()));
				}
			});
		}

		void abandon(Channel channel, OutgoingMessage message) {
			if (this.current == message) {
				this.current = null;
				channel.close();
				HttpConnector.this.pool.release(channel);
			}
		}

		@Override
		protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
			OutgoingMessage message = this.current;
			this.current = null;
			if (message == null) {
				logger.debug("Closing a connection to {} that answered no request",
						HttpConnector.this.settings.server());
				ctx.close();
				return;
			}
			try {
				complete(message, response);
			}
			finally {
				if (HttpUtil.isKeepAlive(response)) {
					HttpConnector.this.pool.release(ctx.channel());
				}
				else {
					ctx.close();
					HttpConnector.this.pool.release(ctx.channel());
				}
			}
		}

		private void complete(OutgoingMessage message, FullHttpResponse response) {
			String server = HttpConnector.this.settings.server();
			HttpResponseStatus status = response.status();
			ByteBuf content = response.content();
			if (status.code() == 204 || status.code() == 202 || (status.code() == 200 && !content.isReadable())) {
				message.acknowledgeNotifications();
				if (!message.isDone()) {
					message.failAll(new JsonRpcClientException(
							"HTTP " + status.code() + " from " + server + " without a response to the calls", null));
				}
				return;
			}
			if (status.code() != 200) {
				String body = content.toString(StandardCharsets.UTF_8);
				message.failAll(new JsonRpcTransportException("HTTP " + status.code() + " " + status.reasonPhrase()
						+ " from " + server + ((body.isBlank()) ? "" : ": " + abbreviate(body.strip())), null));
				return;
			}
			List<JsonRpcClientCodec.Response> responses;
			try {
				responses = MessageEncoding.decode(HttpConnector.this.settings.codec(), content);
			}
			catch (JsonRpcClientException ex) {
				message.failAll(new JsonRpcClientException(ex.getMessage() + " (from " + server + ")", ex));
				return;
			}
			ResponseRouter.complete(message, responses, HttpConnector.this.settings.codec(), server);
		}

		@Override
		public void channelInactive(ChannelHandlerContext ctx) throws Exception {
			fail(ctx.channel(), new JsonRpcTransportException(
					"Connection to " + HttpConnector.this.settings.server() + " closed before the response", null));
			super.channelInactive(ctx);
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			logger.debug("Connection to {} failed", HttpConnector.this.settings.server(), cause);
			fail(ctx.channel(), new JsonRpcTransportException(
					"Connection to " + HttpConnector.this.settings.server() + " failed: " + describe(cause), cause));
			ctx.close();
		}

		private void fail(Channel channel, JsonRpcTransportException failure) {
			OutgoingMessage message = this.current;
			if (message != null) {
				this.current = null;
				message.failAll(failure);
				channel.close();
				HttpConnector.this.pool.release(channel);
			}
		}

	}

	private static String abbreviate(String text) {
		return (text.length() > 200) ? text.substring(0, 200) + "..." : text;
	}

}
