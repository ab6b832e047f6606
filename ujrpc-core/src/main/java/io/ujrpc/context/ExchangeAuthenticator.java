package io.ujrpc.context;

import java.util.List;

/**
 * Authenticates the caller of an exchange from what came with it (the
 * {@code Authorization} header of an HTTP request or of a WebSocket handshake, the client
 * certificate of a mutual TLS connection) before any call in it runs.
 * <p>
 * The protocol handlers call {@link #authenticate} once per HTTP request, once per
 * WebSocket connection (at the handshake) and once per raw TCP connection (at its first
 * value, after the TLS handshake): on the connection's I/O thread, unless the
 * authenticator says it {@linkplain #blocking() blocks}, when it runs on the blocking
 * executor and the exchange goes on once it is done (the answers of a connection stay in
 * request order). A refusal answers HTTP with 401 and the {@linkplain #challenges()
 * challenges}, refuses a WebSocket upgrade with 401, and closes a TCP connection after a
 * {@code -32001} error. Whether an anonymous caller may call a method is not decided here
 * but by an {@link io.ujrpc.dispatch.JsonRpcInterceptor interceptor}, which answers
 * {@code -32001 Unauthorized} or {@code -32003 Forbidden}; over HTTP a single request
 * answered so gets 401 (with the challenges) or 403.
 */
@FunctionalInterface
public interface ExchangeAuthenticator {

	/**
	 * Authenticate the caller of an exchange.
	 * @param exchange the exchange, without a principal
	 * @return the exchange with the authenticated {@linkplain ExchangeContext#principal()
	 * principal} ({@link ExchangeContext#withPrincipal}), or the exchange as it is for an
	 * anonymous caller
	 * @throws ExchangeAuthenticationException when credentials came but are not valid, or
	 * when the protocol needs an authenticated caller and none came
	 */
	ExchangeContext authenticate(ExchangeContext exchange);

	/**
	 * Whether {@link #authenticate} may block or take long: verify a password hash
	 * (bcrypt takes tens of milliseconds by design), look a user up in a database or a
	 * directory, or fetch a key set over the network. Such an authenticator runs on the
	 * blocking executor, never on an I/O thread, so that no caller (an attacker sending
	 * wrong passwords, say) holds up the other connections of an I/O thread. One that
	 * only compares in memory may answer {@code false} and run on the I/O thread, without
	 * the hop to another thread and back.
	 * @return {@code true} by default
	 */
	default boolean blocking() {
		return true;
	}

	/**
	 * Return the {@code WWW-Authenticate} challenges sent with an HTTP 401 to an
	 * anonymous caller, such as {@code Basic realm="ujrpc"} and {@code Bearer}.
	 * @return the challenges, empty for none
	 */
	default List<String> challenges() {
		return List.of();
	}

}
