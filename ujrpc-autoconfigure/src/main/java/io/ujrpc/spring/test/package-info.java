/**
 * Support for Spring Boot tests of applications served by ujrpc.
 */
@NullMarked
package io.ujrpc.spring.test;

import org.jspecify.annotations.NullMarked;
