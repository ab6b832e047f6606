/**
 * The WebSocket protocol on the HTTP listener. Not API, but for the initializer the HTTP
 * pipeline uses.
 */
@NullMarked
package io.ujrpc.server.websocket;

import org.jspecify.annotations.NullMarked;
