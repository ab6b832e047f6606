package io.ujrpc.autoconfigure.security;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.ujrpc.autoconfigure.MethodRegistryCustomizer;
import io.ujrpc.autoconfigure.UjrpcAutoConfiguration;
import io.ujrpc.context.ExchangeAuthenticator;
import io.ujrpc.server.JsonRpcServer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.SecurityProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of Spring Security for the ujrpc server, as Spring Boot secures a
 * servlet app: secure by default (every call and every actuator endpoint but health needs
 * an authenticated caller until {@link JsonRpcSecurityCustomizer} beans open them), HTTP
 * Basic with the user of {@code spring.security.user.*}, Bearer JWT with the decoder Boot
 * makes from {@code spring.security.oauth2.resourceserver.jwt.*}, and optionally the TLS
 * client certificate.
 */
@AutoConfiguration(before = UjrpcAutoConfiguration.class, afterName = {
		"org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
		"org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration" })
@ConditionalOnClass({ JsonRpcServer.class, AuthenticationManager.class, SecurityProperties.class })
@ConditionalOnProperty(name = "ujrpc.security.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ UjrpcSecurityProperties.class, SecurityProperties.class })
public final class UjrpcSecurityAutoConfiguration {

	private static final String JWT_DECODER = "org.springframework.security.oauth2.jwt.JwtDecoder";

	@Bean
	@ConditionalOnMissingBean
	JsonRpcSecurityRules jsonRpcSecurityRules(ObjectProvider<JsonRpcSecurityCustomizer> customizers,
			Environment environment) {
		String basePath = environment.getProperty("management.endpoints.web.base-path", "/actuator");
		JsonRpcSecurityRules rules = new JsonRpcSecurityRules(basePath.equals("/") ? "" : basePath);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(rules));
		return rules;
	}

	@Bean
	@ConditionalOnMissingBean(name = "ujrpcSecurityInterceptor")
	SecurityInterceptor ujrpcSecurityInterceptor(JsonRpcSecurityRules rules,
			ObjectProvider<SecurityContextHolderStrategy> strategy) {
		return new SecurityInterceptor(rules, strategy.getIfAvailable(SecurityContextHolder::getContextHolderStrategy));
	}

	@Bean
	@ConditionalOnMissingBean(name = "ujrpcSecurityExceptionResolver")
	MethodRegistryCustomizer ujrpcSecurityExceptionResolver(SecurityInterceptor interceptor) {
		return (registry) -> registry.exceptionResolver(interceptor);
	}

	@Bean
	@ConditionalOnMissingBean(ExchangeAuthenticator.class)
	SpringSecurityAuthenticator ujrpcExchangeAuthenticator(JsonRpcSecurityRules rules,
			UjrpcSecurityProperties properties, ObjectProvider<AuthenticationManager> authenticationManager,
			ObjectProvider<UserDetailsService> userDetailsService, ObjectProvider<PasswordEncoder> passwordEncoder,
			ObjectProvider<BearerAuthentication> bearer) {
		AuthenticationManager manager = authenticationManager.getIfUnique();
		UserDetailsService users = userDetailsService.getIfUnique();
		AuthenticationManager basic = manager;
		if (basic == null && users != null) {
			DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users);
			PasswordEncoder encoder = passwordEncoder.getIfUnique();
			if (encoder != null) {
				provider.setPasswordEncoder(encoder);
			}
			basic = new ProviderManager(provider);
		}
		BearerAuthentication bearerAuthentication = bearer.getIfUnique();
		AuthenticationManager bearerManager = (bearerAuthentication != null) ? bearerAuthentication.manager() : null;
		UjrpcSecurityProperties.X509 x509 = properties.getX509();
		return new SpringSecurityAuthenticator(basic, bearerManager, x509.isEnabled() ? users : null,
				Pattern.compile(x509.getSubjectPrincipalRegex(), Pattern.CASE_INSENSITIVE), rules,
				properties.getRealm());
	}

	@Bean
	@ConditionalOnMissingBean
	HttpRouteSecurity ujrpcHttpRouteSecurity(ObjectProvider<SpringSecurityAuthenticator> authenticator,
			JsonRpcSecurityRules rules) {
		return new SecuredHttpRoutes(authenticator.getIfAvailable(), rules);
	}

	/**
	 * The user of {@code spring.security.user.*}, as Boot's
	 * {@code UserDetailsServiceAutoConfiguration} makes it for servlet apps only.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean({ AuthenticationManager.class, AuthenticationProvider.class, UserDetailsService.class })
	@Conditional(NoJwtDecoderOrUserConfigured.class)
	static class UserDetailsConfiguration {

		private static final Log logger = LogFactory.getLog(UserDetailsConfiguration.class);

		private static final Pattern PASSWORD_ALGORITHM = Pattern.compile("^\\{.+}.*$");

		@Bean
		InMemoryUserDetailsManager ujrpcUserDetailsService(SecurityProperties properties,
				ObjectProvider<PasswordEncoder> passwordEncoder) {
			SecurityProperties.User user = properties.getUser();
			List<String> roles = user.getRoles();
			return new InMemoryUserDetailsManager(User.withUsername(user.getName())
				.password(password(user, passwordEncoder.getIfAvailable()))
				.roles(roles.toArray(new String[0]))
				.build());
		}

		private static String password(SecurityProperties.User user, @Nullable PasswordEncoder encoder) {
			String password = user.getPassword();
			if (user.isPasswordGenerated()) {
				logger.warn(String.format(
						"%n%nUsing generated security password: %s%n%nThis generated password is for development use only. "
								+ "Your security configuration must be updated before running your application in "
								+ "production.%n",
						password));
			}
			if (encoder != null || PASSWORD_ALGORITHM.matcher(password).matches()) {
				return password;
			}
			return "{noop}" + password;
		}

	}

	/**
	 * Bearer tokens, when Spring Security's resource server and a {@code JwtDecoder} are
	 * there.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { JWT_DECODER,
			"org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider" })
	static class BearerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		BearerAuthentication ujrpcBearerAuthentication(ObjectProvider<JwtDecoder> decoder,
				ObjectProvider<JwtAuthenticationConverter> converter) {
			JwtDecoder jwtDecoder = decoder.getIfUnique();
			if (jwtDecoder == null) {
				return new BearerAuthentication(null);
			}
			JwtAuthenticationProvider provider = new JwtAuthenticationProvider(jwtDecoder);
			JwtAuthenticationConverter jwtConverter = converter.getIfUnique();
			if (jwtConverter != null) {
				provider.setJwtAuthenticationConverter(jwtConverter);
			}
			return new BearerAuthentication(new ProviderManager(provider));
		}

	}

	/**
	 * What authenticates bearer tokens, or {@code null} for none.
	 *
	 * @param manager the manager
	 */
	record BearerAuthentication(@Nullable AuthenticationManager manager) {
	}

	/**
	 * Matches without a JWT decoder, or when {@code spring.security.user.name} or
	 * {@code password} is set, as Boot's condition of the same purpose.
	 */
	static final class NoJwtDecoderOrUserConfigured extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			Environment environment = context.getEnvironment();
			if (environment.containsProperty("spring.security.user.name")
					|| environment.containsProperty("spring.security.user.password")) {
				return ConditionOutcome.match("spring.security.user is configured");
			}
			boolean decoder = ClassUtils.isPresent(JWT_DECODER, context.getClassLoader())
					&& context.getBeanFactory() != null
					&& context.getBeanFactory()
						.getBeanNamesForType(ClassUtils.resolveClassName(JWT_DECODER, context.getClassLoader()), false,
								false).length > 0;
			List<String> reasons = new ArrayList<>();
			if (decoder) {
				reasons.add("a JwtDecoder bean is there");
				return ConditionOutcome.noMatch(reasons.get(0));
			}
			return ConditionOutcome.match("no JwtDecoder bean");
		}

	}

}
