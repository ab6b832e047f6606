package io.ujrpc.client;

import java.util.concurrent.CompletableFuture;

/**
 * Carries messages to one server over one wire protocol and completes their calls.
 */
interface Connector {

	/*
	 * Send a message; its calls complete when the responses arrive, on a failure, or on
	 * its timeout. Never throws: failures complete the calls.
	 */
	void send(OutgoingMessage message);

	/*
	 * Close every connection, failing what is in flight.
	 */
	CompletableFuture<Void> close();

}
