/**
 * The annotations that make bean methods JSON-RPC methods.
 */
@NullMarked
package io.ujrpc.annotation;

import org.jspecify.annotations.NullMarked;
