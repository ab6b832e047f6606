package io.ujrpc.internal.netty;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.EventExecutor;
import io.ujrpc.context.ExchangeAuthenticationException;
import io.ujrpc.context.ExchangeAuthenticator;
import io.ujrpc.context.ExchangeContext;
import io.ujrpc.protocol.JsonRpcErrorCode;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an {@link ExchangeAuthenticator} where it belongs: on the I/O thread when it never
 * blocks, else on the blocking executor, so that a password hash, a user store or a key
 * set fetched over the network never stalls the other connections of an I/O thread (an
 * attacker sending wrong passwords would otherwise hold the I/O thread for a hash each).
 * <p>
 * The future completes on the I/O thread given, with the authenticated exchange, or
 * exceptionally with the {@link ExchangeAuthenticationException} that refused it, or with
 * a {@link RejectedExecutionException} when the blocking executor is saturated.
 */
public final class ExchangeAuthentication {

	private static final Logger logger = LoggerFactory.getLogger(ExchangeAuthentication.class);

	private ExchangeAuthentication() {
	}

	/**
	 * Authenticate the caller of an exchange.
	 * @param authenticator the authenticator
	 * @param exchange the exchange, without a principal
	 * @param blockingExecutor runs a {@linkplain ExchangeAuthenticator#blocking()
	 * blocking} authenticator
	 * @param loop the I/O thread that continues with the result
	 * @return the authenticated exchange; completed already when the authenticator does
	 * not block
	 */
	public static CompletableFuture<ExchangeContext> authenticate(ExchangeAuthenticator authenticator,
			ExchangeContext exchange, Executor blockingExecutor, EventExecutor loop) {
		if (!authenticator.blocking()) {
			try {
				return CompletableFuture.completedFuture(authenticator.authenticate(exchange));
			}
			catch (ExchangeAuthenticationException ex) {
				return CompletableFuture.failedFuture(ex);
			}
		}
		CompletableFuture<ExchangeContext> result = new CompletableFuture<>();
		try {
			blockingExecutor.execute(() -> {
				ExchangeContext authenticated;
				try {
					authenticated = authenticator.authenticate(exchange);
				}
				catch (RuntimeException ex) {
					loop.execute(() -> result.completeExceptionally(ex));
					return;
				}
				loop.execute(() -> result.complete(authenticated));
			});
		}
		catch (RejectedExecutionException ex) {
			result.completeExceptionally(ex);
		}
		return result;
	}

	/**
	 * Go on with an authentication's outcome, failed or not: at once when it is done,
	 * else when it completes (on the I/O thread it was started for).
	 * @param <T> what comes next
	 * @param authenticated the authentication
	 * @param next takes the completed authentication
	 * @return what comes next
	 */
	public static <T> CompletableFuture<T> then(CompletableFuture<ExchangeContext> authenticated,
			Function<CompletableFuture<ExchangeContext>, CompletableFuture<T>> next) {
		if (authenticated.isDone()) {
			return next.apply(authenticated);
		}
		return authenticated.handle((done, ex) -> authenticated).thenCompose(next);
	}

	/**
	 * Say why an authentication failed, logged as a client fault (refused, or no thread
	 * free) or as the server's own (anything else the authenticator threw).
	 * @param failure what the future failed with
	 * @param exchange what was authenticated, for the log
	 * @return the failure
	 */
	public static Failure failure(Throwable failure, Object exchange) {
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		if (cause instanceof ExchangeAuthenticationException refused) {
			logger.debug("Refused the caller of {}: {}", exchange, refused.getMessage());
			return new Failure(JsonRpcErrorCode.UNAUTHORIZED, refused);
		}
		if (cause instanceof RejectedExecutionException) {
			logger.debug("No thread to authenticate the caller of {}: {}", exchange, cause.getMessage());
			return new Failure(JsonRpcErrorCode.SERVER_BUSY, null);
		}
		logger.warn("Authenticating the caller of {} failed", exchange, cause);
		return new Failure(JsonRpcErrorCode.INTERNAL_ERROR, null);
	}

	/**
	 * Why an authentication failed.
	 *
	 * @param code {@code -32001} refused, {@code -32000} no thread free, {@code -32603}
	 * the authenticator failed
	 * @param refusal the refusal, with the message and challenges to send, for
	 * {@code -32001}
	 */
	public record Failure(JsonRpcErrorCode code, @Nullable ExchangeAuthenticationException refusal) {

		/**
		 * The HTTP status that answers it: 401, 503 or 500.
		 * @return the status
		 */
		public HttpResponseStatus status() {
			return switch (this.code) {
				case UNAUTHORIZED -> HttpResponseStatus.UNAUTHORIZED;
				case SERVER_BUSY -> HttpResponseStatus.SERVICE_UNAVAILABLE;
				default -> HttpResponseStatus.INTERNAL_SERVER_ERROR;
			};
		}

		/**
		 * The message to send: the refusal's, else the code's.
		 * @return the message
		 */
		public String message() {
			return (this.refusal != null && this.refusal.getMessage() != null) ? this.refusal.getMessage()
					: this.code.message();
		}

		/**
		 * The {@code WWW-Authenticate} challenges to send.
		 * @return the challenges, empty but for a refusal
		 */
		public List<String> challenges() {
			return (this.refusal != null) ? this.refusal.getChallenges() : List.of();
		}

	}

}
