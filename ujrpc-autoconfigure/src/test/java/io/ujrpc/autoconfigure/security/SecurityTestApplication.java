package io.ujrpc.autoconfigure.security;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.ujrpc.annotation.JsonRpcMethod;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * An application with open, authenticated and admin methods, some also secured by method
 * security.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableMethodSecurity
class SecurityTestApplication {

	@Bean
	SecuredMethods securedMethods() {
		return new SecuredMethods();
	}

	@Bean
	JsonRpcSecurityCustomizer rules() {
		return (rules) -> rules.methods("public.*")
			.permitAll()
			.methods("admin.*")
			.hasAnyAuthority("ROLE_ADMIN", "SCOPE_admin")
			.anyMethod()
			.authenticated();
	}

	public static class SecuredMethods {

		@JsonRpcMethod(value = "public.echo", nonBlocking = true)
		public String echo(String text) {
			return text;
		}

		/**
		 * Who the security context of the thread running the method says the caller is.
		 */
		@JsonRpcMethod
		public String whoAmI() {
			Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
			return authentication.getName() + " on "
					+ (Thread.currentThread().toString().startsWith("VirtualThread") ? "virtual" : "platform");
		}

		@JsonRpcMethod("admin.reset")
		public String reset() {
			return "reset";
		}

		@JsonRpcMethod
		@PreAuthorize("hasRole('USER') or hasAuthority('SCOPE_read')")
		public String forUsers() {
			return "for " + SecurityContextHolder.getContext().getAuthentication().getName();
		}

		@JsonRpcMethod
		@PreAuthorize("hasRole('BOSS')")
		public String forBosses() {
			return "for bosses";
		}

		@JsonRpcMethod
		@PreAuthorize("hasRole('BOSS')")
		public CompletionStage<String> laterForBosses() {
			return CompletableFuture.completedFuture("later for bosses");
		}

	}

}
