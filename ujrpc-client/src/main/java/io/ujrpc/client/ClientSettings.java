package io.ujrpc.client;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.micrometer.observation.ObservationRegistry;
import io.netty.handler.ssl.SslContext;
import io.ujrpc.client.observation.JsonRpcClientObservationConvention;
import org.jspecify.annotations.Nullable;

/**
 * A client's configuration, checked once by {@link JsonRpcClient.Builder#build()}.
 */
record ClientSettings(URI uri, Protocol protocol, boolean secure, String host, int port, String path,
		JsonRpcClientCodec codec, Duration timeout, Duration connectTimeout, int maxConnections, int maxResponseSize,
		int ioThreads, @Nullable SslContext sslContext, Map<String, String> headers, Duration pingInterval,
		@Nullable ObservationRegistry observationRegistry,
		@Nullable JsonRpcClientObservationConvention observationConvention) {

	/**
	 * The wire protocols, chosen by the URI's scheme.
	 */
	enum Protocol {

		HTTP("http"), WEBSOCKET("websocket"), TCP("tcp");

		private final String tag;

		Protocol(String tag) {
			this.tag = tag;
		}

		String tag() {
			return this.tag;
		}

	}

	/**
	 * Return {@code host:port}, as messages and observations name the server.
	 */
	String authority() {
		return ((this.host.indexOf(':') >= 0) ? "[" + this.host + "]" : this.host) + ":" + this.port;
	}

	/**
	 * Return the server as error messages name it: the URI as given, without user info.
	 */
	String server() {
		return this.uri.getScheme() + "://" + authority() + this.path;
	}

}
