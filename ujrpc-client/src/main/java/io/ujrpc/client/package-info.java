/**
 * A JSON-RPC 2.0 client on Netty: typed proxies and plain calls over HTTP, WebSocket and
 * raw TCP, plaintext or TLS.
 */
@NullMarked
package io.ujrpc.client;

import org.jspecify.annotations.NullMarked;
