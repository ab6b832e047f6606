package io.ujrpc.protocol;

/**
 * The wire protocol a JSON-RPC payload travels over. (The I/O layer underneath, io_uring,
 * epoll or NIO, is the <em>transport</em>:
 * {@link io.ujrpc.server.transport.TransportType}.)
 */
public enum Protocol {

	/** HTTP/1.1: one payload per POST body. */
	HTTP("http"),

	/** Raw TCP: a stream of JSON values, each answered by a JSON value and a newline. */
	TCP("tcp"),

	/** WebSocket: one payload per text message. */
	WEBSOCKET("websocket");

	private final String tagValue;

	Protocol(String tagValue) {
		this.tagValue = tagValue;
	}

	/**
	 * Return the lower-case name used in metric tags and logs, such as {@code http}.
	 * @return the name
	 */
	public String tagValue() {
		return this.tagValue;
	}

}
