package io.ujrpc.spring.test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnNotWebApplication;
import org.springframework.boot.resttestclient.autoconfigure.RestTestClientBuilderCustomizer;
import org.springframework.boot.test.http.server.LocalTestWebServer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * A {@link RestTestClient} bound to the running ujrpc server, for
 * {@code @AutoConfigureRestTestClient} in an application that ujrpc serves: Spring Boot's
 * own auto-configuration wants a {@code WebApplicationContext}, which such an application
 * does not have. Imported by {@code @AutoConfigureRestTestClient}, ahead of Boot's; the
 * customizers Boot registers (message converters) apply.
 */
@AutoConfiguration(
		beforeName = "org.springframework.boot.resttestclient.autoconfigure.RestTestClientTestAutoConfiguration")
@ConditionalOnClass({ RestTestClient.class, LocalTestWebServer.class })
@ConditionalOnNotWebApplication
public final class UjrpcRestTestClientAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RestTestClient restTestClient(ApplicationContext applicationContext,
			ObjectProvider<RestTestClientBuilderCustomizer> customizers) {
		LocalTestWebServer server = LocalTestWebServer.obtain(applicationContext);
		RestTestClient.Builder<?> builder = RestTestClient.bindToServer().uriBuilderFactory(server.uriBuilderFactory());
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

}
