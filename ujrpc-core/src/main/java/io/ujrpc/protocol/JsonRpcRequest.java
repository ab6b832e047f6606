package io.ujrpc.protocol;

import tools.jackson.databind.JsonNode;

/**
 * A valid JSON-RPC 2.0 request object.
 *
 * @param method the method name
 * @param params the parameters: an array (by position), an object (by name), or
 * {@code null} when the member is absent
 * @param id the id: a string, number or null node, or {@code null} when the member is
 * absent, which makes the request a notification
 */
public record JsonRpcRequest(String method, JsonNode params, JsonNode id) implements JsonRpcEntry {

	/**
	 * Whether this request is a notification: it has no {@code id} member and gets no
	 * response. An {@code "id": null} member makes a request, not a notification.
	 * @return {@code true} for a notification
	 */
	public boolean isNotification() {
		return this.id == null;
	}

}
