package io.ujrpc.openrpc;

/**
 * A server in an OpenRPC document: where clients reach the service.
 *
 * @param name a name for the server, such as the protocol ({@code http})
 * @param url the URL, such as {@code http://localhost:8080/}
 */
public record OpenRpcServer(String name, String url) {

	/**
	 * Create a server, checking that both members are present.
	 * @param name a name for the server
	 * @param url the URL
	 */
	public OpenRpcServer {
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("name: '" + name + "' (expected: a name)");
		}
		if (url == null || url.isBlank()) {
			throw new IllegalArgumentException("url: '" + url + "' (expected: a URL)");
		}
	}

}
