package io.ujrpc.dispatch;

/**
 * Thrown when a call's params cannot be bound to the method's parameters; answered with a
 * -32602 error whose message says which parameter and why.
 */
public class InvalidParamsException extends RuntimeException {

	/**
	 * Create an exception.
	 * @param message which parameter and why
	 */
	public InvalidParamsException(String message) {
		super(message, null, false, false);
	}

}
