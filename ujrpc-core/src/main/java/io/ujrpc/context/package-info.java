/**
 * What a call knows of where it came from: the request context a method can take as a
 * parameter and interceptors see. Free of Netty and of the server.
 */
@NullMarked
package io.ujrpc.context;

import org.jspecify.annotations.NullMarked;
