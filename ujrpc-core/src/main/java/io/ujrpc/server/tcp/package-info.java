/**
 * The raw TCP protocol: a stream of JSON values in, one JSON value and a newline out per
 * response. Not API, but for the initializer the server uses.
 */
@NullMarked
package io.ujrpc.server.tcp;

import org.jspecify.annotations.NullMarked;
