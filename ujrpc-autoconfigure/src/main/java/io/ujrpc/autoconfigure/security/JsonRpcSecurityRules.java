package io.ujrpc.autoconfigure.security;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.ujrpc.context.RequestContext;
import io.ujrpc.dispatch.MethodNamePatterns;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authorization.AuthenticatedAuthorizationManager;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.util.AntPathMatcher;

/**
 * Which JSON-RPC methods and HTTP routes (the actuator's) need which caller, asked in the
 * order the rules were added; the first rule that matches decides. Without a matching
 * rule, a method or route needs an authenticated caller, except {@code /actuator/health}
 * (and its groups), which is open as in Spring Boot.
 * <p>
 * Methods are matched by name pattern ({@code *} for any characters, dots included;
 * {@code ?} for one), routes by Ant-style path pattern ({@code /actuator/**}).
 */
public final class JsonRpcSecurityRules {

	private static final AntPathMatcher PATHS = new AntPathMatcher();

	private final List<Rule<RequestContext>> methodRules = new ArrayList<>();

	private final List<Rule<String>> routeRules = new ArrayList<>();

	private final String healthPath;

	JsonRpcSecurityRules(String actuatorBasePath) {
		this.healthPath = actuatorBasePath + "/health";
	}

	/**
	 * Start a rule for the methods whose names match one of some patterns.
	 * @param patterns the method name patterns, such as {@code admin.*}
	 * @return the rule, to be finished with who may call
	 */
	public Access<RequestContext> methods(String... patterns) {
		MethodNamePatterns names = MethodNamePatterns.of(patterns);
		return new Access<>((manager) -> this.methodRules
			.add(new Rule<>((call) -> names.matches(call.method()), manager, names.toString())));
	}

	/**
	 * Start a rule for every method not matched by an earlier rule.
	 * @return the rule, to be finished with who may call
	 */
	public Access<RequestContext> anyMethod() {
		return new Access<>((manager) -> this.methodRules.add(new Rule<>((call) -> true, manager, "any method")));
	}

	/**
	 * Start a rule for the HTTP routes (actuator endpoints) whose paths match one of some
	 * Ant-style patterns.
	 * @param patterns the path patterns, such as {@code /actuator/**}
	 * @return the rule, to be finished with who may call
	 */
	public Access<String> routes(String... patterns) {
		List<String> list = List.of(patterns);
		return new Access<>((manager) -> this.routeRules.add(new Rule<>(
				(path) -> list.stream().anyMatch((pattern) -> PATHS.match(pattern, path)), manager, list.toString())));
	}

	/**
	 * Start a rule for every HTTP route not matched by an earlier rule.
	 * @return the rule, to be finished with who may call
	 */
	public Access<String> anyRoute() {
		return new Access<>((manager) -> this.routeRules.add(new Rule<>((path) -> true, manager, "any route")));
	}

	/**
	 * Decide a call.
	 * @param authentication the caller, anonymous when not authenticated
	 * @param call the call
	 * @return whether it may go on
	 */
	boolean isGranted(Supplier<Authentication> authentication, RequestContext call) {
		for (Rule<RequestContext> rule : this.methodRules) {
			if (rule.matches(call)) {
				return rule.isGranted(authentication, call);
			}
		}
		return AuthenticatedAuthorizationManager.authenticated().authorize(authentication, call).isGranted();
	}

	/**
	 * Decide a request of an HTTP route.
	 * @param authentication the caller, anonymous when not authenticated
	 * @param path the request's path
	 * @return whether it may go on
	 */
	boolean isGranted(Supplier<Authentication> authentication, String path) {
		for (Rule<String> rule : this.routeRules) {
			if (rule.matches(path)) {
				return rule.isGranted(authentication, path);
			}
		}
		if (path.equals(this.healthPath) || path.startsWith(this.healthPath + "/")) {
			return true;
		}
		return AuthenticatedAuthorizationManager.authenticated().authorize(authentication, path).isGranted();
	}

	/**
	 * Whether some method is open to anonymous callers, so that a WebSocket or TCP
	 * connection without credentials is worth accepting.
	 * @return {@code true} when a method rule permits all
	 */
	boolean permitsAnonymousCalls() {
		return this.methodRules.stream().anyMatch((rule) -> rule.manager() == PERMIT_ALL);
	}

	private static final AuthorizationManager<Object> PERMIT_ALL = (authentication,
			object) -> new AuthorizationDecision(true);

	private static final AuthorizationManager<Object> DENY_ALL = (authentication,
			object) -> new AuthorizationDecision(false);

	/**
	 * Who may call what a rule matches; each method finishes the rule.
	 *
	 * @param <T> what is authorized: a call, or a route's path
	 */
	public final class Access<T> {

		private final java.util.function.Consumer<AuthorizationManager<? super T>> finish;

		private Access(java.util.function.Consumer<AuthorizationManager<? super T>> finish) {
			this.finish = finish;
		}

		/**
		 * Anyone, authenticated or not.
		 * @return the rules, for the next rule
		 */
		public JsonRpcSecurityRules permitAll() {
			return access(PERMIT_ALL);
		}

		/**
		 * No one.
		 * @return the rules, for the next rule
		 */
		public JsonRpcSecurityRules denyAll() {
			return access(DENY_ALL);
		}

		/**
		 * Any authenticated caller.
		 * @return the rules, for the next rule
		 */
		public JsonRpcSecurityRules authenticated() {
			return access(AuthenticatedAuthorizationManager.authenticated());
		}

		/**
		 * Callers with an authority, such as {@code ADMIN} or {@code SCOPE_write}.
		 * @param authority the authority
		 * @return the rules, for the next rule
		 */
		public JsonRpcSecurityRules hasAuthority(String authority) {
			return access(AuthorityAuthorizationManager.hasAuthority(authority));
		}

		/**
		 * Callers with one of some authorities.
		 * @param authorities the authorities
		 * @return the rules, for the next rule
		 */
		public JsonRpcSecurityRules hasAnyAuthority(String... authorities) {
			return access(AuthorityAuthorizationManager.hasAnyAuthority(authorities));
		}

		/**
		 * Callers with a role: the authority {@code ROLE_} followed by the role.
		 * @param role the role, without {@code ROLE_}
		 * @return the rules, for the next rule
		 */
		public JsonRpcSecurityRules hasRole(String role) {
			return access(AuthorityAuthorizationManager.hasRole(role));
		}

		/**
		 * Callers with one of some roles.
		 * @param roles the roles, without {@code ROLE_}
		 * @return the rules, for the next rule
		 */
		public JsonRpcSecurityRules hasAnyRole(String... roles) {
			return access(AuthorityAuthorizationManager.hasAnyRole(roles));
		}

		/**
		 * Callers an authorization manager grants.
		 * @param manager decides from the caller and the call (or the route's path)
		 * @return the rules, for the next rule
		 */
		public JsonRpcSecurityRules access(AuthorizationManager<? super T> manager) {
			this.finish.accept(manager);
			return JsonRpcSecurityRules.this;
		}

	}

	private record Rule<T>(java.util.function.Predicate<T> matcher, AuthorizationManager<? super T> manager,
			String description) {

		boolean matches(T object) {
			return this.matcher.test(object);
		}

		boolean isGranted(Supplier<Authentication> authentication, T object) {
			@Nullable AuthorizationResult result = this.manager.authorize(authentication, object);
			return result != null && result.isGranted();
		}

	}

}
