/**
 * The method registry, parameter binding, and the Netty-free dispatcher that answers
 * decoded payloads.
 */
@NullMarked
package io.ujrpc.dispatch;

import org.jspecify.annotations.NullMarked;
