/**
 * The JSON-RPC 2.0 model, its error codes, and its Jackson codec.
 */
@NullMarked
package io.ujrpc.protocol;

import org.jspecify.annotations.NullMarked;
