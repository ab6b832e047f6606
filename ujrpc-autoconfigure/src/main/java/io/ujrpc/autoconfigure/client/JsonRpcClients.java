package io.ujrpc.autoconfigure.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.ujrpc.client.JsonRpcClient;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;

/**
 * The application's named JSON-RPC clients, made once from their properties and closed
 * with the context.
 */
public final class JsonRpcClients implements DisposableBean {

	private final Map<String, @Nullable JsonRpcClient> clients = new LinkedHashMap<>();

	private final Function<String, JsonRpcClient> factory;

	/**
	 * Create the registry.
	 * @param names the names of the clients
	 * @param factory makes the client of a name
	 */
	public JsonRpcClients(Set<String> names, Function<String, JsonRpcClient> factory) {
		this.factory = factory;
		for (String name : names) {
			this.clients.put(name, null);
		}
	}

	/**
	 * Return the client of a name, made on first use.
	 * @param name the name, as in {@code ujrpc.client.<name>.url}
	 * @return the client
	 * @throws IllegalArgumentException when no client has that name
	 */
	public synchronized JsonRpcClient get(String name) {
		if (!this.clients.containsKey(name)) {
			throw new IllegalArgumentException("No JSON-RPC client named '" + name + "' (expected one of "
					+ this.clients.keySet() + ", configured as ujrpc.client.<name>.url)");
		}
		JsonRpcClient client = this.clients.get(name);
		if (client == null) {
			client = this.factory.apply(name);
			this.clients.put(name, client);
		}
		return client;
	}

	/**
	 * Return the names of the clients.
	 * @return the names, in configuration order
	 */
	public synchronized Set<String> names() {
		return Set.copyOf(this.clients.keySet());
	}

	@Override
	public synchronized void destroy() {
		for (JsonRpcClient client : this.clients.values()) {
			if (client != null) {
				client.close();
			}
		}
	}

}
