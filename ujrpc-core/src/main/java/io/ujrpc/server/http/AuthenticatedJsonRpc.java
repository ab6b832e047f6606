package io.ujrpc.server.http;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.EventExecutor;
import io.ujrpc.context.ExchangeAuthenticator;
import io.ujrpc.context.ExchangeContext;
import io.ujrpc.internal.netty.ExchangeAuthentication;
import io.ujrpc.internal.netty.JsonRpcExchange;
import io.ujrpc.protocol.Encoding;
import io.ujrpc.protocol.JsonRpcError;
import io.ujrpc.protocol.JsonRpcErrorCode;
import io.ujrpc.protocol.JsonRpcResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a JSON-RPC POST whose caller is authenticated first: refused credentials get
 * 401 with the authenticator's challenges; a single request answered with
 * {@code -32001 Unauthorized} gets 401 with the challenges, one answered with
 * {@code -32003 Forbidden} 403; anything else (batches included, whose elements carry
 * their own errors) 200, or 204 for notifications only. The body is the JSON-RPC reply in
 * every case.
 * <p>
 * Only used when the server has an {@link ExchangeAuthenticator}; without one, JSON-RPC
 * answers take the handler's allocation-free path.
 */
final class AuthenticatedJsonRpc {

	private static final Logger logger = LoggerFactory.getLogger(AuthenticatedJsonRpc.class);

	private AuthenticatedJsonRpc() {
	}

	/**
	 * Authenticate the caller, then answer the payload.
	 * @param exchange answers the payload
	 * @param authenticator authenticates the caller
	 * @param payload the request body; read but not released (retained while a blocking
	 * authenticator runs)
	 * @param allocator allocates the response
	 * @param context the exchange, without a principal
	 * @param encoding the payload's encoding
	 * @param reply the encoding to answer in
	 * @param loop the connection's I/O thread
	 * @return a future of the response, owned by the caller
	 */
	static CompletableFuture<FullHttpResponse> answer(JsonRpcExchange exchange, ExchangeAuthenticator authenticator,
			ByteBuf payload, ByteBufAllocator allocator, ExchangeContext context, Encoding encoding, Encoding reply,
			EventExecutor loop) {
		CompletableFuture<ExchangeContext> authenticated = ExchangeAuthentication.authenticate(authenticator, context,
				exchange.dispatcher().blockingExecutor(), loop);
		if (authenticated.isDone()) {
			return answer(exchange, authenticator, authenticated, payload, allocator, context, encoding, reply);
		}
		payload.retain();
		return ExchangeAuthentication
			.then(authenticated,
					(done) -> answer(exchange, authenticator, done, payload, allocator, context, encoding, reply))
			.whenComplete((response, ex) -> payload.release());
	}

	private static CompletableFuture<FullHttpResponse> answer(JsonRpcExchange exchange,
			ExchangeAuthenticator authenticator, CompletableFuture<ExchangeContext> authenticated, ByteBuf payload,
			ByteBufAllocator allocator, ExchangeContext context, Encoding encoding, Encoding reply) {
		ExchangeContext caller;
		try {
			caller = authenticated.join();
		}
		catch (CompletionException ex) {
			ExchangeAuthentication.Failure failure = ExchangeAuthentication.failure(ex, context.remoteAddress());
			JsonRpcError error = new JsonRpcError(failure.code().code(), failure.message(), null);
			FullHttpResponse refused = response(failure.status(),
					exchange.encode(JsonRpcResponse.failure(null, error), allocator, reply), failure.challenges(),
					reply);
			if (failure.code() == JsonRpcErrorCode.SERVER_BUSY) {
				refused.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
			}
			return CompletableFuture.completedFuture(refused);
		}
		return exchange.answerWithErrorCode(payload, allocator, caller, encoding, reply).thenApply((answer) -> {
			int code = answer.errorCode();
			if (code == JsonRpcErrorCode.UNAUTHORIZED.code()) {
				return response(HttpResponseStatus.UNAUTHORIZED, answer.body(), authenticator.challenges(), reply);
			}
			if (code == JsonRpcErrorCode.FORBIDDEN.code()) {
				return response(HttpResponseStatus.FORBIDDEN, answer.body(), List.of(), reply);
			}
			return response((answer.body() != null) ? HttpResponseStatus.OK : HttpResponseStatus.NO_CONTENT,
					answer.body(), List.of(), reply);
		});
	}

	private static FullHttpResponse response(HttpResponseStatus status, @Nullable ByteBuf body, List<String> challenges,
			Encoding encoding) {
		ByteBuf content = (body != null) ? body : Unpooled.EMPTY_BUFFER;
		FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
		if (body != null) {
			response.headers().set(HttpHeaderNames.CONTENT_TYPE, encoding.mediaType());
		}
		if (status != HttpResponseStatus.NO_CONTENT) {
			response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
		}
		for (String challenge : challenges) {
			response.headers().add(HttpHeaderNames.WWW_AUTHENTICATE, challenge);
		}
		return response;
	}

}
