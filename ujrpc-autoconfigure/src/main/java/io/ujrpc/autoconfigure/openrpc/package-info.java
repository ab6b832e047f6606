/**
 * Auto-configuration of OpenRPC discovery, the explorer page, parameter validation,
 * exception mapping and reserved method names.
 */
@NullMarked
package io.ujrpc.autoconfigure.openrpc;

import org.jspecify.annotations.NullMarked;
