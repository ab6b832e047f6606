package io.ujrpc.autoconfigure.security;

import io.ujrpc.context.ExchangeAuthenticator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("security")
class UjrpcSecurityAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(SecurityAutoConfiguration.class, UjrpcSecurityAutoConfiguration.class));

	@Test
	void makesTheUserOfTheSecurityPropertiesAndSecuresCalls() {
		this.runner.withPropertyValues("spring.security.user.name=ops", "spring.security.user.password=pw")
			.run((context) -> {
				assertThat(context).hasSingleBean(InMemoryUserDetailsManager.class)
					.hasSingleBean(SecurityInterceptor.class)
					.hasSingleBean(SpringSecurityAuthenticator.class)
					.hasSingleBean(HttpRouteSecurity.class);
				assertThat(context.getBean(InMemoryUserDetailsManager.class).loadUserByUsername("ops").getPassword())
					.isEqualTo("{noop}pw");
			});
	}

	@Test
	void backsOffForTheUsersOwnUserDetailsService() {
		this.runner.withBean("users", UserDetailsService.class, () -> new InMemoryUserDetailsManager())
			.run((context) -> assertThat(context).doesNotHaveBean("ujrpcUserDetailsService")
				.hasSingleBean(SpringSecurityAuthenticator.class));
	}

	@Test
	void makesNoUserWhenAJwtDecoderIsThereAndNoUserIsConfigured() {
		JwtDecoder decoder = (token) -> Jwt.withTokenValue(token).header("alg", "none").subject("x").build();
		this.runner.withBean(JwtDecoder.class, () -> decoder)
			.run((context) -> assertThat(context).doesNotHaveBean(InMemoryUserDetailsManager.class));
		this.runner.withBean(JwtDecoder.class, () -> decoder)
			.withPropertyValues("spring.security.user.name=ops")
			.run((context) -> assertThat(context).hasSingleBean(InMemoryUserDetailsManager.class));
	}

	@Test
	void backsOffForTheUsersOwnAuthenticator() {
		this.runner.withBean(ExchangeAuthenticator.class, () -> (exchange) -> exchange)
			.run((context) -> assertThat(context).doesNotHaveBean(SpringSecurityAuthenticator.class)
				.hasSingleBean(HttpRouteSecurity.class));
	}

	@Test
	void turnedOffByProperty() {
		this.runner.withPropertyValues("ujrpc.security.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SecurityInterceptor.class)
				.doesNotHaveBean(ExchangeAuthenticator.class));
	}

}
