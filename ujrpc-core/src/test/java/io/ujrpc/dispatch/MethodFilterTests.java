package io.ujrpc.dispatch;

import java.util.List;

import io.ujrpc.annotation.JsonRpcMethod;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class MethodFilterTests {

	private final ObjectMapper mapper = JsonMapper.builder().build();

	@Test
	void excludedMethodsAreNotRegistered() {
		MethodRegistry registry = MethodRegistry.builder(this.mapper)
			.exclude(List.of("admin.*"))
			.addAnnotated(new Methods())
			.build();
		assertThat(registry.names()).containsExactly("public.echo", "users.list");
	}

	@Test
	void onlyIncludedMethodsAreRegisteredUnlessAlsoExcluded() {
		MethodRegistry registry = MethodRegistry.builder(this.mapper)
			.include(List.of("admin.*", "users.?ist"))
			.exclude(List.of("admin.reset"))
			.addAnnotated(new Methods())
			.build();
		assertThat(registry.names()).containsExactly("admin.users.list", "users.list");
	}

	@Test
	void excludedMethodIsNotFound() {
		MethodRegistry registry = MethodRegistry.builder(this.mapper)
			.exclude(List.of("admin.*"))
			.addAnnotated(new Methods())
			.build();
		JsonNode answer = new DispatchHarness(this.mapper, registry)
			.call("{\"jsonrpc\":\"2.0\",\"method\":\"admin.reset\",\"id\":1}");
		assertThat(answer.get("error").get("code").asInt()).isEqualTo(-32601);
	}

	@Test
	void discoveryIsNotServedWhenExcluded() {
		ServiceDiscovery discovery = new ServiceDiscovery() {

			@Override
			public void describe(MethodRegistry registry) {
			}

			@Override
			public Object discover() {
				return "doc";
			}

		};
		MethodRegistry registry = MethodRegistry.builder(this.mapper)
			.exclude(List.of("rpc.*"))
			.discovery(discovery)
			.addAnnotated(new Methods())
			.build();
		assertThat(registry.find(MethodRegistry.DISCOVER_METHOD)).isNull();
	}

	@Test
	void patternStarSpansDotsAndQuestionMarkOneCharacter() {
		MethodNamePatterns patterns = MethodNamePatterns.of("admin.*", "v?.get");
		assertThat(patterns.matches("admin.users.list")).isTrue();
		assertThat(patterns.matches("admin.")).isTrue();
		assertThat(patterns.matches("administrator")).isFalse();
		assertThat(patterns.matches("v1.get")).isTrue();
		assertThat(patterns.matches("v10.get")).isFalse();
		assertThat(MethodNamePatterns.of("a+b(c)").matches("a+b(c)")).isTrue();
	}

	static class Methods {

		@JsonRpcMethod("public.echo")
		String echo(String text) {
			return text;
		}

		@JsonRpcMethod("admin.reset")
		void reset() {
		}

		@JsonRpcMethod("admin.users.list")
		List<String> adminUsers() {
			return List.of();
		}

		@JsonRpcMethod("users.list")
		List<String> users() {
			return List.of();
		}

	}

}
