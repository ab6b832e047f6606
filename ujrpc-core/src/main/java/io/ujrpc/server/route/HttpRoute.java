package io.ujrpc.server.route;

import java.util.concurrent.CompletionStage;

/**
 * Serves plain HTTP requests under a path prefix beside JSON-RPC, such as the Actuator
 * endpoints.
 * <p>
 * Called on an I/O thread: a route that does more than trivial work must move it to
 * another executor and complete the stage from there. Responses on one connection are
 * written in request order, whatever order their stages complete in.
 */
@FunctionalInterface
public interface HttpRoute {

	/**
	 * Answer a request.
	 * @param request the request, with its body copied out of the network buffers
	 * @return the response, possibly completed later
	 */
	CompletionStage<HttpRouteResponse> handle(HttpRouteRequest request);

}
