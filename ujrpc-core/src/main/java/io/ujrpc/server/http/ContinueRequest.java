package io.ujrpc.server.http;

/**
 * Passed down the pipeline ahead of a request that expects {@code 100-continue}, so that
 * the interim response is written in order after the responses still pending, rather than
 * by the aggregator ahead of them.
 */
enum ContinueRequest {

	INSTANCE

}
