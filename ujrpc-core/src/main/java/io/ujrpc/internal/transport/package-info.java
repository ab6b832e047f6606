/**
 * The choice of I/O transport. Internal; not API.
 */
@NullMarked
package io.ujrpc.internal.transport;

import org.jspecify.annotations.NullMarked;
