/**
 * Micrometer metrics of the ujrpc server.
 */
@NullMarked
package io.ujrpc.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
