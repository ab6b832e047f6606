package io.ujrpc.context;

import java.net.SocketAddress;
import java.security.Principal;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import io.ujrpc.protocol.Protocol;
import org.jspecify.annotations.Nullable;

/**
 * Where one payload (an HTTP request, a WebSocket message, a raw TCP value) came from:
 * the protocol, the connection's addresses and TLS session, the request's (or the
 * WebSocket handshake's) headers, and the caller once authenticated. Immutable; shared by
 * every call of a batch.
 */
public final class ExchangeContext {

	private static final Map<Protocol, ExchangeContext> LOCAL = new EnumMap<>(Protocol.class);

	static {
		for (Protocol protocol : Protocol.values()) {
			LOCAL.put(protocol, new ExchangeContext(protocol, null, null, null, RequestHeaders.EMPTY, null));
		}
	}

	private final Protocol protocol;

	private final @Nullable SocketAddress remoteAddress;

	private final @Nullable SocketAddress localAddress;

	private final @Nullable SSLSession sslSession;

	private final RequestHeaders headers;

	private final @Nullable Principal principal;

	/**
	 * Create a context.
	 * @param protocol the wire protocol
	 * @param remoteAddress the peer's address, or {@code null} when not on a socket
	 * @param localAddress the server's address the peer connected to, or {@code null}
	 * @param sslSession the connection's TLS session, or {@code null} without TLS
	 * @param headers the HTTP request's headers (WebSocket: the handshake's), or
	 * {@link RequestHeaders#EMPTY}
	 * @param principal the authenticated caller, or {@code null} for none
	 */
	public ExchangeContext(Protocol protocol, @Nullable SocketAddress remoteAddress,
			@Nullable SocketAddress localAddress, @Nullable SSLSession sslSession, RequestHeaders headers,
			@Nullable Principal principal) {
		this.protocol = protocol;
		this.remoteAddress = remoteAddress;
		this.localAddress = localAddress;
		this.sslSession = sslSession;
		this.headers = headers;
		this.principal = principal;
	}

	/**
	 * Return a context for a payload that did not come over a socket (tests, in-process
	 * calls): no addresses, no headers, no TLS, no principal.
	 * @param protocol the protocol to report
	 * @return a shared context
	 */
	public static ExchangeContext local(Protocol protocol) {
		return LOCAL.get(protocol);
	}

	/**
	 * Return the wire protocol the payload came over.
	 * @return the protocol
	 */
	public Protocol protocol() {
		return this.protocol;
	}

	/**
	 * Return the peer's address.
	 * @return the address, or {@code null} when the payload did not come over a socket
	 */
	public @Nullable SocketAddress remoteAddress() {
		return this.remoteAddress;
	}

	/**
	 * Return the server's address the peer connected to.
	 * @return the address, or {@code null} when the payload did not come over a socket
	 */
	public @Nullable SocketAddress localAddress() {
		return this.localAddress;
	}

	/**
	 * Return the connection's TLS session.
	 * @return the session, or {@code null} when the connection is not TLS
	 */
	public @Nullable SSLSession sslSession() {
		return this.sslSession;
	}

	/**
	 * Return the certificates the peer presented during the TLS handshake (mutual TLS),
	 * its own first.
	 * @return the certificates, empty without TLS or when the peer presented none
	 */
	public List<X509Certificate> peerCertificates() {
		SSLSession session = this.sslSession;
		if (session == null) {
			return List.of();
		}
		try {
			List<X509Certificate> certificates = new ArrayList<>();
			for (Certificate certificate : session.getPeerCertificates()) {
				if (certificate instanceof X509Certificate x509) {
					certificates.add(x509);
				}
			}
			return List.copyOf(certificates);
		}
		catch (SSLPeerUnverifiedException ex) {
			return List.of();
		}
	}

	/**
	 * Return the HTTP request's headers; for WebSocket, the handshake's.
	 * @return the headers, {@link RequestHeaders#EMPTY} for raw TCP
	 */
	public RequestHeaders headers() {
		return this.headers;
	}

	/**
	 * Return the authenticated caller.
	 * @return the principal, or {@code null} when the caller is not authenticated
	 */
	public @Nullable Principal principal() {
		return this.principal;
	}

	/**
	 * Return a copy of this context with another principal.
	 * @param principal the authenticated caller, or {@code null} for none
	 * @return the copy
	 */
	public ExchangeContext withPrincipal(@Nullable Principal principal) {
		return new ExchangeContext(this.protocol, this.remoteAddress, this.localAddress, this.sslSession, this.headers,
				principal);
	}

	@Override
	public String toString() {
		return "ExchangeContext[" + this.protocol + ", remote=" + this.remoteAddress + "]";
	}

}
