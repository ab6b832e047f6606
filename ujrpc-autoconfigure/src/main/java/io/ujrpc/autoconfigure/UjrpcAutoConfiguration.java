package io.ujrpc.autoconfigure;

import java.util.concurrent.ExecutorService;

import io.ujrpc.autoconfigure.UjrpcProperties.Blocking.ExecutorKind;
import io.ujrpc.context.ExchangeAuthenticator;
import io.ujrpc.dispatch.JsonRpcInterceptor;
import io.ujrpc.dispatch.MethodRegistry;
import io.ujrpc.server.BlockingExecutors;
import io.ujrpc.server.JsonRpcServer;
import io.ujrpc.spring.JsonRpcMethodDetector;
import io.ujrpc.spring.JsonRpcServerLifecycle;
import io.ujrpc.spring.JsonRpcWebServer;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the ujrpc JSON-RPC server: it finds every {@code @JsonRpcMethod}
 * on the context's beans and serves them on the application's one server, configured by
 * {@code server.*} and {@code ujrpc.*} properties.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
		"org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration",
		"org.springframework.boot.netty.autoconfigure.NettyAutoConfiguration" })
@ConditionalOnClass(JsonRpcServer.class)
@ConditionalOnBooleanProperty(name = "ujrpc.server.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ UjrpcProperties.class, ServerProperties.class })
public final class UjrpcAutoConfiguration {

	/**
	 * The name of the executor bean that runs blocking JSON-RPC methods.
	 */
	public static final String BLOCKING_EXECUTOR_BEAN_NAME = "ujrpcBlockingExecutor";

	private static final int DEFAULT_PORT = 8080;

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
	JsonRpcServerPropertiesMapper jsonRpcServerPropertiesMapper(UjrpcProperties properties,
			ServerProperties serverProperties, ObjectProvider<SslBundles> sslBundles) {
		return new JsonRpcServerPropertiesMapper(properties, serverProperties, sslBundles.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	JsonRpcWebServer jsonRpcWebServer(ListableBeanFactory beanFactory, ObjectProvider<JsonMapper> jsonMapper,
			JsonRpcServerPropertiesMapper propertiesMapper, ServerProperties serverProperties,
			@Qualifier(BLOCKING_EXECUTOR_BEAN_NAME) ExecutorService blockingExecutor,
			ObjectProvider<JsonRpcServerCustomizer> customizers,
			ObjectProvider<MethodRegistryCustomizer> registryCustomizers,
			ObjectProvider<JsonRpcInterceptor> interceptors, ObjectProvider<ExchangeAuthenticator> authenticator,
			UjrpcProperties properties) {
		return new JsonRpcWebServer(() -> {
			int port = (serverProperties.getPort() != null) ? serverProperties.getPort() : DEFAULT_PORT;
			if (port < 0) {
				return null;
			}
			ObjectMapper mapper = jsonMapper.getIfAvailable(() -> JsonMapper.builder().build());
			JsonRpcServer.Builder builder = JsonRpcServer
				.builder(JsonRpcMethodDetector.detect(beanFactory, mapper, (registry) -> {
					methods(registry, properties.getMethods());
					interceptors.orderedStream().forEach(registry::interceptor);
					registryCustomizers.orderedStream().forEach((c) -> c.customize(registry));
				}))
				.objectMapper(mapper)
				.authenticator(authenticator.getIfUnique());
			propertiesMapper.map(builder, port, blockingExecutor);
			customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
			return builder.build();
		});
	}

	private static void methods(MethodRegistry.Builder registry, UjrpcProperties.Methods methods) {
		registry.include(methods.getInclude()).exclude(methods.getExclude()).defaultTimeout(methods.getTimeout());
		methods.getTimeouts().forEach(registry::timeout);
	}

	@Bean
	@ConditionalOnMissingBean
	JsonRpcServerLifecycle jsonRpcServerLifecycle(JsonRpcWebServer webServer, ApplicationContext context) {
		return new JsonRpcServerLifecycle(webServer, context);
	}

	@Bean
	@ConditionalOnProperty(name = "server.shutdown", havingValue = "graceful", matchIfMissing = true)
	@ConditionalOnMissingBean(name = "ujrpcGracefulShutdownLifecycle")
	WebServerGracefulShutdownLifecycle ujrpcGracefulShutdownLifecycle(JsonRpcWebServer webServer) {
		return new WebServerGracefulShutdownLifecycle(webServer);
	}

}
