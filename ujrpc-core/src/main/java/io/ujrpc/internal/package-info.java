/**
 * Internal helpers of ujrpc-core; not API: nothing outside ujrpc-core may use them.
 */
@NullMarked
package io.ujrpc.internal;

import org.jspecify.annotations.NullMarked;
