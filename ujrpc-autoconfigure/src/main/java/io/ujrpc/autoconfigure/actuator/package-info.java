/**
 * Spring Boot Actuator web endpoints served by the ujrpc server.
 */
@NullMarked
package io.ujrpc.autoconfigure.actuator;

import org.jspecify.annotations.NullMarked;
