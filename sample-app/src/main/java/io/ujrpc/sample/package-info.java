/**
 * A sample application served by ujrpc.
 */
@NullMarked
package io.ujrpc.sample;

import org.jspecify.annotations.NullMarked;
