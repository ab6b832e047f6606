package io.ujrpc.server.http;

import io.netty.handler.codec.http.HttpRequest;

/**
 * A request whose body streams into its method: its head, the REST route that takes it,
 * and the body as it arrives. Passed from the {@link StreamingRequestHandler} past the
 * aggregator (which lets what is not an HTTP message through) to the
 * {@link JsonRpcHttpHandler}, so that it is answered in order with the others.
 *
 * @param head the request's head; holds no buffer
 * @param lookup the route
 * @param body the body
 */
record StreamedRequest(HttpRequest head, RestRoutes.Lookup lookup, StreamedBody body) {

}
