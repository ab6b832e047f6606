package io.ujrpc.protocol;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * An element of a payload that is not a valid request, answered with {@link #error()}.
 *
 * @param id the id to answer with: the request's own when it could be read, else a null
 * node
 * @param error the error to answer with
 */
public record InvalidRequest(JsonNode id, JsonRpcError error) implements JsonRpcEntry {

	/**
	 * Create an instance; a missing id becomes a null node, since an invalid request is
	 * always answered.
	 * @param id the id or {@code null}
	 * @param error the error
	 */
	public InvalidRequest {
		if (id == null) {
			id = NullNode.getInstance();
		}
	}

}
