/**
 * The client benchmark: the ujrpc client over HTTP, WebSocket and TCP beside jsonrpc4j's
 * HTTP client, against one ujrpc server.
 */
@NullMarked
package io.ujrpc.benchmarks.client;

import org.jspecify.annotations.NullMarked;
