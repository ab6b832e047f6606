/**
 * Micrometer Observation documentation, context and default convention of the client's
 * {@code jsonrpc.client.requests} observation.
 */
@NullMarked
package io.ujrpc.client.observation;

import org.jspecify.annotations.NullMarked;
