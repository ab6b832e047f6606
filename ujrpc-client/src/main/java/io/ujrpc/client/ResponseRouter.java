package io.ujrpc.client;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/*
 * Matches responses to calls by id.
 */
final class ResponseRouter {

	private static final Logger logger = LoggerFactory.getLogger(ResponseRouter.class);

	private ResponseRouter() {
	}

	/*
	 * Return the numeric id a response carries, or {@code null} when it is absent, null,
	 * or not one this client sends.
	 */
	static @Nullable Long id(JsonRpcClientCodec.Response response) {
		JsonNode id = response.id();
		if (id == null || id.isNull()) {
			return null;
		}
		if (id.isIntegralNumber() && id.canConvertToLong()) {
			return id.longValue();
		}
		if (id.isString()) {
			try {
				return Long.parseLong(id.stringValue());
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}
		return null;
	}

	/*
	 * Complete a message's calls from the responses to it, as HTTP delivers them: an
	 * error without an id answers every call still waiting, since the server could not
	 * read the payload; calls left unanswered fail.
	 */
	static void complete(OutgoingMessage message, List<JsonRpcClientCodec.Response> responses, JsonRpcClientCodec codec,
			String server) {
		for (JsonRpcClientCodec.Response response : responses) {
			Long id = id(response);
			if (id == null) {
				if (response.error() != null) {
					for (PendingCall call : message.calls()) {
						if (!call.isNotification()) {
							call.fail(response.error());
						}
					}
				}
				continue;
			}
			PendingCall call = find(message, id);
			if (call == null) {
				logger.debug("Ignoring a response from {} with id {}, which no call of the request has", server, id);
				continue;
			}
			complete(call, response, codec);
		}
		message.acknowledgeNotifications();
		for (PendingCall call : message.calls()) {
			if (!call.isDone()) {
				call.fail(new JsonRpcClientException(
						"Response from " + server + " has no answer to the call to '" + call.request().method() + "'",
						null));
			}
		}
	}

	static void complete(PendingCall call, JsonRpcClientCodec.Response response, JsonRpcClientCodec codec) {
		if (response.error() != null) {
			call.fail(response.error());
		}
		else {
			JsonNode result = response.result();
			call.succeed((result != null) ? result : NullNode.getInstance(), codec.mapper());
		}
	}

	private static @Nullable PendingCall find(OutgoingMessage message, long id) {
		for (PendingCall call : message.calls()) {
			Long callId = call.id();
			if (callId != null && callId == id) {
				return call;
			}
		}
		return null;
	}

}
