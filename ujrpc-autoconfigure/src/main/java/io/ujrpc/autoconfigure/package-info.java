/**
 * Spring Boot auto-configuration of the ujrpc server, its properties and customizers.
 */
@NullMarked
package io.ujrpc.autoconfigure;

import org.jspecify.annotations.NullMarked;
