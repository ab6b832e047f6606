package io.ujrpc.server.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.ujrpc.protocol.JsonRpcError;
import io.ujrpc.protocol.JsonRpcErrorCode;
import org.jspecify.annotations.Nullable;

/**
 * A REST request refused before it reaches the dispatcher: the status, and the JSON-RPC
 * error it stands for, if any. Answered as {@code application/problem+json}.
 */
final class RestProblem extends RuntimeException {

	private final HttpResponseStatus status;

	private final @Nullable JsonRpcError error;

	RestProblem(HttpResponseStatus status, String detail, @Nullable JsonRpcError error) {
		super(detail, null, false, false);
		this.status = status;
		this.error = error;
	}

	static RestProblem invalidParams(String detail) {
		JsonRpcError error = JsonRpcErrorCode.INVALID_PARAMS.toError(detail);
		return new RestProblem(HttpResponseStatus.BAD_REQUEST, error.message(), error);
	}

	static RestProblem parseError(String format) {
		JsonRpcError error = JsonRpcErrorCode.PARSE_ERROR.toError();
		return new RestProblem(HttpResponseStatus.BAD_REQUEST, "Parse error: the body is not valid " + format, error);
	}

	HttpResponseStatus status() {
		return this.status;
	}

	@Nullable JsonRpcError error() {
		return this.error;
	}

}
