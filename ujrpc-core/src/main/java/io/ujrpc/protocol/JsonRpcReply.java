package io.ujrpc.protocol;

import java.util.List;

/**
 * What a JSON-RPC payload is answered with: one {@link JsonRpcResponse}, a batch of
 * responses, or nothing at all (a notification, or a batch of notifications only).
 */
public sealed interface JsonRpcReply permits JsonRpcResponse, JsonRpcReply.Batch, JsonRpcReply.None {

	/** The reply to a payload of notifications only. */
	JsonRpcReply NONE = new None();

	/**
	 * Whether there is nothing to send.
	 * @return {@code true} for {@link #NONE}
	 */
	default boolean isEmpty() {
		return this == NONE;
	}

	/**
	 * The reply to a batch: the responses of its requests that are not notifications, in
	 * payload order, never empty.
	 *
	 * @param responses the responses
	 */
	record Batch(List<JsonRpcResponse> responses) implements JsonRpcReply {

	}

	/**
	 * No reply.
	 */
	record None() implements JsonRpcReply {

	}

}
