package io.ujrpc.autoconfigure.security;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.ujrpc.context.ExchangeAuthenticationException;
import io.ujrpc.server.route.HttpRoute;
import io.ujrpc.server.route.HttpRouteRequest;
import io.ujrpc.server.route.HttpRouteResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;

/**
 * The {@link HttpRouteSecurity} of the {@link SpringSecurityAuthenticator} and the
 * {@link JsonRpcSecurityRules}.
 */
final class SecuredHttpRoutes implements HttpRouteSecurity {

	private static final Authentication ANONYMOUS = new AnonymousAuthenticationToken("ujrpc-anonymous", "anonymousUser",
			AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

	/**
	 * Authenticates callers; without it (another authenticator replaced it) all are
	 * anonymous.
	 */
	private final @Nullable SpringSecurityAuthenticator authenticator;

	private final JsonRpcSecurityRules rules;

	SecuredHttpRoutes(@Nullable SpringSecurityAuthenticator authenticator, JsonRpcSecurityRules rules) {
		this.authenticator = authenticator;
		this.rules = rules;
	}

	@Override
	public HttpRoute secure(HttpRoute route) {
		return (request) -> handle(route, request);
	}

	private CompletionStage<HttpRouteResponse> handle(HttpRoute route, HttpRouteRequest request) {
		Authentication authentication;
		try {
			@Nullable Authentication authenticated = (this.authenticator != null)
					? this.authenticator.authenticate(request.header("Authorization")) : null;
			authentication = (authenticated != null) ? authenticated : ANONYMOUS;
		}
		catch (ExchangeAuthenticationException ex) {
			return CompletableFuture.completedFuture(unauthorized(ex.getMessage(), ex.getChallenges()));
		}
		Authentication caller = authentication;
		if (this.rules.isGranted(() -> caller, request.path())) {
			return route.handle(request);
		}
		if (new AuthenticationTrustResolverImpl().isFullyAuthenticated(authentication)) {
			return CompletableFuture.completedFuture(HttpRouteResponse.text(403, "Forbidden"));
		}
		return CompletableFuture.completedFuture(unauthorized("Full authentication is required",
				(this.authenticator != null) ? this.authenticator.challenges() : List.of()));
	}

	private static HttpRouteResponse unauthorized(@Nullable String message, List<String> challenges) {
		HttpRouteResponse text = HttpRouteResponse.text(401, (message != null) ? message : "Unauthorized");
		return new HttpRouteResponse(401, text.contentType(), text.body(),
				challenges.isEmpty() ? Map.of() : Map.of("WWW-Authenticate", String.join(", ", challenges)));
	}

}
