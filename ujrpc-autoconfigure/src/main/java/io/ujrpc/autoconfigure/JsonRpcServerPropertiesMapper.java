package io.ujrpc.autoconfigure;

import java.net.InetAddress;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import io.netty.handler.ssl.SslContext;
import io.ujrpc.server.JsonRpcServer;
import io.ujrpc.spring.SslBundleSslContextSupplier;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.util.unit.DataSize;

/**
 * Maps {@code server.*} and {@code ujrpc.*} properties onto a {@link JsonRpcServer}
 * builder with Boot's {@link PropertyMapper}: the one place properties become server
 * settings, for the application's listeners and, through {@link #sslContext} and
 * {@link #host}, for the management listener too.
 */
public final class JsonRpcServerPropertiesMapper {

	private final UjrpcProperties properties;

	private final ServerProperties serverProperties;

	private final @Nullable SslBundles sslBundles;

	/**
	 * Create a mapper.
	 * @param properties the {@code ujrpc.*} properties
	 * @param serverProperties the {@code server.*} properties
	 * @param sslBundles the application's SSL bundles, or {@code null} when there are
	 * none
	 */
	public JsonRpcServerPropertiesMapper(UjrpcProperties properties, ServerProperties serverProperties,
			@Nullable SslBundles sslBundles) {
		this.properties = properties;
		this.serverProperties = serverProperties;
		this.sslBundles = sslBundles;
	}

	/**
	 * Map the properties of the application's listeners (HTTP, WebSocket, raw TCP) and of
	 * dispatch onto a builder.
	 * @param builder the builder
	 * @param port the HTTP port, already resolved from {@code server.port}
	 * @param blockingExecutor runs blocking methods
	 */
	public void map(JsonRpcServer.Builder builder, int port, Executor blockingExecutor) {
		PropertyMapper map = PropertyMapper.get();
		UjrpcProperties properties = this.properties;
		ServerProperties server = this.serverProperties;
		builder.port(port).blockingExecutor(blockingExecutor);
		map.from(server::getAddress).as(JsonRpcServerPropertiesMapper::host).to(builder::host);
		map.from(server::getMaxHttpRequestHeaderSize)
			.as(JsonRpcServerPropertiesMapper::bytes)
			.to(builder::maxHeaderSize);
		map.from(properties::getTransport).to(builder::transport);
		map.from(properties::getIoThreads).to(builder::ioThreads);
		map.from(properties::getMaxBatchSize).to(builder::maxBatchSize);
		map.from(properties::getRequestTimeout).to(builder::requestTimeout);
		map.from(properties::getMaxConnections).to(builder::maxConnections);
		map.from(properties::getMaxBufferedMemory).as(DataSize::toBytes).to(builder::maxBufferedBytes);
		map.from(properties.getBlocking()::getMaxConcurrentCalls).to(builder::blockingMaxConcurrentCalls);
		map.from(properties.getErrors()::isIncludeDetails).to(builder::includeExceptionDetails);
		map.from(properties.getJson()::isRejectDuplicateMembers).to(builder::rejectDuplicateMembers);
		UjrpcProperties.Http http = properties.getHttp();
		map.from(http::getPath).to(builder::jsonRpcPath);
		map.from(http::getMaxContentLength).as(JsonRpcServerPropertiesMapper::bytes).to(builder::maxContentLength);
		map.from(http::getMaxInitialLineLength)
			.as(JsonRpcServerPropertiesMapper::bytes)
			.to(builder::maxInitialLineLength);
		map.from(http::getIdleTimeout).to(builder::idleTimeout);
		map.from(http::getHeaderTimeout).to(builder::headerTimeout);
		map.from(http::getMaxPipelinedRequests).to(builder::maxPipelinedRequests);
		map.from(http::getBacklog).to(builder::backlog);
		UjrpcProperties.Tcp tcp = properties.getTcp();
		map.from(tcp::getPort).to(builder::tcpPort);
		map.from(tcp::getMaxRequestSize).as(JsonRpcServerPropertiesMapper::bytes).to(builder::tcpMaxRequestSize);
		map.from(tcp::getIdleTimeout).to(builder::tcpIdleTimeout);
		UjrpcProperties.WebSocket webSocket = properties.getWebsocket();
		map.from(webSocket::getPath).when((path) -> webSocket.isEnabled()).to(builder::webSocketPath);
		map.from(webSocket::getMaxFrameSize).as(JsonRpcServerPropertiesMapper::bytes).to(builder::maxFrameSize);
		map.from(webSocket::getAllowedOrigins).to(builder::allowedOrigins);
		map.from(webSocket::getIdleTimeout).to(builder::webSocketIdleTimeout);
		UjrpcProperties.Rest rest = properties.getRest();
		map.from(rest::isEnabled).to(builder::restEnabled);
		map.from(rest::getPath).to(builder::restPath);
		map.from(rest::getMaxStreamSize).as(DataSize::toBytes).to(builder::maxStreamSize);
		map.from(rest::getStreamTimeout).to(builder::streamTimeout);
		map.from(server::getSsl).as(this::sslContext).to((Supplier<SslContext> ssl) -> builder.sslContext(ssl));
		builder.cors(properties.getCors().toCorsSettings());
	}

	/**
	 * Return the TLS context of a listener's {@code ssl} properties.
	 * @param ssl the properties, such as {@code server.ssl} or
	 * {@code management.server.ssl}
	 * @return a supplier of the current context (reloaded with its bundle), or
	 * {@code null} when TLS is off
	 */
	public @Nullable Supplier<SslContext> sslContext(@Nullable Ssl ssl) {
		return Ssl.isEnabled(ssl) ? new SslBundleSslContextSupplier(ssl, this.sslBundles) : null;
	}

	/**
	 * Return the address to bind, as the builder takes it.
	 * @param address the address, or {@code null} for all interfaces
	 * @return the address as text, or {@code null}
	 */
	public static @Nullable String host(@Nullable InetAddress address) {
		return (address != null) ? address.getHostAddress() : null;
	}

	private static int bytes(DataSize size) {
		return (int) Math.min(Integer.MAX_VALUE, size.toBytes());
	}

}
