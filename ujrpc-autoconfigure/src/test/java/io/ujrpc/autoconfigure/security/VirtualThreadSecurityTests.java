package io.ujrpc.autoconfigure.security;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The security context on virtual threads (Java 21+; skipped on 17, which has none).
 */
@Tag("security")
@EnabledForJreRange(min = JRE.JAVA_21)
@SpringBootTest(classes = SecurityTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.security.user.name=user", "spring.security.user.password=secret",
				"spring.security.user.roles=USER", "ujrpc.blocking.executor=virtual" })
class VirtualThreadSecurityTests {

	private static final String USER = SecurityClient.basic("user", "secret");

	@LocalServerPort
	private int port;

	@Test
	void callerIsInTheSecurityContextOfTheVirtualThread() throws Exception {
		HttpResponse<String> response = new SecurityClient(this.port).call(USER, "whoAmI");
		assertThat(response.body()).contains("\"result\":\"user on virtual\"");
	}

	@Test
	void preAuthorizeWorksOnVirtualThreads() throws Exception {
		SecurityClient client = new SecurityClient(this.port);
		assertThat(client.call(USER, "forUsers").body()).contains("\"result\":\"for user\"");
		HttpResponse<String> denied = client.call(USER, "forBosses");
		assertThat(denied.statusCode()).isEqualTo(403);
		assertThat(denied.body()).contains("\"code\":-32003");
	}

}
