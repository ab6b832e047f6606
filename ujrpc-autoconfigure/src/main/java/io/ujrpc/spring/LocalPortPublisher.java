package io.ujrpc.spring;

import java.util.HashMap;
import java.util.Map;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * Publishes the ports a server bound, such as {@code local.server.port}, in a property
 * source named {@code server.ports} on a context and its ancestors, where Spring Boot's
 * own servers put them, so that {@code @LocalServerPort} and {@code @Value} find them.
 */
public final class LocalPortPublisher {

	private static final String PROPERTY_SOURCE_NAME = "server.ports";

	private LocalPortPublisher() {
	}

	/**
	 * Publish a port.
	 * @param context the context
	 * @param propertyName the property, such as {@code local.server.port}
	 * @param port the bound port
	 */
	public static void publish(ApplicationContext context, String propertyName, int port) {
		for (ApplicationContext current = context; current != null; current = current.getParent()) {
			if (current instanceof ConfigurableApplicationContext configurable) {
				portsOf(configurable.getEnvironment().getPropertySources()).put(propertyName, port);
			}
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> portsOf(MutablePropertySources sources) {
		PropertySource<?> source = sources.get(PROPERTY_SOURCE_NAME);
		if (source == null) {
			source = new MapPropertySource(PROPERTY_SOURCE_NAME, new HashMap<>());
			sources.addFirst(source);
		}
		return (Map<String, Object>) source.getSource();
	}

}
