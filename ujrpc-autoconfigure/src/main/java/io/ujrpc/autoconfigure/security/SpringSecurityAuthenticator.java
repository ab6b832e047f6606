package io.ujrpc.autoconfigure.security;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ujrpc.context.ExchangeAuthenticationException;
import io.ujrpc.context.ExchangeAuthenticator;
import io.ujrpc.context.ExchangeContext;
import io.ujrpc.protocol.Protocol;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * Authenticates callers the way Spring Security's filters do for a servlet app: the
 * {@code Authorization} header ({@code Basic} with the user details, {@code Bearer} with
 * the JWT decoder), else, where enabled, the TLS client certificate's subject looked up
 * in the user details (as {@code http.x509()} does). The caller becomes the exchange's
 * principal, an {@link Authentication}.
 */
final class SpringSecurityAuthenticator implements ExchangeAuthenticator {

	private static final Log logger = LogFactory.getLog(SpringSecurityAuthenticator.class);

	private final @Nullable AuthenticationManager basic;

	private final @Nullable AuthenticationManager bearer;

	private final @Nullable UserDetailsService x509Users;

	private final Pattern subjectPrincipal;

	private final JsonRpcSecurityRules rules;

	private final List<String> challenges;

	/**
	 * Create an authenticator.
	 * @param basic authenticates user name and password, or {@code null} for no Basic
	 * @param bearer authenticates bearer tokens, or {@code null} for no Bearer
	 * @param x509Users looks up the subject of client certificates, or {@code null} not
	 * to authenticate by certificate
	 * @param subjectPrincipal finds the user name in the certificate's subject, in group
	 * 1
	 * @param rules the rules, for whether anonymous connections are worth accepting
	 * @param realm the Basic realm
	 */
	SpringSecurityAuthenticator(@Nullable AuthenticationManager basic, @Nullable AuthenticationManager bearer,
			@Nullable UserDetailsService x509Users, Pattern subjectPrincipal, JsonRpcSecurityRules rules,
			String realm) {
		this.basic = basic;
		this.bearer = bearer;
		this.x509Users = x509Users;
		this.subjectPrincipal = subjectPrincipal;
		this.rules = rules;
		List<String> challenges = new ArrayList<>();
		if (basic != null) {
			challenges.add("Basic realm=\"" + realm + "\"");
		}
		if (bearer != null) {
			challenges.add("Bearer");
		}
		this.challenges = List.copyOf(challenges);
	}

	@Override
	public ExchangeContext authenticate(ExchangeContext exchange) {
		Authentication authentication = authenticate(exchange.headers().get("Authorization"));
		if (authentication == null && this.x509Users != null) {
			authentication = authenticate(exchange.peerCertificates());
		}
		if (authentication != null) {
			return exchange.withPrincipal(authentication);
		}
		if (exchange.protocol() != Protocol.HTTP && !this.rules.permitsAnonymousCalls()) {
			// A connection whose every call would be refused is refused up front.
			throw new ExchangeAuthenticationException("Full authentication is required", this.challenges);
		}
		return exchange;
	}

	/**
	 * Authenticate the credentials of an {@code Authorization} header.
	 * @param authorization the header, or {@code null}
	 * @return the caller, or {@code null} when no header came
	 * @throws ExchangeAuthenticationException when the credentials are refused
	 */
	@Nullable Authentication authenticate(@Nullable String authorization) {
		if (authorization == null) {
			return null;
		}
		String scheme = authorization.split(" ", 2)[0].toLowerCase(Locale.ROOT);
		String credentials = authorization.substring(scheme.length()).trim();
		if (scheme.equals("basic") && this.basic != null) {
			return basic(this.basic, credentials);
		}
		if (scheme.equals("bearer") && this.bearer != null) {
			return bearer(this.bearer, credentials);
		}
		throw new ExchangeAuthenticationException("Unsupported authorization scheme", this.challenges);
	}

	private Authentication basic(AuthenticationManager manager, String credentials) {
		String decoded;
		try {
			decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw new ExchangeAuthenticationException("Invalid basic authentication token", this.challenges);
		}
		int colon = decoded.indexOf(':');
		if (colon < 0) {
			throw new ExchangeAuthenticationException("Invalid basic authentication token", this.challenges);
		}
		try {
			return manager.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(decoded.substring(0, colon),
					decoded.substring(colon + 1)));
		}
		catch (AuthenticationException ex) {
			logger.debug("Basic authentication failed: " + ex.getMessage());
			throw new ExchangeAuthenticationException("Bad credentials", this.challenges);
		}
	}

	private Authentication bearer(AuthenticationManager manager, String token) {
		try {
			return manager.authenticate(new BearerTokenAuthenticationToken(token));
		}
		catch (AuthenticationException ex) {
			logger.debug("Bearer authentication failed: " + ex.getMessage());
			String description = (ex instanceof OAuth2AuthenticationException oauth
					&& oauth.getError().getDescription() != null) ? oauth.getError().getDescription() : "Invalid token";
			List<String> challenges = new ArrayList<>();
			for (String challenge : this.challenges) {
				challenges.add(challenge.equals("Bearer") ? "Bearer error=\"invalid_token\", error_description=\""
						+ description.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : challenge);
			}
			throw new ExchangeAuthenticationException("Invalid token", challenges);
		}
	}

	private @Nullable Authentication authenticate(List<X509Certificate> certificates) {
		if (certificates.isEmpty() || this.x509Users == null) {
			return null;
		}
		X509Certificate certificate = certificates.get(0);
		String subject = certificate.getSubjectX500Principal().getName();
		Matcher matcher = this.subjectPrincipal.matcher(subject);
		if (!matcher.find() || matcher.groupCount() < 1) {
			throw new ExchangeAuthenticationException("No user name in the client certificate", this.challenges);
		}
		String name = matcher.group(1);
		UserDetails user;
		try {
			user = this.x509Users.loadUserByUsername(name);
		}
		catch (AuthenticationException ex) {
			logger.debug("Client certificate of '" + name + "' refused: " + ex.getMessage());
			throw new ExchangeAuthenticationException("Unknown client certificate", this.challenges);
		}
		if (!user.isEnabled() || !user.isAccountNonLocked() || !user.isAccountNonExpired()) {
			throw new ExchangeAuthenticationException("Account disabled", this.challenges);
		}
		// Pre-authenticated by the TLS handshake, as Spring Security's x509 support does.
		return UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities());
	}

	@Override
	public List<String> challenges() {
		return this.challenges;
	}

}
