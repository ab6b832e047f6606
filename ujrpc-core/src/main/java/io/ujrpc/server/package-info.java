/**
 * The ujrpc server: {@link io.ujrpc.server.JsonRpcServer}, its builder, start, stop and
 * graceful drain.
 */
@NullMarked
package io.ujrpc.server;

import org.jspecify.annotations.NullMarked;
