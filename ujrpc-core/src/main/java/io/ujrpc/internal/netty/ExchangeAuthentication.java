package io.ujrpc.internal.netty;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import io.netty.util.concurrent.EventExecutor;
import io.ujrpc.context.ExchangeAuthenticationException;
import io.ujrpc.context.ExchangeAuthenticator;
import io.ujrpc.context.ExchangeContext;

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
	 * The cause of a failed authentication, unwrapped.
	 * @param failure what the future failed with
	 * @return the cause
	 */
	public static Throwable cause(Throwable failure) {
		return (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause() : failure;
	}

}
