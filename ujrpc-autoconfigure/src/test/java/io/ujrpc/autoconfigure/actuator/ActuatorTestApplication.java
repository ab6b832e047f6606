package io.ujrpc.autoconfigure.actuator;

import java.util.Map;

import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.protocol.JsonRpcException;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * An application with JSON-RPC methods, the actuator, and a user-written endpoint.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class ActuatorTestApplication {

	@Bean
	Calculator calculator() {
		return new Calculator();
	}

	@Bean
	GreetingEndpoint greetingEndpoint() {
		return new GreetingEndpoint();
	}

	static class Calculator {

		@JsonRpcMethod(nonBlocking = true)
		long sum(long a, long b) {
			return a + b;
		}

		@JsonRpcMethod(nonBlocking = true)
		long divide(long a, long b) {
			if (b == 0) {
				throw new JsonRpcException(1001, "Division by zero");
			}
			return a / b;
		}

		@JsonRpcMethod
		void crash() {
			throw new IllegalStateException("boom");
		}

	}

	@Endpoint(id = "greeting")
	static class GreetingEndpoint {

		private String greeting = "Hello";

		@ReadOperation
		Map<String, String> greet() {
			return Map.of("message", this.greeting + ", world");
		}

		@ReadOperation
		Map<String, String> greetOne(@Selector String name) {
			return Map.of("message", this.greeting + ", " + name);
		}

		@WriteOperation
		void change(String greeting) {
			this.greeting = greeting;
		}

	}

}
