package io.ujrpc.autoconfigure.actuator;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutorService;

import io.ujrpc.autoconfigure.JsonRpcServerCustomizer;
import io.ujrpc.autoconfigure.JsonRpcServerPropertiesMapper;
import io.ujrpc.autoconfigure.UjrpcAutoConfiguration;
import io.ujrpc.autoconfigure.security.HttpRouteSecurity;
import io.ujrpc.server.JsonRpcServer;
import io.ujrpc.server.route.HttpRoute;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.IncludeExcludeEndpointFilter;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementServerProperties;
import org.springframework.boot.actuate.endpoint.EndpointAccessResolver;
import org.springframework.boot.actuate.endpoint.EndpointFilter;
import org.springframework.boot.actuate.endpoint.EndpointsSupplier;
import org.springframework.boot.actuate.endpoint.OperationFilter;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvokerAdvisor;
import org.springframework.boot.actuate.endpoint.invoke.ParameterValueMapper;
import org.springframework.boot.actuate.endpoint.jackson.EndpointJsonMapper;
import org.springframework.boot.actuate.endpoint.web.AdditionalPathsMapper;
import org.springframework.boot.actuate.endpoint.web.EndpointLinksResolver;
import org.springframework.boot.actuate.endpoint.web.EndpointMediaTypes;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.actuate.endpoint.web.PathMapper;
import org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier;
import org.springframework.boot.actuate.endpoint.web.WebOperation;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpointDiscoverer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnNotWebApplication;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointWebExtension;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointProperties;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.health.registry.ReactiveHealthContributorRegistry;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Auto-configuration that serves Spring Boot Actuator's web endpoints on the ujrpc
 * server, as Boot does on Tomcat or Netty: endpoints are discovered with Boot's own
 * {@link WebEndpointDiscoverer} and filtered by {@code management.endpoints.web.*}, and
 * served under {@code management.endpoints.web.base-path} on the application's port, or
 * on a listener of their own when {@code management.server.port} differs.
 * <p>
 * Only for applications without a servlet or reactive web server, where Boot itself does
 * not expose endpoints over HTTP.
 */
@AutoConfiguration(after = { EndpointAutoConfiguration.class, UjrpcAutoConfiguration.class },
		afterName = { "org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration",
				"org.springframework.boot.actuate.autoconfigure.endpoint.jackson.JacksonEndpointAutoConfiguration" })
@ConditionalOnClass({ JsonRpcServer.class, WebEndpointDiscoverer.class })
@ConditionalOnNotWebApplication
@ConditionalOnBean(ParameterValueMapper.class)
@EnableConfigurationProperties({ WebEndpointProperties.class, ManagementServerProperties.class })
public final class UjrpcActuatorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EndpointMediaTypes endpointMediaTypes() {
		return EndpointMediaTypes.DEFAULT;
	}

	@Bean
	@ConditionalOnMissingBean(name = "ujrpcWebEndpointPathMapper")
	PathMapper ujrpcWebEndpointPathMapper(WebEndpointProperties properties) {
		Map<String, String> mapping = properties.getPathMapping();
		return (endpointId) -> mapping.get(endpointId.toString());
	}

	@Bean
	@ConditionalOnMissingBean(WebEndpointsSupplier.class)
	WebEndpointDiscoverer webEndpointDiscoverer(ApplicationContext applicationContext,
			ParameterValueMapper parameterValueMapper, EndpointMediaTypes endpointMediaTypes,
			ObjectProvider<PathMapper> endpointPathMappers,
			ObjectProvider<AdditionalPathsMapper> additionalPathsMappers,
			ObjectProvider<OperationInvokerAdvisor> invokerAdvisors,
			ObjectProvider<EndpointFilter<ExposableWebEndpoint>> endpointFilters,
			ObjectProvider<OperationFilter<WebOperation>> operationFilters) {
		return new WebEndpointDiscoverer(applicationContext, parameterValueMapper, endpointMediaTypes,
				endpointPathMappers.orderedStream().toList(), additionalPathsMappers.orderedStream().toList(),
				invokerAdvisors.orderedStream().toList(), endpointFilters.orderedStream().toList(),
				operationFilters.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	PathMappedEndpoints pathMappedEndpoints(Collection<EndpointsSupplier<?>> endpointSuppliers,
			WebEndpointProperties properties) {
		return new PathMappedEndpoints(properties.getBasePath(), endpointSuppliers);
	}

	@Bean
	@ConditionalOnMissingBean(name = "webExposeExcludePropertyEndpointFilter")
	IncludeExcludeEndpointFilter<ExposableWebEndpoint> webExposeExcludePropertyEndpointFilter(
			WebEndpointProperties properties) {
		WebEndpointProperties.Exposure exposure = properties.getExposure();
		return new IncludeExcludeEndpointFilter<>(ExposableWebEndpoint.class, exposure.getInclude(),
				exposure.getExclude(), EndpointExposure.WEB.getDefaultIncludes());
	}

	@Bean
	@ConditionalOnMissingBean(name = "webAccessPropertiesOperationFilter")
	OperationFilter<WebOperation> webAccessPropertiesOperationFilter(EndpointAccessResolver endpointAccessResolver) {
		return OperationFilter.byAccess(endpointAccessResolver);
	}

	@Bean
	@ConditionalOnMissingBean
	ActuatorRouteFactory ujrpcActuatorRouteFactory(WebEndpointsSupplier webEndpoints,
			EndpointMediaTypes endpointMediaTypes, WebEndpointProperties properties,
			@Qualifier(UjrpcAutoConfiguration.BLOCKING_EXECUTOR_BEAN_NAME) ExecutorService executor,
			ObjectProvider<EndpointJsonMapper> endpointJsonMapper, ObjectProvider<JsonMapper> jsonMapper,
			Environment environment) {
		return new ActuatorRouteFactory(webEndpoints, endpointMediaTypes, properties, executor,
				endpointJsonMapper.getIfAvailable(() -> () -> JsonMapper.builder().build()).get(),
				jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()),
				ManagementPortType.get(environment) == ManagementPortType.DIFFERENT);
	}

	@Bean
	@ConditionalOnMissingBean(name = "ujrpcActuatorServerCustomizer")
	@Conditional(OnSameManagementPortCondition.class)
	JsonRpcServerCustomizer ujrpcActuatorServerCustomizer(ActuatorRouteFactory routes,
			ObjectProvider<HttpRouteSecurity> security) {
		return (builder) -> {
			String prefix = routes.prefix("");
			builder.route(prefix, secured(routes.create(prefix, WebServerNamespace.SERVER), security));
		};
	}

	@Bean
	@ConditionalOnMissingBean(name = "ujrpcManagementServerCustomizer")
	@Conditional(OnDifferentManagementPortCondition.class)
	JsonRpcServerCustomizer ujrpcManagementServerCustomizer(ActuatorRouteFactory routes,
			ManagementServerProperties managementProperties, JsonRpcServerPropertiesMapper propertiesMapper,
			ObjectProvider<HttpRouteSecurity> security) {
		return (builder) -> {
			String prefix = routes.prefix(cleanPath(managementProperties.getBasePath()));
			builder.managementPort(managementProperties.getPort())
				.managementHost(JsonRpcServerPropertiesMapper.host(managementProperties.getAddress()))
				.managementSslContext(propertiesMapper.sslContext(managementProperties.getSsl()))
				.managementRoute(prefix, secured(routes.create(prefix, WebServerNamespace.MANAGEMENT), security));
		};
	}

	/*
	 * Under Spring Security, the endpoints follow its rules: by default health is open
	 * and the others need an authenticated caller, as in Boot.
	 */
	private static HttpRoute secured(HttpRoute route, ObjectProvider<HttpRouteSecurity> security) {
		HttpRouteSecurity routeSecurity = security.getIfUnique();
		return (routeSecurity != null) ? routeSecurity.secure(route) : route;
	}

	private static String cleanPath(String path) {
		if (!StringUtils.hasText(path) || "/".equals(path)) {
			return "";
		}
		String clean = path.startsWith("/") ? path : "/" + path;
		return clean.endsWith("/") ? clean.substring(0, clean.length() - 1) : clean;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthEndpoint.class)
	@ConditionalOnBean(HealthEndpoint.class)
	@ConditionalOnAvailableEndpoint(endpoint = HealthEndpoint.class, exposure = EndpointExposure.WEB)
	static class HealthEndpointWebExtensionConfiguration {

		@Bean
		@ConditionalOnMissingBean
		HealthEndpointWebExtension healthEndpointWebExtension(HealthContributorRegistry healthContributorRegistry,
				ObjectProvider<ReactiveHealthContributorRegistry> reactiveHealthContributorRegistry,
				HealthEndpointGroups groups, HealthEndpointProperties properties) {
			return new HealthEndpointWebExtension(healthContributorRegistry,
					reactiveHealthContributorRegistry.getIfAvailable(), groups,
					properties.getLogging().getSlowIndicatorThreshold());
		}

	}

	/**
	 * Creates the actuator route for a listener.
	 */
	static final class ActuatorRouteFactory {

		private final WebEndpointsSupplier webEndpoints;

		private final EndpointMediaTypes mediaTypes;

		private final String basePath;

		private final boolean linksEnabled;

		private final ExecutorService executor;

		private final JsonMapper endpointMapper;

		private final JsonMapper applicationMapper;

		private final boolean ownPort;

		ActuatorRouteFactory(WebEndpointsSupplier webEndpoints, EndpointMediaTypes mediaTypes,
				WebEndpointProperties properties, ExecutorService executor, JsonMapper endpointMapper,
				JsonMapper applicationMapper, boolean ownPort) {
			this.webEndpoints = webEndpoints;
			this.mediaTypes = mediaTypes;
			this.basePath = properties.getBasePath();
			this.linksEnabled = properties.getDiscovery().isEnabled();
			this.executor = executor;
			this.endpointMapper = endpointMapper;
			this.applicationMapper = applicationMapper;
			this.ownPort = ownPort;
		}

		/**
		 * Return the path prefix the route is registered under.
		 * @param serverBasePath a prefix for the whole listener, such as
		 * {@code management.server.base-path}, or empty
		 * @return the prefix, {@code /} when the endpoints are at the root
		 */
		String prefix(String serverBasePath) {
			String prefix = serverBasePath + this.basePath;
			return prefix.isEmpty() ? "/" : prefix;
		}

		/**
		 * Create the route for a listener.
		 * @param prefix the prefix it is registered under, from {@link #prefix}
		 * @param namespace the listener: the application's server or the management one
		 * @return the route
		 */
		HttpRoute create(String prefix, WebServerNamespace namespace) {
			Collection<ExposableWebEndpoint> endpoints = this.webEndpoints.getEndpoints();
			// As in Boot: a links page at the base path, unless it is the root of the
			// application's own port.
			boolean links = this.linksEnabled && (StringUtils.hasText(this.basePath) || this.ownPort);
			EndpointLinksResolver resolver = links ? new EndpointLinksResolver(endpoints, this.basePath) : null;
			return new ActuatorHttpRoute("/".equals(prefix) ? "" : prefix, endpoints, this.mediaTypes.getProduced(),
					resolver, namespace, this.executor, this.endpointMapper, this.applicationMapper);
		}

	}

	/**
	 * Matches when {@code management.server.port} is unset or the application's port.
	 */
	static final class OnSameManagementPortCondition extends ManagementPortTypeCondition {

		OnSameManagementPortCondition() {
			super(ManagementPortType.SAME);
		}

	}

	/**
	 * Matches when {@code management.server.port} is a port of its own.
	 */
	static final class OnDifferentManagementPortCondition extends ManagementPortTypeCondition {

		OnDifferentManagementPortCondition() {
			super(ManagementPortType.DIFFERENT);
		}

	}

	/**
	 * Boot's own {@code @ConditionalOnManagementPort} only matches in web application
	 * contexts; ujrpc applications are not one.
	 */
	abstract static class ManagementPortTypeCondition extends SpringBootCondition {

		private final ManagementPortType type;

		ManagementPortTypeCondition(ManagementPortType type) {
			this.type = type;
		}

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			ManagementPortType actual = ManagementPortType.get(context.getEnvironment());
			return (actual == this.type) ? ConditionOutcome.match("management port is " + actual)
					: ConditionOutcome.noMatch("management port is " + actual + ", not " + this.type);
		}

	}

}
