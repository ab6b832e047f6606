package io.ujrpc.autoconfigure.client;

import java.net.URI;
import java.util.Map;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

import io.micrometer.observation.ObservationRegistry;
import io.netty.handler.ssl.SslContextBuilder;
import io.ujrpc.client.JsonRpcClient;
import io.ujrpc.client.JsonRpcClientCodec;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of JSON-RPC clients: one {@link JsonRpcClient} bean per
 * {@code ujrpc.client.<name>.url}, built with the application's {@link JsonMapper} and
 * {@link ObservationRegistry}, and a bean for each proxy interface listed in
 * {@code ujrpc.client.<name>.interfaces} or {@link ImportJsonRpcClients}.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
		"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
		"org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration" })
@ConditionalOnClass(JsonRpcClient.class)
@EnableConfigurationProperties(UjrpcClientProperties.class)
public final class UjrpcClientAutoConfiguration {

	@Bean
	static JsonRpcClientPropertiesRegistrar jsonRpcClientPropertiesRegistrar(Environment environment) {
		return new JsonRpcClientPropertiesRegistrar(environment);
	}

	@Bean
	@ConditionalOnMissingBean
	JsonRpcClients jsonRpcClients(UjrpcClientProperties properties, ObjectProvider<JsonMapper> jsonMapper,
			ObjectProvider<ObservationRegistry> observationRegistry, ObjectProvider<SslBundles> sslBundles,
			ObjectProvider<JsonRpcClientBuilderCustomizer> customizers) {
		Map<String, UjrpcClientProperties.Client> clients = properties.getClient();
		return new JsonRpcClients(clients.keySet(), (name) -> {
			UjrpcClientProperties.Client client = clients.get(name);
			URI url = client.getUrl();
			if (url == null) {
				throw new IllegalStateException(
						"JSON-RPC client '" + name + "' has no URL (expected: ujrpc.client." + name + ".url)");
			}
			ObjectMapper mapper = jsonMapper.getIfAvailable(() -> JsonMapper.builder().build());
			JsonRpcClient.Builder builder = JsonRpcClient.builder(url)
				.codec(codec(client.getEncoding(), mapper))
				.timeout(client.getTimeout())
				.connectTimeout(client.getConnectTimeout())
				.maxConnections(client.getMaxConnections())
				.maxResponseSize(Math.toIntExact(client.getMaxResponseSize().toBytes()))
				.ioThreads(client.getIoThreads())
				.webSocketPingInterval(client.getWebSocketPingInterval());
			client.getHeaders().forEach(builder::header);
			observationRegistry.ifAvailable(builder::observationRegistry);
			String bundle = client.getSsl().getBundle();
			if (bundle != null) {
				SslBundles bundles = sslBundles.getIfAvailable();
				if (bundles == null) {
					throw new IllegalStateException("JSON-RPC client '" + name + "' names SSL bundle '" + bundle
							+ "', but the application has no SslBundles");
				}
				builder.sslContext(sslContext(name, bundles.getBundle(bundle)));
			}
			customizers.orderedStream().forEach((customizer) -> customizer.customize(name, builder));
			return builder.build();
		});
	}

	private static JsonRpcClientCodec codec(UjrpcClientProperties.Encoding encoding, ObjectMapper mapper) {
		return switch (encoding) {
			case JSON -> JsonRpcClientCodec.json(mapper);
		};
	}

	private static io.netty.handler.ssl.SslContext sslContext(String name, SslBundle bundle) {
		SslContextBuilder builder = SslContextBuilder.forClient();
		TrustManagerFactory trust = bundle.getManagers().getTrustManagerFactory();
		if (trust != null) {
			builder.trustManager(trust);
		}
		KeyManagerFactory keys = bundle.getManagers().getKeyManagerFactory();
		if (keys != null && bundle.getStores().getKeyStore() != null) {
			builder.keyManager(keys);
		}
		SslOptions options = bundle.getOptions();
		if (options.getEnabledProtocols() != null) {
			builder.protocols(options.getEnabledProtocols());
		}
		if (options.getCiphers() != null) {
			builder.ciphers(java.util.List.of(options.getCiphers()));
		}
		try {
			return builder.build();
		}
		catch (SSLException ex) {
			throw new IllegalStateException(
					"JSON-RPC client '" + name + "' cannot set up TLS from its SSL bundle: " + ex.getMessage(), ex);
		}
	}

}
