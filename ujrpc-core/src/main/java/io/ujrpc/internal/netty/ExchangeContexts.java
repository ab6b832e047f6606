package io.ujrpc.internal.netty;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.net.ssl.SSLSession;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;
import io.ujrpc.context.ExchangeContext;
import io.ujrpc.context.RequestHeaders;
import io.ujrpc.protocol.Protocol;
import org.jspecify.annotations.Nullable;

/**
 * Makes the {@link ExchangeContext} of a payload from its channel: addresses, the TLS
 * session once the handshake is done, and Netty's headers seen through
 * {@link RequestHeaders} without a copy.
 */
public final class ExchangeContexts {

	/** The connection's {@link SslHandler}, or {@code FALSE} without TLS. */
	private static final AttributeKey<Object> TLS = AttributeKey.valueOf(ExchangeContexts.class, "tls");

	private ExchangeContexts() {
	}

	/**
	 * Make the context of a payload.
	 * @param channel the connection
	 * @param protocol the protocol
	 * @param headers the request's (or handshake's) headers
	 * @return the context
	 */
	public static ExchangeContext of(Channel channel, Protocol protocol, RequestHeaders headers) {
		return new ExchangeContext(protocol, channel.remoteAddress(), channel.localAddress(), sslSession(channel),
				headers, null);
	}

	/**
	 * Return the connection's TLS session.
	 * @param channel the connection
	 * @return the session, or {@code null} without TLS
	 */
	public static @Nullable SSLSession sslSession(Channel channel) {
		// The pipeline is searched once a connection: TLS is there from the start or not
		// at all.
		Attribute<Object> tls = channel.attr(TLS);
		Object handler = tls.get();
		if (handler == null) {
			SslHandler ssl = channel.pipeline().get(SslHandler.class);
			handler = (ssl != null) ? ssl : Boolean.FALSE;
			tls.set(handler);
		}
		return (handler instanceof SslHandler ssl) ? ssl.engine().getSession() : null;
	}

	/**
	 * See Netty's headers as {@link RequestHeaders}.
	 * @param headers the headers; referenced, not copied (they hold no buffers)
	 * @return the view
	 */
	public static RequestHeaders headers(HttpHeaders headers) {
		return new NettyRequestHeaders(headers);
	}

	private record NettyRequestHeaders(HttpHeaders headers) implements RequestHeaders {

		@Override
		public @Nullable String get(String name) {
			return this.headers.get(name);
		}

		@Override
		public List<String> getAll(String name) {
			return List.copyOf(this.headers.getAll(name));
		}

		@Override
		public Set<String> names() {
			return new LinkedHashSet<>(new ArrayList<>(this.headers.names()));
		}

		@Override
		public boolean contains(String name) {
			return this.headers.contains(name);
		}

		@Override
		public String toString() {
			return "RequestHeaders" + names();
		}

	}

}
