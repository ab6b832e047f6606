/**
 * Plain HTTP routes served beside JSON-RPC, such as the Actuator endpoints.
 */
@NullMarked
package io.ujrpc.server.route;

import org.jspecify.annotations.NullMarked;
