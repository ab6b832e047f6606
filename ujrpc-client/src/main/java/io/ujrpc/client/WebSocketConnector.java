package io.ujrpc.client;

import java.net.URI;
import java.net.URISyntaxException;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Promise;

/**
 * WebSocket: each message one text (or, for a binary codec, binary) message; the
 * connection is ready once the handshake is done, and pings keep it open while idle.
 */
final class WebSocketConnector extends MultiplexedConnector {

	private final URI webSocketUri;

	private final HttpHeaders headers;

	WebSocketConnector(ClientSettings settings, EventLoopGroup group, ClientTransport transport) {
		super(settings, group, transport);
		try {
			this.webSocketUri = new URI(settings.secure() ? "wss" : "ws", null, settings.host(), settings.port(), null,
					null, null)
				.resolve(settings.path());
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException("uri: '" + settings.uri() + "' (expected: a WebSocket URI)", ex);
		}
		this.headers = new DefaultHttpHeaders();
		settings.headers().forEach(this.headers::set);
	}

	@Override
	void initialize(SocketChannel channel) {
		ChannelPipeline pipeline = channel.pipeline();
		if (this.settings.sslContext() != null) {
			pipeline.addLast("ssl",
					this.settings.sslContext().newHandler(channel.alloc(), this.settings.host(), this.settings.port()));
		}
		pipeline.addLast("flush", new FlushConsolidationHandler(256, true));
		pipeline.addLast("http", new HttpClientCodec());
		pipeline.addLast("handshake-aggregator", new HttpObjectAggregator(64 * 1024));
		WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
			.webSocketUri(this.webSocketUri)
			.version(WebSocketVersion.V13)
			.customHeaders(this.headers)
			.subprotocol(this.settings.codec().webSocketSubprotocol())
			.maxFramePayloadLength(this.settings.maxResponseSize())
			.handshakeTimeoutMillis(this.settings.connectTimeout().toMillis())
			.handleCloseFrames(true)
			.dropPongFrames(true)
			.generateOriginHeader(false)
			.build();
		pipeline.addLast("websocket", new WebSocketClientProtocolHandler(config));
		pipeline.addLast("message-aggregator", new WebSocketFrameAggregator(this.settings.maxResponseSize()));
		if (!this.settings.pingInterval().isZero()) {
			pipeline.addLast("idle", new IdleStateHandler(0, 0, this.settings.pingInterval().toMillis(),
					java.util.concurrent.TimeUnit.MILLISECONDS));
		}
		pipeline.addLast("messages", new MessageHandler());
		pipeline.addLast("calls", new CallHandler());
	}

	@Override
	void whenReady(Channel channel, Promise<Channel> ready) {
		// Completed by the message handler once the handshake is done.
	}

	@Override
	Object frame(ByteBuf message) {
		return this.settings.codec().binary() ? new BinaryWebSocketFrame(message) : new TextWebSocketFrame(message);
	}

	@Override
	boolean newline() {
		return false;
	}

	/**
	 * Completes the connection once the handshake is done, pings while idle, and hands
	 * each data message to the call handler.
	 */
	private static final class MessageHandler extends ChannelInboundHandlerAdapter {

		@Override
		public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
			if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
				Promise<Channel> ready = ctx.channel().attr(READY).get();
				if (ready != null) {
					ready.trySuccess(ctx.channel());
				}
			}
			else if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
				Promise<Channel> ready = ctx.channel().attr(READY).get();
				if (ready != null) {
					ready.tryFailure(new JsonRpcTransportException("WebSocket handshake timed out", null));
				}
				ctx.close();
			}
			else if (event instanceof IdleStateEvent) {
				ctx.writeAndFlush(new PingWebSocketFrame());
			}
			else {
				super.userEventTriggered(ctx, event);
			}
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			try {
				if (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame) {
					ctx.pipeline().get(CallHandler.class).responses(ctx, ((WebSocketFrame) msg).content());
				}
			}
			finally {
				ReferenceCountUtil.release(msg);
			}
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			Promise<Channel> ready = ctx.channel().attr(READY).get();
			if (ready != null) {
				ready.tryFailure(cause);
			}
			ctx.fireExceptionCaught(cause);
		}

	}

}
