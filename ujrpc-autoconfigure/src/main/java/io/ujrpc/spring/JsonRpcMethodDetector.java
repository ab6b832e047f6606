package io.ujrpc.spring;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.function.Consumer;

import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.dispatch.MethodRegistrationException;
import io.ujrpc.dispatch.MethodRegistry;
import tools.jackson.databind.ObjectMapper;

import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

/**
 * Finds the {@link JsonRpcMethod} methods of every bean, proxied ones included, and
 * registers them. Annotations are read from the user's class; calls go through the bean
 * as the container exposes it, so that proxies (transactions, security) apply.
 */
public final class JsonRpcMethodDetector {

	private JsonRpcMethodDetector() {
	}

	/**
	 * Build a registry of the JSON-RPC methods of the beans in a bean factory and its
	 * ancestors.
	 * @param beanFactory the bean factory
	 * @param mapper the mapper that binds parameters
	 * @return the registry
	 * @throws io.ujrpc.dispatch.MethodRegistrationException when a method cannot be
	 * served or a name is declared twice
	 */
	public static MethodRegistry detect(ListableBeanFactory beanFactory, ObjectMapper mapper) {
		return detect(beanFactory, mapper, (registry) -> {
		});
	}

	/**
	 * Build a registry of the JSON-RPC methods of the beans in a bean factory and its
	 * ancestors, configured first by a customizer (validation, exception resolvers,
	 * discovery, reserved names).
	 * @param beanFactory the bean factory
	 * @param mapper the mapper that binds parameters
	 * @param customizer configures the registry builder before methods are added
	 * @return the registry
	 * @throws io.ujrpc.dispatch.MethodRegistrationException when a method cannot be
	 * served or a name is declared twice
	 */
	public static MethodRegistry detect(ListableBeanFactory beanFactory, ObjectMapper mapper,
			Consumer<MethodRegistry.Builder> customizer) {
		MethodRegistry.Builder registry = MethodRegistry.builder(mapper);
		customizer.accept(registry);
		for (String beanName : BeanFactoryUtils.beanNamesForTypeIncludingAncestors(beanFactory, Object.class)) {
			if (ScopedProxyUtils.isScopedTarget(beanName)) {
				continue;
			}
			Class<?> beanType;
			try {
				beanType = beanFactory.getType(beanName);
			}
			catch (RuntimeException ex) {
				// A bean whose type cannot be determined (lazy, broken) cannot declare
				// methods.
				continue;
			}
			if (beanType == null) {
				continue;
			}
			Class<?> userType = ClassUtils.getUserClass(beanType);
			Map<Method, JsonRpcMethod> methods = MethodIntrospector.selectMethods(userType,
					(MethodIntrospector.MetadataLookup<JsonRpcMethod>) (method) -> AnnotatedElementUtils
						.findMergedAnnotation(method, JsonRpcMethod.class));
			if (methods.isEmpty()) {
				continue;
			}
			Object bean = beanFactory.getBean(beanName);
			methods.forEach((method, annotation) -> {
				Method invocable;
				try {
					invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
				}
				catch (IllegalStateException ex) {
					throw new MethodRegistrationException("Cannot serve JSON-RPC method '" + method.getName()
							+ "' on bean '" + beanName + "': " + ex.getMessage());
				}
				registry.add(bean, invocable, annotation, beanName);
			});
		}
		return registry.build();
	}

}
