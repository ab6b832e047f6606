package io.ujrpc.autoconfigure.client;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;

/**
 * Registers proxy interfaces of a named JSON-RPC client as beans, in the manner of
 * Spring's {@code @ImportHttpServices}: each interface becomes a bean, named after the
 * interface, that calls through the client configured as
 * {@code ujrpc.client.<client>.url}.
 *
 * <pre class="code">
 * &#64;Configuration
 * &#64;ImportJsonRpcClients(client = "calculator", types = Calculator.class)
 * class ClientConfiguration {
 * }
 * </pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(ImportJsonRpcClients.Container.class)
@Import(JsonRpcClientsRegistrar.class)
public @interface ImportJsonRpcClients {

	/**
	 * The name of the client the proxies call through.
	 * @return the client's name
	 */
	String client();

	/**
	 * The proxy interfaces.
	 * @return the interfaces
	 */
	Class<?>[] types();

	/**
	 * Holds repeated {@link ImportJsonRpcClients} annotations.
	 */
	@Target(ElementType.TYPE)
	@Retention(RetentionPolicy.RUNTIME)
	@Documented
	@Import(JsonRpcClientsRegistrar.class)
	@interface Container {

		/**
		 * The annotations.
		 * @return the annotations
		 */
		ImportJsonRpcClients[] value();

	}

}
