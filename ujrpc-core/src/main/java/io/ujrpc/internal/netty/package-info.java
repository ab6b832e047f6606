/**
 * What every protocol handler shares: the ordered response queue, the connection base
 * class, and the exchange between bytes and the dispatcher. Internal; not API.
 */
@NullMarked
package io.ujrpc.internal.netty;

import org.jspecify.annotations.NullMarked;
