/**
 * Tests of trace propagation through the ujrpc server with Spring Boot's tracing.
 */
@NullMarked
package io.ujrpc.autoconfigure.tracing;

import org.jspecify.annotations.NullMarked;
