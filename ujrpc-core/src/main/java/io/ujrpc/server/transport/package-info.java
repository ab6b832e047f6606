/**
 * The I/O transports a server can run on: io_uring, epoll and NIO.
 */
@NullMarked
package io.ujrpc.server.transport;

import org.jspecify.annotations.NullMarked;
