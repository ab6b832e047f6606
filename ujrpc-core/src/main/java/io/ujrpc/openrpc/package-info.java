/**
 * OpenRPC discovery: the document that describes a registry's methods, served by
 * {@code rpc.discover} and over HTTP, and the explorer page built on it.
 */
@NullMarked
package io.ujrpc.openrpc;

import org.jspecify.annotations.NullMarked;
