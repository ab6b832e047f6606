package io.ujrpc.spring.test;

import java.util.List;
import java.util.Map;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Keeps tests off port 8080: a {@code @SpringBootTest} in the default mock environment
 * gets a random port ({@code server.port=0}), and one with {@code webEnvironment = NONE}
 * gets no server at all ({@code server.port=-1}), which is what Spring Boot does with its
 * own servers in those environments.
 */
class UjrpcTestServerPortContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		SpringBootTest annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass, SpringBootTest.class);
		if (annotation == null) {
			return null;
		}
		WebEnvironment environment = annotation.webEnvironment();
		if (environment == WebEnvironment.MOCK) {
			return new PortCustomizer("0");
		}
		if (environment == WebEnvironment.NONE) {
			return new PortCustomizer("-1");
		}
		return null;
	}

	private record PortCustomizer(String port) implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("ujrpcTestServerPort", Map.of("server.port", this.port)));
		}

	}

}
