package io.ujrpc.sample;

import io.ujrpc.spring.JsonRpcWebServer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plain {@code @SpringBootTest} must not take port 8080 from whatever else runs on the
 * machine (application.yml says 8080).
 */
@SpringBootTest
class MockEnvironmentTests {

	@Autowired
	private JsonRpcWebServer webServer;

	@Autowired
	private Environment environment;

	@Test
	void plainSpringBootTestServesOnARandomPort() {
		assertThat(this.webServer.getPort()).isPositive().isNotEqualTo(8080);
		assertThat(this.environment.getProperty("local.server.port", Integer.class))
			.isEqualTo(this.webServer.getPort());
	}

}
