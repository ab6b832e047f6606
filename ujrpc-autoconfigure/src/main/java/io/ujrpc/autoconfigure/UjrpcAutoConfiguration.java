package io.ujrpc.autoconfigure;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;

import io.ujrpc.autoconfigure.UjrpcProperties.Blocking.ExecutorKind;
import io.ujrpc.server.BlockingExecutors;
import io.ujrpc.server.JsonRpcServer;
import io.ujrpc.spring.JsonRpcMethodDetector;
import io.ujrpc.spring.JsonRpcServerLifecycle;
import io.ujrpc.spring.JsonRpcWebServer;
import io.ujrpc.spring.SslBundleSslContextSupplier;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the ujrpc JSON-RPC server: it finds every {@code @JsonRpcMethod}
 * on the context's beans and serves them on the application's one server, configured by
 * {@code server.*} and {@code ujrpc.*} properties.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
		"org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration" })
@ConditionalOnClass(JsonRpcServer.class)
@EnableConfigurationProperties({ UjrpcProperties.class, ServerProperties.class })
public final class UjrpcAutoConfiguration {

	/**
	 * The name of the executor bean that runs blocking JSON-RPC methods.
	 */
	public static final String BLOCKING_EXECUTOR_BEAN_NAME = "ujrpcBlockingExecutor";

	private static final int DEFAULT_PORT = 8080;

	private static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

	@Bean(name = BLOCKING_EXECUTOR_BEAN_NAME, destroyMethod = "shutdown")
	@ConditionalOnMissingBean(name = BLOCKING_EXECUTOR_BEAN_NAME)
	ExecutorService ujrpcBlockingExecutor(UjrpcProperties properties) {
		UjrpcProperties.Blocking blocking = properties.getBlocking();
		ExecutorKind kind = blocking.getExecutor();
		if (kind == ExecutorKind.VIRTUAL
				|| (kind == ExecutorKind.AUTO && BlockingExecutors.virtualThreadsAvailable())) {
			return BlockingExecutors.virtualThreads();
		}
		return BlockingExecutors.boundedPool(blocking.getMaxThreads(), blocking.getQueueCapacity());
	}

	@Bean
	@ConditionalOnMissingBean
	JsonRpcWebServer jsonRpcWebServer(ListableBeanFactory beanFactory, ObjectProvider<JsonMapper> jsonMapper,
			UjrpcProperties properties, ServerProperties serverProperties,
			@Qualifier(BLOCKING_EXECUTOR_BEAN_NAME) ExecutorService blockingExecutor,
			ObjectProvider<JsonRpcServerCustomizer> customizers, ObjectProvider<SslBundles> sslBundles,
			Environment environment, ObjectProvider<MethodRegistryCustomizer> registryCustomizers) {
		return new JsonRpcWebServer(() -> {
			int port = (serverProperties.getPort() != null) ? serverProperties.getPort() : DEFAULT_PORT;
			if (port < 0) {
				return null;
			}
			ObjectMapper mapper = jsonMapper.getIfAvailable(() -> JsonMapper.builder().build());
			JsonRpcServer.Builder builder = JsonRpcServer
				.builder(JsonRpcMethodDetector.detect(beanFactory, mapper,
						(registry) -> registryCustomizers.orderedStream().forEach((c) -> c.customize(registry))))
				.objectMapper(mapper)
				.port(port)
				.host(hostOf(serverProperties.getAddress()))
				.transport(properties.getTransport())
				.ioThreads(properties.getIoThreads())
				.maxBatchSize(properties.getMaxBatchSize())
				.jsonRpcPath(properties.getHttp().getPath())
				.maxContentLength(toInt(properties.getHttp().getMaxContentLength().toBytes()))
				.maxInitialLineLength(toInt(properties.getHttp().getMaxInitialLineLength().toBytes()))
				.maxHeaderSize(toInt(serverProperties.getMaxHttpRequestHeaderSize().toBytes()))
				.idleTimeout(properties.getHttp().getIdleTimeout())
				.maxPipelinedRequests(properties.getHttp().getMaxPipelinedRequests())
				.backlog(properties.getHttp().getBacklog())
				.blockingExecutor(blockingExecutor)
				.includeExceptionDetails(properties.getErrors().isIncludeDetails());
			configureTcp(builder, properties.getTcp());
			configureWebSocket(builder, properties.getWebsocket());
			Ssl ssl = serverProperties.getSsl();
			if (Ssl.isEnabled(ssl)) {
				builder.sslContext(new SslBundleSslContextSupplier(ssl, sslBundles.getIfAvailable()));
			}
			customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
			return builder.build();
		}, shutdownTimeout(environment));
	}

	@Bean
	@ConditionalOnMissingBean
	JsonRpcServerLifecycle jsonRpcServerLifecycle(JsonRpcWebServer webServer, ApplicationContext context) {
		return new JsonRpcServerLifecycle(webServer, context);
	}

	@Bean
	@ConditionalOnProperty(name = "server.shutdown", havingValue = "graceful", matchIfMissing = true)
	WebServerGracefulShutdownLifecycle ujrpcGracefulShutdownLifecycle(JsonRpcWebServer webServer) {
		return new WebServerGracefulShutdownLifecycle(webServer);
	}

	private static void configureTcp(JsonRpcServer.Builder builder, UjrpcProperties.Tcp tcp) {
		if (tcp.getPort() != null) {
			builder.tcpPort(tcp.getPort());
		}
		builder.tcpMaxRequestSize(toInt(tcp.getMaxRequestSize().toBytes())).tcpIdleTimeout(tcp.getIdleTimeout());
	}

	private static void configureWebSocket(JsonRpcServer.Builder builder, UjrpcProperties.WebSocket webSocket) {
		builder.webSocketPath(webSocket.isEnabled() ? webSocket.getPath() : null)
			.maxFrameSize(toInt(webSocket.getMaxFrameSize().toBytes()))
			.allowedOrigins(webSocket.getAllowedOrigins())
			.webSocketIdleTimeout(webSocket.getIdleTimeout());
	}

	private static String hostOf(InetAddress address) {
		return (address != null) ? address.getHostAddress() : null;
	}

	private static int toInt(long bytes) {
		return (int) Math.min(Integer.MAX_VALUE, bytes);
	}

	private static Duration shutdownTimeout(Environment environment) {
		return Binder.get(environment)
			.bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
			.orElse(DEFAULT_SHUTDOWN_TIMEOUT);
	}

}
