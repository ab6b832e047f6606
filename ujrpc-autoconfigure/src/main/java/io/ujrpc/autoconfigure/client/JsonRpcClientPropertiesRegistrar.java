package io.ujrpc.autoconfigure.client;

import java.util.Map;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Registers a bean for each client under {@code ujrpc.client}, and for each interface its
 * {@code interfaces} property lists.
 */
final class JsonRpcClientPropertiesRegistrar implements BeanDefinitionRegistryPostProcessor {

	private final Environment environment;

	JsonRpcClientPropertiesRegistrar(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		Map<String, UjrpcClientProperties.Client> clients = Binder.get(this.environment)
			.bind("ujrpc.client", Bindable.mapOf(String.class, UjrpcClientProperties.Client.class))
			.orElse(Map.of());
		clients.forEach((name, client) -> {
			JsonRpcClientBeanDefinitions.registerClient(registry, name);
			for (Class<?> type : client.getInterfaces()) {
				JsonRpcClientBeanDefinitions.registerProxy(registry, name, type);
			}
		});
	}

}
