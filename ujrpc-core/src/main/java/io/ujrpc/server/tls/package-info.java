/**
 * TLS contexts for the server's listeners.
 */
@NullMarked
package io.ujrpc.server.tls;

import org.jspecify.annotations.NullMarked;
