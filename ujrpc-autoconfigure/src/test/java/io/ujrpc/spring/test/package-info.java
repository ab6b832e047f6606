/**
 * Tests of the support for Spring Boot tests.
 */
@NullMarked
package io.ujrpc.spring.test;

import org.jspecify.annotations.NullMarked;
