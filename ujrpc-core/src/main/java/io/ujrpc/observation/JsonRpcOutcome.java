package io.ujrpc.observation;

/**
 * How a JSON-RPC call ended, in the manner of Spring's HTTP {@code outcome} tag.
 */
public enum JsonRpcOutcome {

	/**
	 * The call returned a result.
	 */
	SUCCESS,

	/**
	 * The caller got something wrong: a parse error, an invalid request, an unknown
	 * method, invalid params, or an application-defined error code.
	 */
	CLIENT_ERROR,

	/**
	 * The server failed: an internal error (-32603) or an implementation-defined server
	 * error (-32000 to -32099), such as a saturated executor.
	 */
	SERVER_ERROR,

	/**
	 * The call has not finished yet.
	 */
	UNKNOWN;

	/**
	 * Return the outcome of a response with the given code.
	 * @param code the JSON-RPC error code, or {@code 0} for a success
	 * @return the outcome
	 */
	public static JsonRpcOutcome forCode(int code) {
		if (code == 0) {
			return SUCCESS;
		}
		if (code == -32603 || (code >= -32099 && code <= -32000)) {
			return SERVER_ERROR;
		}
		return CLIENT_ERROR;
	}

}
