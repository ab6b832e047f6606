package io.ujrpc.benchmarks.loadgen;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.Future;

/**
 * HTTP/1.1 POST with keep-alive. The request is encoded once and the same bytes are
 * written for every call; responses are parsed by Netty's decoder and counted on their
 * last part.
 */
final class HttpTransport implements Transport {

	private final InetSocketAddress address;

	private final ByteBuf request;

	HttpTransport(InetSocketAddress address, String path, byte[] body, boolean close) {
		this.address = address;
		String head = "POST " + path + " HTTP/1.1\r\n" + "Host: " + address.getHostString() + ":" + address.getPort()
				+ "\r\n" + "Content-Type: application/json\r\n" + "Content-Length: " + body.length + "\r\n"
				+ (close ? "Connection: close\r\n" : "") + "\r\n";
		byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
		ByteBuf buffer = Unpooled.directBuffer(headBytes.length + body.length);
		buffer.writeBytes(headBytes).writeBytes(body);
		this.request = Unpooled.unreleasableBuffer(buffer);
	}

	@Override
	public Future<Channel> connect(Bootstrap bootstrap, ResponseListener listener) {
		return ready(bootstrap.handler(new ChannelInitializer<>() {

			@Override
			protected void initChannel(Channel channel) {
				channel.pipeline().addLast(new HttpResponseDecoder(), new HttpResponseHandler(listener));
			}

		}).connect(this.address));
	}

	@Override
	public void write(Channel channel) {
		channel.write(this.request.duplicate(), channel.voidPromise());
	}

	static Future<Channel> ready(io.netty.channel.ChannelFuture connect) {
		var promise = connect.channel().eventLoop().<Channel>newPromise();
		connect.addListener((f) -> {
			if (f.isSuccess()) {
				promise.setSuccess(connect.channel());
			}
			else {
				promise.setFailure(f.cause());
			}
		});
		return promise;
	}

	/** Counts one response at the end of each message. */
	private static final class HttpResponseHandler extends SimpleChannelInboundHandler<HttpObject> {

		private final ResponseListener listener;

		private boolean success;

		HttpResponseHandler(ResponseListener listener) {
			this.listener = listener;
		}

		@Override
		protected void channelRead0(ChannelHandlerContext ctx, HttpObject message) {
			if (message instanceof HttpResponse response) {
				int status = response.status().code();
				this.success = status >= 200 && status < 300;
			}
			if (message instanceof LastHttpContent) {
				this.listener.onResponse(this.success);
			}
		}

	}

}
