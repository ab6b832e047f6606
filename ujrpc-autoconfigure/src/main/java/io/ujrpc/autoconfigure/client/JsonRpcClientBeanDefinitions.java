package io.ujrpc.autoconfigure.client;

import io.ujrpc.client.JsonRpcClient;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;

/**
 * Registers client and proxy bean definitions, each resolving through the
 * {@link JsonRpcClients} bean when first needed.
 */
final class JsonRpcClientBeanDefinitions {

	/** Which client a proxy bean calls through, to name both when two clash. */
	private static final String CLIENT_ATTRIBUTE = JsonRpcClientBeanDefinitions.class.getName() + ".client";

	private JsonRpcClientBeanDefinitions() {
	}

	/*
	 * Return the bean name of a named client.
	 */
	static String clientBeanName(String name) {
		return name + "JsonRpcClient";
	}

	static void registerClient(BeanDefinitionRegistry registry, String name) {
		String beanName = clientBeanName(name);
		if (registry.containsBeanDefinition(beanName)) {
			return;
		}
		BeanFactory beanFactory = (BeanFactory) registry;
		RootBeanDefinition definition = new RootBeanDefinition(JsonRpcClient.class,
				() -> beanFactory.getBean(JsonRpcClients.class).get(name));
		// Closed by JsonRpcClients, which owns it.
		definition.setDestroyMethodName(null);
		definition.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
		registry.registerBeanDefinition(beanName, definition);
	}

	static <T> void registerProxy(BeanDefinitionRegistry registry, String client, Class<T> type) {
		if (!type.isInterface()) {
			throw new IllegalStateException(
					"JSON-RPC client '" + client + "' cannot proxy " + type.getName() + " (expected: an interface)");
		}
		String beanName = type.getName();
		if (registry.containsBeanDefinition(beanName)) {
			Object existing = registry.getBeanDefinition(beanName).getAttribute(CLIENT_ATTRIBUTE);
			if (client.equals(existing)) {
				return;
			}
			throw new IllegalStateException("Duplicate JSON-RPC proxy " + type.getName() + " for clients '" + existing
					+ "' and '" + client + "'");
		}
		BeanFactory beanFactory = (BeanFactory) registry;
		RootBeanDefinition definition = new RootBeanDefinition(type,
				() -> beanFactory.getBean(JsonRpcClients.class).get(client).proxy(type));
		definition.setAttribute(CLIENT_ATTRIBUTE, client);
		definition.setDestroyMethodName(null);
		registry.registerBeanDefinition(beanName, definition);
	}

}
