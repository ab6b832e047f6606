package io.ujrpc.server.tcp;

import io.ujrpc.protocol.JsonRpcError;
import io.ujrpc.protocol.JsonRpcErrorCode;

/**
 * Passed down the pipeline by {@link JsonValueDecoder} when the stream cannot be framed
 * any further, so that its error is answered in order after the responses still pending,
 * and the connection then closed.
 *
 * @param error the error to answer with
 */
record JsonFramingError(JsonRpcError error) {

	static JsonFramingError of(JsonRpcErrorCode code, String detail) {
		return new JsonFramingError(code.toError(detail));
	}

}
