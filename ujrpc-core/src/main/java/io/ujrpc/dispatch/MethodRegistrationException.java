package io.ujrpc.dispatch;

/**
 * Thrown at registration when a JSON-RPC method cannot be served: a duplicate or reserved
 * name, or a signature that cannot be bound.
 */
public class MethodRegistrationException extends IllegalStateException {

	/**
	 * Create an exception.
	 * @param message what is wrong and where
	 */
	public MethodRegistrationException(String message) {
		super(message);
	}

}
