package io.ujrpc.sample;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/*
 * The README's upload and download commands, through the sample's REST routes.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleFileTransferTests {

	@TempDir
	static Path files;

	@DynamicPropertySource
	static void filesDirectory(DynamicPropertyRegistry registry) {
		registry.add("sample.files.directory", files::toString);
	}

	@LocalServerPort
	private int port;

	private final HttpClient client = HttpClient.newHttpClient();

	@Test
	void anUploadedFileStreamsBackUnchanged() throws Exception {
		byte[] content = new byte[3 * 1024 * 1024 + 17];
		new Random(7).nextBytes(content);
		HttpResponse<String> upload = this.client.send(HttpRequest.newBuilder(uri("/rest/upload?name=big.bin"))
			.header("content-type", "application/octet-stream")
			.POST(HttpRequest.BodyPublishers.ofByteArray(content))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(upload.statusCode()).isEqualTo(200);
		assertThat(upload.body()).isEqualTo(Long.toString(content.length));
		assertThat(Files.size(files.resolve("big.bin"))).isEqualTo(content.length);
		HttpResponse<InputStream> download = this.client.send(
				HttpRequest.newBuilder(uri("/rest/download?name=big.bin")).GET().build(),
				HttpResponse.BodyHandlers.ofInputStream());
		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.headers().firstValue("content-type")).hasValue("application/octet-stream");
		byte[] received;
		try (InputStream body = download.body()) {
			received = body.readAllBytes();
		}
		assertThat(MessageDigest.getInstance("SHA-256").digest(received))
			.isEqualTo(MessageDigest.getInstance("SHA-256").digest(content));
	}

	@Test
	void anUnknownFileIsNotFoundAndABadNameIsInvalidParams() throws Exception {
		HttpResponse<String> missing = this.client.send(
				HttpRequest.newBuilder(uri("/rest/download?name=nothing.bin")).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(missing.body()).contains("\"code\":4004").contains("No such file");
		HttpResponse<String> escape = this.client.send(HttpRequest.newBuilder(uri("/rest/upload?name=..%2Fx"))
			.header("content-type", "application/octet-stream")
			.POST(HttpRequest.BodyPublishers.ofString("x"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(escape.statusCode()).isEqualTo(400);
		assertThat(escape.body()).contains("\"code\":-32602");
		assertThat(files.getParent().resolve("x")).doesNotExist();
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

}
