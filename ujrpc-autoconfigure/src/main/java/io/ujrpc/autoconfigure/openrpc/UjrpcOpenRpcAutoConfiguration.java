package io.ujrpc.autoconfigure.openrpc;

import java.util.ArrayList;
import java.util.List;

import io.ujrpc.autoconfigure.JsonRpcServerCustomizer;
import io.ujrpc.autoconfigure.MethodRegistryCustomizer;
import io.ujrpc.autoconfigure.UjrpcAutoConfiguration;
import io.ujrpc.autoconfigure.UjrpcProperties;
import io.ujrpc.dispatch.BeanParameterValidator;
import io.ujrpc.dispatch.JsonRpcExceptionResolver;
import io.ujrpc.dispatch.MethodRegistry;
import io.ujrpc.openrpc.ExplorerHttpRoute;
import io.ujrpc.openrpc.OpenRpcDiscovery;
import io.ujrpc.openrpc.OpenRpcHttpRoute;
import io.ujrpc.openrpc.OpenRpcServer;
import jakarta.validation.MessageInterpolator;
import jakarta.validation.Validation;
import jakarta.validation.ValidationException;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Auto-configuration of what the method registry offers beside the methods: OpenRPC
 * discovery ({@code rpc.discover}, the document over HTTP, the explorer page), Bean
 * Validation of parameters when a provider is present, {@link JsonRpcExceptionResolver}
 * beans, and the opt-in to {@code rpc.*} method names.
 */
@AutoConfiguration(after = UjrpcAutoConfiguration.class,
		afterName = { "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
				"org.springframework.boot.autoconfigure.info.ProjectInfoAutoConfiguration",
				"org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration" })
@ConditionalOnClass(OpenRpcDiscovery.class)
@ConditionalOnBean(UjrpcProperties.class)
@EnableConfigurationProperties(UjrpcOpenRpcProperties.class)
public final class UjrpcOpenRpcAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(UjrpcOpenRpcAutoConfiguration.class);

	private static final String DEFAULT_TITLE = "JSON-RPC service";

	private static final String DEFAULT_VERSION = "0.0.0";

	private static final int DEFAULT_PORT = 8080;

	@Bean
	MethodRegistryCustomizer ujrpcReservedNamesCustomizer(UjrpcOpenRpcProperties properties) {
		boolean allow = properties.getMethods().isAllowReservedNames();
		return (registry) -> registry.allowReservedNames(allow);
	}

	@Bean
	MethodRegistryCustomizer ujrpcExceptionResolversCustomizer(ObjectProvider<JsonRpcExceptionResolver> resolvers) {
		return (registry) -> resolvers.orderedStream().forEach(registry::exceptionResolver);
	}

	/*
	 * OpenRPC discovery and the pages built on it.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "ujrpc.openrpc.enabled", matchIfMissing = true)
	static class Discovery {

		@Bean
		@ConditionalOnMissingBean
		OpenRpcDiscovery ujrpcOpenRpcDiscovery(UjrpcOpenRpcProperties properties, UjrpcProperties ujrpc,
				ServerProperties server, Environment environment, ObjectProvider<BuildProperties> build,
				ObjectProvider<JsonMapper> jsonMapper) {
			UjrpcOpenRpcProperties.OpenRpc openRpc = properties.getOpenrpc();
			BuildProperties buildProperties = build.getIfAvailable();
			String title = firstText(openRpc.getTitle(), environment.getProperty("spring.application.name"),
					(buildProperties != null) ? buildProperties.getName() : null, DEFAULT_TITLE);
			String version = firstText(openRpc.getVersion(),
					(buildProperties != null) ? buildProperties.getVersion() : null, DEFAULT_VERSION);
			List<OpenRpcServer> configured = configuredServers(openRpc.getServers());
			OpenRpcDiscovery.Builder builder = OpenRpcDiscovery.builder()
				.title(title)
				.version(version)
				.description(openRpc.getDescription())
				.discoverMethod(openRpc.isDiscoverMethod())
				.objectMapper(jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()));
			if (configured.isEmpty()) {
				builder.servers(() -> ownServers(ujrpc, server, environment));
			}
			else {
				builder.servers(configured);
			}
			return builder.build();
		}

		@Bean
		MethodRegistryCustomizer ujrpcOpenRpcDiscoveryCustomizer(OpenRpcDiscovery discovery) {
			return (registry) -> registry.discovery(discovery);
		}

		@Bean
		JsonRpcServerCustomizer ujrpcOpenRpcRoutesCustomizer(OpenRpcDiscovery discovery,
				UjrpcOpenRpcProperties properties, UjrpcProperties ujrpc) {
			UjrpcOpenRpcProperties.OpenRpc openRpc = properties.getOpenrpc();
			UjrpcOpenRpcProperties.Explorer explorer = properties.getExplorer();
			String endpoint = ujrpc.getHttp().getPath();
			return (server) -> {
				if (openRpc.isHttpEnabled()) {
					server.route(openRpc.getPath(), new OpenRpcHttpRoute(discovery));
				}
				if (explorer.isEnabled()) {
					if (StringUtils.hasText(endpoint)) {
						server.route(explorer.getPath(),
								new ExplorerHttpRoute(explorer.getPath(), endpoint, discovery));
					}
					else {
						logger.info("JSON-RPC explorer not served: JSON-RPC over HTTP is off (ujrpc.http.path)");
					}
				}
			};
		}

		private static List<OpenRpcServer> configuredServers(List<UjrpcOpenRpcProperties.Server> servers) {
			List<OpenRpcServer> result = new ArrayList<>();
			for (int i = 0; i < servers.size(); i++) {
				UjrpcOpenRpcProperties.Server server = servers.get(i);
				if (!StringUtils.hasText(server.getUrl())) {
					throw new IllegalStateException(
							"ujrpc.openrpc.servers[" + i + "].url: empty (expected: the server's URL)");
				}
				result.add(new OpenRpcServer(server.getName(), server.getUrl()));
			}
			return List.copyOf(result);
		}

		/*
		 * This application's listeners, with the ports they bound once they run (read on
		 * each call, so that a random port shows as bound).
		 */
		private static List<OpenRpcServer> ownServers(UjrpcProperties ujrpc, ServerProperties server,
				Environment environment) {
			String host = (server.getAddress() != null && !server.getAddress().isAnyLocalAddress())
					? server.getAddress().getHostAddress() : "localhost";
			if (host.contains(":")) {
				host = "[" + host + "]";
			}
			Integer port = environment.getProperty("local.server.port", Integer.class);
			if (port == null) {
				port = (server.getPort() != null && server.getPort() > 0) ? server.getPort() : DEFAULT_PORT;
			}
			boolean secure = Ssl.isEnabled(server.getSsl());
			List<OpenRpcServer> servers = new ArrayList<>();
			String path = ujrpc.getHttp().getPath();
			if (StringUtils.hasText(path)) {
				servers.add(new OpenRpcServer("http", (secure ? "https" : "http") + "://" + host + ":" + port + path));
			}
			if (ujrpc.getWebsocket().isEnabled() && StringUtils.hasText(ujrpc.getWebsocket().getPath())) {
				servers.add(new OpenRpcServer("websocket",
						(secure ? "wss" : "ws") + "://" + host + ":" + port + ujrpc.getWebsocket().getPath()));
			}
			Integer tcpPort = environment.getProperty("local.ujrpc.tcp.port", Integer.class);
			if (tcpPort == null && ujrpc.getTcp().getPort() != null && ujrpc.getTcp().getPort() > 0) {
				tcpPort = ujrpc.getTcp().getPort();
			}
			if (tcpPort != null && tcpPort > 0) {
				servers.add(new OpenRpcServer("tcp", (secure ? "tcp+tls" : "tcp") + "://" + host + ":" + tcpPort));
			}
			return servers;
		}

		private static String firstText(@Nullable String... candidates) {
			for (String candidate : candidates) {
				if (StringUtils.hasText(candidate)) {
					return candidate;
				}
			}
			throw new IllegalStateException("No text among the candidates");
		}

	}

	/**
	 * Bean Validation of parameters, when the API is on the class path: with the
	 * application's validator, else with the default provider's.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Validator.class)
	@ConditionalOnProperty(name = "ujrpc.validation.enabled", matchIfMissing = true)
	static class ParameterValidation {

		@Bean
		ParameterValidationCustomizer ujrpcParameterValidationCustomizer(ObjectProvider<Validator> validators) {
			return new ParameterValidationCustomizer(validators);
		}

	}

	/**
	 * Validates with the application's validator, else with one of the default
	 * provider's, made when first needed and closed with the context.
	 */
	static final class ParameterValidationCustomizer implements MethodRegistryCustomizer, DisposableBean {

		private static final String PARAMETER_INTERPOLATOR = "org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator";

		private final ObjectProvider<Validator> validators;

		private @Nullable ValidatorFactory factory;

		ParameterValidationCustomizer(ObjectProvider<Validator> validators) {
			this.validators = validators;
		}

		@Override
		public void customize(MethodRegistry.Builder registry) {
			Validator validator = this.validators.getIfUnique(this::defaultValidator);
			if (validator != null) {
				registry.parameterValidator(new BeanParameterValidator(validator));
			}
		}

		@Override
		public synchronized void destroy() {
			if (this.factory != null) {
				this.factory.close();
				this.factory = null;
			}
		}

		private synchronized @Nullable Validator defaultValidator() {
			if (this.factory == null) {
				this.factory = defaultFactory();
			}
			return (this.factory != null) ? this.factory.getValidator() : null;
		}

		private static @Nullable ValidatorFactory defaultFactory() {
			ClassLoader classLoader = ParameterValidationCustomizer.class.getClassLoader();
			try {
				return Validation.buildDefaultValidatorFactory();
			}
			catch (ValidationException ex) {
				if (!ClassUtils.isPresent(PARAMETER_INTERPOLATOR, classLoader)) {
					logger.debug("No Bean Validation provider: JSON-RPC parameters are not validated", ex);
					return null;
				}
			}
			// Hibernate Validator without an Expression Language implementation.
			try {
				MessageInterpolator interpolator = (MessageInterpolator) BeanUtils
					.instantiateClass(ClassUtils.forName(PARAMETER_INTERPOLATOR, classLoader));
				return Validation.byDefaultProvider()
					.configure()
					.messageInterpolator(interpolator)
					.buildValidatorFactory();
			}
			catch (ClassNotFoundException | ValidationException ex) {
				logger.debug("No usable Bean Validation provider: JSON-RPC parameters are not validated", ex);
				return null;
			}
		}

	}

}
