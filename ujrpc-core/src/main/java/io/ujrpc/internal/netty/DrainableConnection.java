package io.ujrpc.internal.netty;

import io.netty.util.AttributeKey;

/**
 * A connection that can be closed gracefully: it stops taking requests, answers those in
 * flight, then closes. Protocol handlers put themselves on their channel under
 * {@link #KEY}.
 */
public interface DrainableConnection {

	/**
	 * The channel attribute under which a connection's handler is found.
	 */
	AttributeKey<DrainableConnection> KEY = AttributeKey.valueOf(DrainableConnection.class, "drainable");

	/**
	 * Start draining. Called on the channel's event loop.
	 */
	void drain();

}
