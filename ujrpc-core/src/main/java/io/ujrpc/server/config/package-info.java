/**
 * The immutable configuration of a server: one settings record per listener, checked once
 * when the builder builds it.
 */
@NullMarked
package io.ujrpc.server.config;

import org.jspecify.annotations.NullMarked;
