/**
 * Spring Security for the ujrpc server: callers authenticated by HTTP Basic, Bearer JWT
 * or a TLS client certificate, calls authorized by {@link JsonRpcSecurityRules}, and the
 * security context set on the thread that runs each method.
 */
@NullMarked
package io.ujrpc.autoconfigure.security;

import org.jspecify.annotations.NullMarked;
