package io.ujrpc.benchmarks.loadgen;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.util.concurrent.Future;

/**
 * One wire protocol the load generator speaks. A transport frames requests and tells a
 * {@link ResponseListener} about each complete response; the load logic knows nothing
 * else.
 * <p>
 * A WebSocket transport fits the same shape: {@link #connect} completes after the upgrade
 * handshake, {@link #write} sends a text frame, each text frame received is one response.
 */
interface Transport {

	/**
	 * Opens one connection.
	 * @param bootstrap a bootstrap bound to the event loop the connection lives on
	 * @param listener told about every response on this connection
	 * @return the channel, once it is ready to take requests
	 */
	Future<Channel> connect(Bootstrap bootstrap, ResponseListener listener);

	/**
	 * Writes one request without flushing.
	 * @param channel a channel from {@link #connect}
	 */
	void write(Channel channel);

	/**
	 * Receives the outcome of each request, in order, on the connection's event loop.
	 */
	interface ResponseListener {

		/**
		 * Called once per complete response.
		 * @param success whether the response was a success (HTTP: a 2xx status)
		 */
		void onResponse(boolean success);

	}

}
