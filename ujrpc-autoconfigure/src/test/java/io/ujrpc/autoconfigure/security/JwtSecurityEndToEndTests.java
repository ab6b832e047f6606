package io.ujrpc.autoconfigure.security;

import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bearer JWTs checked by the decoder Spring Boot makes from
 * {@code spring.security.oauth2.resourceserver.jwt.public-key-location}, with an RSA key
 * pair made for the test; scopes become {@code SCOPE_} authorities.
 */
@Tag("security")
@SpringBootTest(classes = SecurityTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ujrpc.websocket.path=/ws", "ujrpc.blocking.executor=platform" })
class JwtSecurityEndToEndTests {

	private static final KeyPair KEYS = rsa();

	private static final KeyPair OTHER_KEYS = rsa();

	@LocalServerPort
	private int port;

	private SecurityClient client;

	@DynamicPropertySource
	static void publicKey(DynamicPropertyRegistry registry) throws Exception {
		Path pem = Files.createTempFile("ujrpc-jwt", ".pub");
		pem.toFile().deleteOnExit();
		Files.writeString(pem,
				"-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(KEYS.getPublic().getEncoded())
						+ "\n-----END PUBLIC KEY-----\n");
		registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", () -> "file:" + pem);
	}

	@BeforeEach
	void client() {
		this.client = new SecurityClient(this.port);
	}

	@Test
	void validTokenAuthenticatesItsSubject() throws Exception {
		HttpResponse<String> response = this.client.call(bearer(token("alice", "read", KEYS, 300)), "whoAmI");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"result\":\"alice on platform\"");
	}

	@Test
	void anonymousCallGetsABearerChallengeAndNoBasicOne() throws Exception {
		HttpResponse<String> response = this.client.call(null, "whoAmI");
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().allValues("www-authenticate")).containsExactly("Bearer");
	}

	@Test
	void scopeIsAnAuthorityForRulesAndPreAuthorize() throws Exception {
		assertThat(this.client.call(bearer(token("alice", "read", KEYS, 300)), "admin.reset").statusCode())
			.isEqualTo(403);
		HttpResponse<String> admin = this.client.call(bearer(token("root", "admin", KEYS, 300)), "admin.reset");
		assertThat(admin.statusCode()).isEqualTo(200);
		assertThat(admin.body()).contains("\"result\":\"reset\"");
		HttpResponse<String> forUsers = this.client.call(bearer(token("alice", "read", KEYS, 300)), "forUsers");
		assertThat(forUsers.body()).contains("\"result\":\"for alice\"");
	}

	@Test
	void expiredTokenIs401WithInvalidToken() throws Exception {
		HttpResponse<String> response = this.client.call(bearer(token("alice", "read", KEYS, -300)), "public.echo");
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("www-authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge)
				.startsWith("Bearer error=\"invalid_token\", error_description=\""));
		assertThat(response.body()).contains("\"code\":-32001").contains("Invalid token");
	}

	@Test
	void tokenSignedWithAnotherKeyIs401() throws Exception {
		assertThat(this.client.call(bearer(token("alice", "read", OTHER_KEYS, 300)), "whoAmI").statusCode())
			.isEqualTo(401);
		assertThat(this.client.call("Bearer not-a-jwt", "whoAmI").statusCode()).isEqualTo(401);
	}

	@Test
	void basicIsNotAcceptedWhenOnlyJwtIsConfigured() throws Exception {
		assertThat(this.client.call(SecurityClient.basic("user", "x"), "whoAmI").statusCode()).isEqualTo(401);
	}

	@Test
	void webSocketHandshakeCarriesTheToken() throws Exception {
		SecurityClient.Messages messages = new SecurityClient.Messages();
		WebSocket socket = this.client.webSocket(bearer(token("alice", "read", KEYS, 300)), messages)
			.get(10, TimeUnit.SECONDS);
		socket.sendText("{\"jsonrpc\":\"2.0\",\"method\":\"whoAmI\",\"id\":1}", true);
		assertThat(messages.next()).contains("\"result\":\"alice on platform\"");
		socket.abort();
	}

	private static String bearer(String token) {
		return "Bearer " + token;
	}

	private static String token(String subject, String scope, KeyPair keys, long expiresInSeconds) throws Exception {
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject)
			.claim("scope", scope)
			.issueTime(Date.from(now.minusSeconds(600)))
			.expirationTime(Date.from(now.plusSeconds(expiresInSeconds)))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
		jwt.sign(new RSASSASigner((RSAPrivateKey) keys.getPrivate()));
		return jwt.serialize();
	}

	private static KeyPair rsa() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
