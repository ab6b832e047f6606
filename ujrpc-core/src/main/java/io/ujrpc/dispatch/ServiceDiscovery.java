package io.ujrpc.dispatch;

/**
 * Answers the {@value MethodRegistry#DISCOVER_METHOD} method of a registry built with
 * {@link MethodRegistry.Builder#discovery(ServiceDiscovery)}, such as with an OpenRPC
 * document ({@code io.ujrpc.openrpc.OpenRpcDiscovery}).
 */
public interface ServiceDiscovery {

	/**
	 * Learn the registry to describe; called once, by
	 * {@link MethodRegistry.Builder#build()}, before the registry is used.
	 * @param registry the registry, {@value MethodRegistry#DISCOVER_METHOD} included
	 */
	void describe(MethodRegistry registry);

	/**
	 * Whether the registry serves {@value MethodRegistry#DISCOVER_METHOD}; when not, the
	 * discovery still learns the registry, for other ways of serving its description.
	 * @return {@code true} to serve the method
	 */
	default boolean discoverMethod() {
		return true;
	}

	/**
	 * Answer a call of {@value MethodRegistry#DISCOVER_METHOD}. Runs on the I/O thread,
	 * so it returns a document prepared beforehand.
	 * @return the description, serialized with Jackson
	 */
	Object discover();

}
