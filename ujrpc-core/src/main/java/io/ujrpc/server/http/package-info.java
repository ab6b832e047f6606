/**
 * The HTTP/1.1 protocol: pipeline, request handling and responses. Not API, but for the
 * initializer the server uses.
 */
@NullMarked
package io.ujrpc.server.http;

import org.jspecify.annotations.NullMarked;
