package io.ujrpc.context;

import java.util.List;

/**
 * Thrown by an {@link ExchangeAuthenticator} to refuse an exchange: the credentials that
 * came are not valid, or none came where they are needed. Its message goes to the caller,
 * so it says what was wrong without internals ("Bad credentials", "Invalid token").
 */
public class ExchangeAuthenticationException extends RuntimeException {

	private final List<String> challenges;

	/**
	 * Create a refusal.
	 * @param message what was wrong, for the caller
	 * @param challenges the {@code WWW-Authenticate} values of the HTTP 401, such as
	 * {@code Bearer error="invalid_token"}
	 */
	public ExchangeAuthenticationException(String message, List<String> challenges) {
		super(message, null, false, false);
		this.challenges = List.copyOf(challenges);
	}

	/**
	 * Return the {@code WWW-Authenticate} values of the HTTP 401.
	 * @return the challenges, empty for none
	 */
	public List<String> getChallenges() {
		return this.challenges;
	}

}
