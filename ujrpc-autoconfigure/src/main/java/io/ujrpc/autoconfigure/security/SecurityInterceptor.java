package io.ujrpc.autoconfigure.security;

import java.util.function.Supplier;

import io.ujrpc.context.RequestContext;
import io.ujrpc.dispatch.JsonRpcExceptionResolver;
import io.ujrpc.dispatch.JsonRpcInterceptor;
import io.ujrpc.dispatch.MethodInvoker;
import io.ujrpc.protocol.JsonRpcError;
import io.ujrpc.protocol.JsonRpcErrorCode;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * Authorizes every call by the {@link JsonRpcSecurityRules} before its params are bound
 * ({@code -32001 Unauthorized} for an anonymous caller, {@code -32003 Forbidden} for
 * another), then runs the method with the caller in the {@link SecurityContext} of the
 * thread that runs it, so that method security ({@code @PreAuthorize}) sees it; the
 * context is cleared after. Method security's refusals are answered the same way.
 */
final class SecurityInterceptor implements JsonRpcInterceptor, JsonRpcExceptionResolver, Ordered {

	/** Early: later interceptors see authorized calls only. */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

	private static final String ANONYMOUS_KEY = "ujrpc-anonymous";

	private static final Authentication ANONYMOUS = new AnonymousAuthenticationToken(ANONYMOUS_KEY, "anonymousUser",
			AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

	private final JsonRpcSecurityRules rules;

	private final SecurityContextHolderStrategy strategy;

	private final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	SecurityInterceptor(JsonRpcSecurityRules rules, SecurityContextHolderStrategy strategy) {
		this.rules = rules;
		this.strategy = strategy;
	}

	@Override
	public @Nullable JsonRpcError preHandle(RequestContext call, MethodInvoker method) {
		Authentication authentication = authentication(call);
		Supplier<Authentication> caller = () -> authentication;
		if (this.rules.isGranted(caller, call)) {
			return null;
		}
		return denied(authentication);
	}

	@Override
	public @Nullable Object aroundInvoke(RequestContext call, MethodInvoker method, Invocation invocation)
			throws Throwable {
		SecurityContext previous = this.strategy.getContext();
		SecurityContext context = this.strategy.createEmptyContext();
		Authentication authentication = authentication(call);
		context.setAuthentication(authentication);
		this.strategy.setContext(context);
		try {
			return invocation.proceed();
		}
		catch (AccessDeniedException | AuthenticationException ex) {
			throw new DeniedException(denied(authentication), ex);
		}
		finally {
			if (previous.getAuthentication() != null) {
				this.strategy.setContext(previous);
			}
			else {
				this.strategy.clearContext();
			}
		}
	}

	@Override
	public @Nullable JsonRpcError resolve(Throwable exception, MethodInvoker method) {
		if (exception instanceof DeniedException denied) {
			return denied.error;
		}
		// Denied later, by what completes a returned stage: the caller is unknown here.
		if (exception instanceof AuthenticationException) {
			return JsonRpcErrorCode.UNAUTHORIZED.toError();
		}
		if (exception instanceof AccessDeniedException) {
			return JsonRpcErrorCode.FORBIDDEN.toError();
		}
		return null;
	}

	private JsonRpcError denied(Authentication authentication) {
		return this.trustResolver.isFullyAuthenticated(authentication) ? JsonRpcErrorCode.FORBIDDEN.toError()
				: JsonRpcErrorCode.UNAUTHORIZED.toError();
	}

	private static Authentication authentication(RequestContext call) {
		return (call.principal() instanceof Authentication authentication) ? authentication : ANONYMOUS;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public String toString() {
		return "SecurityInterceptor";
	}

	/**
	 * Method security refused a call; carries the error for the caller.
	 */
	static final class DeniedException extends RuntimeException {

		private final transient JsonRpcError error;

		DeniedException(JsonRpcError error, Throwable cause) {
			super(error.message(), cause, false, false);
			this.error = error;
		}

	}

}
