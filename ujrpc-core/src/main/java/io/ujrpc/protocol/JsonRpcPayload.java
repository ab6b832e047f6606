package io.ujrpc.protocol;

import java.util.List;

/**
 * A decoded JSON-RPC payload: a single request or a batch.
 *
 * @param batch whether the payload was a batch (a JSON array), so that the response is an
 * array too
 * @param entries the requests, valid or not, in payload order
 */
public record JsonRpcPayload(boolean batch, List<JsonRpcEntry> entries) {

	/**
	 * Create a single-entry payload that answers with one error.
	 * @param error the error
	 * @return the payload
	 */
	public static JsonRpcPayload failure(JsonRpcError error) {
		return new JsonRpcPayload(false, List.of(new InvalidRequest(null, error)));
	}

}
