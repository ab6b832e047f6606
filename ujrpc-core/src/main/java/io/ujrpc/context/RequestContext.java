package io.ujrpc.context;

import java.net.SocketAddress;
import java.security.Principal;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SSLSession;

import io.ujrpc.protocol.JsonRpcRequest;
import io.ujrpc.protocol.Protocol;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What one JSON-RPC call knows of its request: the call itself (method, id, params) and
 * the {@link ExchangeContext} of the payload it came in. A method takes it by declaring a
 * parameter of this type, which is never bound from {@code params} and never listed in
 * the OpenRPC document.
 */
public final class RequestContext {

	private final ExchangeContext exchange;

	private final JsonRpcRequest request;

	/**
	 * Create the context of one call.
	 * @param exchange where the payload came from
	 * @param request the call
	 */
	public RequestContext(ExchangeContext exchange, JsonRpcRequest request) {
		this.exchange = exchange;
		this.request = request;
	}

	/**
	 * Return where the payload of this call came from.
	 * @return the exchange
	 */
	public ExchangeContext exchange() {
		return this.exchange;
	}

	/**
	 * Return the call.
	 * @return the request
	 */
	public JsonRpcRequest request() {
		return this.request;
	}

	/**
	 * Return the called method's name.
	 * @return the name
	 */
	public String method() {
		return this.request.method();
	}

	/**
	 * Return the request id.
	 * @return the id (a string, number or null node), or {@code null} for a notification
	 */
	public @Nullable JsonNode id() {
		return this.request.id();
	}

	/**
	 * Whether this call is a notification, which gets no response.
	 * @return {@code true} for a notification
	 */
	public boolean isNotification() {
		return this.request.isNotification();
	}

	/**
	 * Return the wire protocol.
	 * @return the protocol
	 */
	public Protocol protocol() {
		return this.exchange.protocol();
	}

	/**
	 * Return the peer's address.
	 * @return the address, or {@code null} when the call did not come over a socket
	 */
	public @Nullable SocketAddress remoteAddress() {
		return this.exchange.remoteAddress();
	}

	/**
	 * Return the server's address the peer connected to.
	 * @return the address, or {@code null} when the call did not come over a socket
	 */
	public @Nullable SocketAddress localAddress() {
		return this.exchange.localAddress();
	}

	/**
	 * Return the HTTP request's headers; for WebSocket, the handshake's.
	 * @return the headers, {@link RequestHeaders#EMPTY} for raw TCP
	 */
	public RequestHeaders headers() {
		return this.exchange.headers();
	}

	/**
	 * Return the connection's TLS session.
	 * @return the session, or {@code null} when the connection is not TLS
	 */
	public @Nullable SSLSession sslSession() {
		return this.exchange.sslSession();
	}

	/**
	 * Return the certificates the peer presented (mutual TLS), its own first.
	 * @return the certificates, empty when none
	 */
	public List<X509Certificate> peerCertificates() {
		return this.exchange.peerCertificates();
	}

	/**
	 * Return the authenticated caller.
	 * @return the principal, or {@code null} when the caller is not authenticated
	 */
	public @Nullable Principal principal() {
		return this.exchange.principal();
	}

	@Override
	public String toString() {
		return "RequestContext[" + this.request.method() + ", " + this.exchange + "]";
	}

}
