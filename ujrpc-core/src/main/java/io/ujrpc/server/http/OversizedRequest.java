package io.ujrpc.server.http;

/**
 * Passed down the pipeline in place of a request whose body is over the limit, so that
 * its 413 answer keeps its place among pipelined responses.
 */
enum OversizedRequest {

	INSTANCE

}
