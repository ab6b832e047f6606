package io.ujrpc.autoconfigure.security;

import io.ujrpc.server.route.HttpRoute;

/**
 * Secures an HTTP route served beside JSON-RPC (the actuator's) by the
 * {@link JsonRpcSecurityRules}: callers authenticated by {@code Authorization} header,
 * 401 with a challenge for those who must and did not, 403 for those without the
 * authority.
 */
@FunctionalInterface
public interface HttpRouteSecurity {

	/**
	 * Return a route that answers only the requests the rules allow.
	 * @param route the route
	 * @return the secured route
	 */
	HttpRoute secure(HttpRoute route);

}
