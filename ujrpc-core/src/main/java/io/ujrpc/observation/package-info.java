/**
 * Micrometer Observation documentation, context and default convention of JSON-RPC calls,
 * and the listener for server-level metrics.
 */
@NullMarked
package io.ujrpc.observation;

import org.jspecify.annotations.NullMarked;
