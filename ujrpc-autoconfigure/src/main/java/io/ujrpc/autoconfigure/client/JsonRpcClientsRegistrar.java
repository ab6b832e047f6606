package io.ujrpc.autoconfigure.client;

import java.util.Map;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.annotation.AnnotationAttributes;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers the proxies that {@link ImportJsonRpcClients} annotations name.
 */
class JsonRpcClientsRegistrar implements ImportBeanDefinitionRegistrar {

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		for (AnnotationAttributes attributes : metadata.getMergedRepeatableAnnotationAttributes(
				ImportJsonRpcClients.class, ImportJsonRpcClients.Container.class, false)) {
			register(registry, attributes);
		}
	}

	private static void register(BeanDefinitionRegistry registry, Map<String, Object> attributes) {
		String client = (String) attributes.get("client");
		for (Class<?> type : (Class<?>[]) attributes.get("types")) {
			JsonRpcClientBeanDefinitions.registerProxy(registry, client, type);
		}
	}

}
