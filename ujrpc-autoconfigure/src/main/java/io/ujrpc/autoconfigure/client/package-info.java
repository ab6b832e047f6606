/**
 * Auto-configuration of ujrpc JSON-RPC clients: named clients from
 * {@code ujrpc.client.<name>.*} properties, and their proxy interfaces as beans.
 */
@NullMarked
package io.ujrpc.autoconfigure.client;

import org.jspecify.annotations.NullMarked;
