package io.ujrpc.sample;

import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.autoconfigure.security.JsonRpcSecurityCustomizer;
import io.ujrpc.context.RequestContext;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The rules of the {@code secure} profile, and a method that says who called it.
 */
@Configuration(proxyBeanMethods = false)
@Profile("secure")
class SecureConfiguration {

	@Bean
	JsonRpcSecurityCustomizer sampleSecurityRules() {
		return (rules) -> rules.methods("sum", "subtract", "divide", "echo", "total", "rpc.discover")
			.permitAll()
			.methods("sleep", "fibo_sleep")
			.hasRole("ADMIN")
			.anyMethod()
			.authenticated();
	}

	@Bean
	WhoAmI whoAmI() {
		return new WhoAmI();
	}

	/**
	 * Says who the caller is.
	 */
	static class WhoAmI {

		@JsonRpcMethod(value = "whoami", nonBlocking = true, summary = "Names the authenticated caller")
		String whoami(RequestContext context) {
			return context.principal().getName();
		}

	}

}
