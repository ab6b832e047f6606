package io.ujrpc.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;

import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.annotation.RestMapping;
import io.ujrpc.dispatch.MethodRegistrationException;
import io.ujrpc.dispatch.MethodRegistry;
import io.ujrpc.server.JsonRpcServer;
import io.ujrpc.test.RawHttpConnection;
import io.ujrpc.test.RawHttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The REST mapping end to end over real sockets: each route form, the status mapping,
 * problem bodies, ordering and the limits of streamed bodies.
 */
class RestMappingTests {

	private static final Duration BOUND = Duration.ofSeconds(10);

	private final ObjectMapper mapper = JsonMapper.builder().build();

	private final RestMethods methods = new RestMethods();

	private final List<JsonRpcServer> servers = new ArrayList<>();

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@AfterEach
	void stop() {
		this.methods.release.countDown();
		this.servers.forEach(JsonRpcServer::stop);
	}

	@Test
	void getBindsQueryParametersByNameConvertingText() throws Exception {
		JsonRpcServer server = start(UnaryOperator.identity());
		HttpResponse<String> response = get(server, "/rest/math.sum?a=12&b=30");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
		assertThat(response.body()).isEqualTo("42");
		assertThat(get(server, "/rest/greet?name=J%C3%BCrgen+K&times=2").body())
			.isEqualTo("\"Hello Jürgen K! Hello Jürgen K!\"");
		assertThat(get(server, "/rest/greet?name=42").body()).isEqualTo("\"Hello 42!\"");
		assertThat(get(server, "/rest/negate?value=false").body()).isEqualTo("true");
		assertThat(get(server, "/rest/math.sum?a=-3&b=9007199254740993").body()).isEqualTo("9007199254740990");
	}

	@Test
	void repeatedQueryKeysBindAListAndARepeatedScalarIsRefused() throws Exception {
		JsonRpcServer server = start(UnaryOperator.identity());
		assertThat(get(server, "/rest/total?values=1&values=2&values=39").body()).isEqualTo("42");
		assertThat(get(server, "/rest/total?values=5").body()).isEqualTo("5");
		HttpResponse<String> repeated = get(server, "/rest/math.sum?a=1&a=2&b=3");
		assertProblem(repeated, 400, -32602);
		assertThat(problem(repeated).get("detail").asString()).contains("'a' is given 2 times");
	}

	@Test
	void textThatIsNotTheParameterTypeIsInvalidParams() throws Exception {
		JsonRpcServer server = start(UnaryOperator.identity());
		HttpResponse<String> fraction = get(server, "/rest/math.sum?a=1.5&b=1");
		assertProblem(fraction, 400, -32602);
		assertThat(problem(fraction).get("detail").asString()).contains("parameter 'a'").contains("1.5");
		assertProblem(get(server, "/rest/math.sum?a=twelve&b=1"), 400, -32602);
		assertProblem(get(server, "/rest/math.sum?a=+1&b=1"), 400, -32602);
		assertProblem(get(server, "/rest/math.sum?a=1"), 400, -32602);
		assertProblem(get(server, "/rest/negate?value=yes"), 400, -32602);
		HttpResponse<String> unknown = get(server, "/rest/math.sum?a=1&b=2&c=3");
		assertProblem(unknown, 400, -32602);
		assertThat(problem(unknown).get("detail").asString()).contains("unknown parameter 'c'");
	}

	@Test
	void postBindsAnObjectByNameAnArrayByPositionAndAnEmptyBodyAsNoParams() throws Exception {
		JsonRpcServer server = start(UnaryOperator.identity());
		assertThat(post(server, "/rest/math.sum", "{\"a\":40,\"b\":2}").body()).isEqualTo("42");
		assertThat(post(server, "/rest/math.sum", "[40,2]").body()).isEqualTo("42");
		assertThat(post(server, "/rest/ping", "").body()).isEqualTo("\"pong\"");
		assertThat(post(server, "/rest/greet?times=3", "{\"name\":\"x\"}").body())
			.isEqualTo("\"Hello x! Hello x! Hello x!\"");
		assertProblem(post(server, "/rest/math.sum", "{\"a\":40,"), 400, -32700);
		assertProblem(post(server, "/rest/math.sum", "{\"a\":1,\"b\":2} {}"), 400, -32700);
		assertProblem(post(server, "/rest/math.sum", "\"text\""), 400, -32602);
		assertProblem(post(server, "/rest/math.sum?a=1", "[1,2]"), 400, -32602);
		HttpResponse<String> text = this.client
			.send(request(server, "/rest/math.sum").header("content-type", "text/plain")
				.POST(HttpRequest.BodyPublishers.ofString("a=1"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(text.statusCode()).isEqualTo(415);
		assertThat(text.headers().firstValue("content-type")).hasValue("application/problem+json");
		HttpResponse<String> unknown = this.client
			.send(request(server, "/rest/nothing.here").header("content-type", "application/octet-stream")
				.POST(HttpRequest.BodyPublishers.ofString("bytes"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertProblem(unknown, 404, -32601);
	}

	@Test
	void voidIsNoContent() throws Exception {
		JsonRpcServer server = start(UnaryOperator.identity());
		HttpResponse<String> response = post(server, "/rest/touch", "");
		assertThat(response.statusCode()).isEqualTo(204);
		assertThat(response.body()).isEmpty();
		assertThat(this.methods.touched).hasValue(1);
	}

	@Test
	void errorsMapToStatusesWithProblemBodies() throws Exception {
		JsonRpcServer server = start(UnaryOperator.identity());
		HttpResponse<String> missing = get(server, "/rest/nothing.here");
		assertProblem(missing, 404, -32601);
		JsonNode problem = problem(missing);
		assertThat(problem.get("type").asString()).isEqualTo("about:blank");
		assertThat(problem.get("title").asString()).isEqualTo("Not Found");
		assertThat(problem.get("detail").asString()).isEqualTo("Method not found");
		assertProblem(get(server, "/rest/crowded"), 503, -32000);
		assertThat(get(server, "/rest/crowded").headers().firstValue("retry-after")).isPresent();
		HttpResponse<String> broken = get(server, "/rest/broken");
		assertProblem(broken, 500, -32603);
		assertThat(broken.body()).doesNotContain("secret").doesNotContain("IllegalState").doesNotContain("com.example");
		HttpResponse<String> book = get(server, "/books/8");
		assertProblem(book, 404, 1001);
		assertThat(problem(book).get("detail").asString()).isEqualTo("No such book");
	}

	@Test
	void otherMethodsAreNotAllowed() throws Exception {
		JsonRpcServer server = start(UnaryOperator.identity());
		HttpResponse<String> put = this.client
			.send(request(server, "/rest/math.sum").header("content-type", "application/json")
				.PUT(HttpRequest.BodyPublishers.ofString("{}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(put.statusCode()).isEqualTo(405);
		assertThat(put.headers().firstValue("allow")).hasValue("GET, POST");
		HttpResponse<Void> head = this.client.send(
				request(server, "/rest/math.sum").method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
				HttpResponse.BodyHandlers.discarding());
		assertThat(head.statusCode()).isEqualTo(405);
		HttpResponse<String> delete = this.client.send(request(server, "/books/7").DELETE().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(delete.statusCode()).isEqualTo(405);
		assertThat(delete.headers().firstValue("allow")).hasValue("GET");
	}

	@Test
	void declaredRoutesBindPathVariablesAndABody() throws Exception {
		JsonRpcServer server = start(UnaryOperator.identity());
		assertThat(get(server, "/books/7").body()).isEqualTo("{\"id\":7,\"title\":\"The Seventh Book\"}");
		assertProblem(get(server, "/books/seven"), 400, -32602);
		HttpResponse<String> renamed = this.client
			.send(request(server, "/books/9/title").header("content-type", "application/json")
				.PUT(HttpRequest.BodyPublishers.ofString("\"New title\""))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(renamed.body()).isEqualTo("{\"id\":9,\"title\":\"New title\"}");
		String array = "{\"data\":[[1,2],[3,4]],\"dtype\":\"<i8\"}";
		assertThat(post(server, "/echo_json", array).body()).isEqualTo(array);
		// The default routes stay, and the method is still a JSON-RPC method.
		assertThat(get(server, "/rest/book?id=7").statusCode()).isEqualTo(200);
		assertThat(post(server, "/", "{\"jsonrpc\":\"2.0\",\"method\":\"book\",\"params\":{\"id\":7},\"id\":1}").body())
			.contains("The Seventh Book");
		assertThat(get(server, "/books").statusCode()).isEqualTo(404);
	}

	@Test
	void restPathIsConfigurableAndTheMappingCanBeTurnedOff() throws Exception {
		JsonRpcServer root = start((builder) -> builder.jsonRpcPath("/rpc").restPath("/"));
		assertThat(get(root, "/math.sum?a=1&b=2").body()).isEqualTo("3");
		assertThat(post(root, "/rpc", "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":1}").body()).contains("pong");
		JsonRpcServer off = start((builder) -> builder.restEnabled(false));
		assertThat(get(off, "/rest/math.sum?a=1&b=2").statusCode()).isEqualTo(404);
		assertThat(get(off, "/books/7").statusCode()).isEqualTo(404);
	}

	@Test
	void pipelinedRestRequestsAreAnsweredInOrder() throws Exception {
		JsonRpcServer server = start(UnaryOperator.identity());
		try (RawHttpConnection connection = new RawHttpConnection(server.port())) {
			connection.write(rawGet("/rest/slow") + rawGet("/rest/math.sum?a=1&b=2") + rawGet("/books/7")
					+ RawHttpConnection.post("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":3}"));
			await().atMost(BOUND).until(() -> this.methods.slowStarted.get() == 1);
			this.methods.release.countDown();
			assertThat(connection.read().body()).isEqualTo("\"slow\"");
			assertThat(connection.read().body()).isEqualTo("3");
			assertThat(connection.read().body()).contains("Seventh");
			assertThat(connection.read().body()).contains("pong");
		}
	}

	@Test
	void bytesGoBothWaysAsOctetStreams() throws Exception {
		JsonRpcServer server = start(UnaryOperator.identity());
		HttpResponse<byte[]> bytes = this.client.send(request(server, "/rest/bytes?size=300").GET().build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(bytes.headers().firstValue("content-type")).hasValue("application/octet-stream");
		assertThat(bytes.body()).hasSize(300);
		assertThat(bytes.body()[299]).isEqualTo((byte) 299);
		HttpResponse<String> length = this.client
			.send(request(server, "/rest/length").header("content-type", "application/octet-stream")
				.POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1234]))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(length.body()).isEqualTo("1234");
		String base64 = "\"" + Base64.getEncoder().encodeToString(new byte[10]) + "\"";
		assertThat(post(server, "/rest/length", base64).body()).isEqualTo("10");
	}

	@Test
	void largeUploadStreamsIntoTheMethodWithABoundedBuffer() throws Exception {
		JsonRpcServer server = start(UnaryOperator.identity());
		long size = 64L * 1024 * 1024;
		HttpResponse<String> response = this.client
			.send(request(server, "/rest/upload?name=big").header("content-type", "application/octet-stream")
				.POST(HttpRequest.BodyPublishers
					.ofInputStream(() -> new RestMethods.Generated(size, new java.util.concurrent.atomic.AtomicLong())))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(Long.toString(size));
		assertThat(this.methods.uploaded).hasValue(size);
		// Read in many chunks, never holding more than the high-water mark and one read.
		assertThat(this.methods.uploadReads.get()).isGreaterThan(size / (1024 * 1024));
		assertThat(this.methods.uploadMaxBuffered.get()).isLessThanOrEqualTo(StreamedBody.HIGH_WATER + 1024 * 1024);
		// The connection goes on.
		assertThat(get(server, "/rest/math.sum?a=1&b=2").body()).isEqualTo("3");
	}

	@Test
	void streamResultOverJsonRpcIsAnErrorAndTheStreamIsClosed() throws Exception {
		JsonRpcServer server = start(UnaryOperator.identity());
		String body = post(server, "/", "{\"jsonrpc\":\"2.0\",\"method\":\"download\",\"params\":[10],\"id\":1}")
			.body();
		assertThat(body).contains("\"code\":-32603").contains("only its REST route sends");
		String batch = post(server, "/", "[{\"jsonrpc\":\"2.0\",\"method\":\"download\",\"params\":[10],\"id\":2},"
				+ "{\"jsonrpc\":\"2.0\",\"method\":\"math.sum\",\"params\":[1,2],\"id\":3}]")
			.body();
		assertThat(batch).contains("\"code\":-32603").contains("\"result\":3");
		assertThat(this.methods.downloadsClosed).hasValue(2);
		// The REST route streams it, and closes it when done.
		assertThat(get(server, "/rest/download?size=10").body()).hasSize(10);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(this.methods.downloadsClosed).hasValue(3));
	}

	@Test
	void streamResultThatNobodySendsIsClosed() throws Exception {
		JsonRpcServer server = start(UnaryOperator.identity());
		// A notification: no answer to carry it.
		assertThat(post(server, "/", "{\"jsonrpc\":\"2.0\",\"method\":\"download\",\"params\":[10]}").statusCode())
			.isEqualTo(204);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(this.methods.downloadsClosed).hasValue(1));
		// Answered by its deadline first: the stream it returns later is discarded.
		assertThat(post(server, "/", "{\"jsonrpc\":\"2.0\",\"method\":\"lateDownload\",\"id\":1}").body())
			.contains("\"code\":-32008");
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(this.methods.downloadsClosed).hasValue(2));
	}

	@Test
	void uploadLargerThanTheMemoryBudgetStillStreams() throws Exception {
		// The streamed body holds a bounded part at a time: only that counts.
		JsonRpcServer server = start((builder) -> builder.maxBufferedBytes(4 * 1024 * 1024));
		long size = 24L * 1024 * 1024;
		HttpResponse<String> response = this.client
			.send(request(server, "/rest/upload?name=big").header("content-type", "application/octet-stream")
				.POST(HttpRequest.BodyPublishers
					.ofInputStream(() -> new RestMethods.Generated(size, new java.util.concurrent.atomic.AtomicLong())))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(Long.toString(size));
		assertThat(get(server, "/rest/math.sum?a=1&b=2").body()).isEqualTo("3");
	}

	@Test
	void uploadWithContentLengthOnADeclaredRoute() throws Exception {
		JsonRpcServer server = start(UnaryOperator.identity());
		byte[] body = new byte[3 * 1024 * 1024 + 17];
		HttpResponse<String> response = this.client
			.send(request(server, "/files/data.bin").header("content-type", "application/octet-stream")
				.POST(HttpRequest.BodyPublishers.ofByteArray(body))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.body()).isEqualTo(Long.toString(body.length));
		assertThat(this.methods.uploadMaxBuffered.get()).isLessThanOrEqualTo(StreamedBody.HIGH_WATER + 1024 * 1024);
	}

	@Test
	void largeDownloadStreamsInChunks() throws Exception {
		JsonRpcServer server = start(UnaryOperator.identity());
		long size = 64L * 1024 * 1024;
		HttpResponse<InputStream> response = this.client.send(
				request(server, "/rest/download?size=" + size).GET().build(),
				HttpResponse.BodyHandlers.ofInputStream());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-type")).hasValue("application/octet-stream");
		assertThat(response.headers().firstValue("content-length")).isEmpty();
		long total = 0;
		long mismatches = 0;
		byte[] buffer = new byte[64 * 1024];
		try (InputStream in = response.body()) {
			int n;
			while ((n = in.read(buffer)) >= 0) {
				for (int i = 0; i < n; i += 4096) {
					if (buffer[i] != (byte) ((total + i) & 0x7f)) {
						mismatches++;
					}
				}
				total += n;
			}
		}
		assertThat(total).isEqualTo(size);
		assertThat(mismatches).isZero();
		assertThat(this.methods.downloadLargestRead.get()).isLessThanOrEqualTo(ResponseStreamer.CHUNK_SIZE);
		assertThat(get(server, "/rest/math.sum?a=1&b=2").body()).isEqualTo("3");
	}

	@Test
	void streamedResultsEndWithTheConnectionForHttp10AndConnectionClose() throws Exception {
		JsonRpcServer server = start(UnaryOperator.identity());
		for (String request : List.of("GET /rest/download?size=300000 HTTP/1.0\r\n\r\n",
				"GET /rest/download?size=300000 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")) {
			try (RawHttpConnection connection = new RawHttpConnection(server.port())) {
				connection.write(request);
				String head = connection.readLine().strip();
				assertThat(head).endsWith("200 OK");
				boolean chunked = false;
				for (String line = connection.readLine().strip(); !line.isEmpty(); line = connection.readLine()
					.strip()) {
					chunked |= line.equalsIgnoreCase("transfer-encoding: chunked");
				}
				String body = connection.readToEnd();
				assertThat(body.length()).isGreaterThanOrEqualTo(300000);
				assertThat(chunked).isEqualTo(request.contains("HTTP/1.1"));
				if (!chunked) {
					assertThat(body).hasSize(300000);
				}
				else {
					assertThat(body).endsWith("0\r\n\r\n");
				}
			}
		}
	}

	@Test
	void downloadToAClientThatReadsNothingStopsReadingTheResult() throws Exception {
		JsonRpcServer server = start(UnaryOperator.identity());
		long size = 256L * 1024 * 1024;
		try (Socket socket = new Socket()) {
			socket.setReceiveBufferSize(64 * 1024);
			socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
			socket.getOutputStream().write(rawGet("/rest/download?size=" + size).getBytes(StandardCharsets.US_ASCII));
			await().atMost(BOUND).until(() -> this.methods.downloadRead.get() > 0);
			// The socket buffers fill, then the server reads no more of the result: a few
			// MB (the kernel's buffers and the 4 chunks in flight) of the 256 MB.
			await().during(Duration.ofMillis(500))
				.atMost(BOUND)
				.until(() -> this.methods.downloadRead.get() < 16 * 1024 * 1024);
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[1024 * 1024];
			long total = 0;
			int n;
			while (total < 32L * 1024 * 1024 && (n = in.read(buffer)) >= 0) {
				total += n;
			}
			// Reading resumes it.
			await().atMost(BOUND).until(() -> this.methods.downloadRead.get() > 24L * 1024 * 1024);
		}
	}

	@Test
	void streamedBodyOverTheLimitIsRefused() throws Exception {
		JsonRpcServer server = start((builder) -> builder.maxStreamSize(1024 * 1024));
		try (RawHttpConnection connection = new RawHttpConnection(server.port())) {
			connection.write("POST /rest/upload?name=x HTTP/1.1\r\nHost: localhost\r\n"
					+ "Content-Type: application/octet-stream\r\nContent-Length: 2000000\r\n\r\n");
			RawHttpResponse response = connection.read();
			assertThat(response.status()).isEqualTo(413);
			assertThat(connection.isClosedByServer()).isTrue();
		}
		try (RawHttpConnection connection = new RawHttpConnection(server.port())) {
			StringBuilder chunks = new StringBuilder("POST /rest/upload?name=x HTTP/1.1\r\nHost: localhost\r\n"
					+ "Content-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
			String chunk = "x".repeat(64 * 1024);
			for (int i = 0; i < 20; i++) {
				chunks.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
			}
			connection.write(chunks.toString());
			RawHttpResponse response = connection.read();
			assertThat(response.status()).isEqualTo(413);
			assertThat(response.header("content-type")).isEqualTo("application/problem+json");
			assertThat(response.header("connection")).isEqualTo("close");
			assertThat(connection.isClosedByServer()).isTrue();
		}
	}

	@Test
	void streamedBodyThatArrivesTooLateIsRefused() throws Exception {
		JsonRpcServer server = start((builder) -> builder.streamTimeout(Duration.ofMillis(300)));
		try (RawHttpConnection connection = new RawHttpConnection(server.port())) {
			connection.write("POST /rest/upload?name=x HTTP/1.1\r\nHost: localhost\r\n"
					+ "Content-Type: application/octet-stream\r\nContent-Length: 100\r\n\r\nonly part");
			RawHttpResponse response = connection.read();
			assertThat(response.status()).isEqualTo(408);
			assertThat(response.header("content-type")).isEqualTo("application/problem+json");
			assertThat(connection.isClosedByServer()).isTrue();
		}
	}

	@Test
	void aStreamedBodyIsNotTakenAsJson() throws Exception {
		JsonRpcServer server = start(UnaryOperator.identity());
		HttpResponse<String> json = post(server, "/rest/upload?name=x", "{}");
		assertThat(json.statusCode()).isEqualTo(415);
	}

	@Test
	void base64ChunksOverJsonRpcAddUp() throws Exception {
		JsonRpcServer server = start(UnaryOperator.identity());
		String chunk = Base64.getEncoder().encodeToString(new byte[64 * 1024]);
		String last = null;
		for (int i = 0; i < 16; i++) {
			last = post(server, "/",
					"{\"jsonrpc\":\"2.0\",\"method\":\"appendChunk\",\"params\":{\"file\":\"f\",\"chunk\":\"" + chunk
							+ "\"},\"id\":" + i + "}")
				.body();
		}
		assertThat(last).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":" + (16 * 64 * 1024) + ",\"id\":15}");
	}

	@Test
	void conflictingRoutesFailAtStartupNamingBoth() {
		MethodRegistry registry = MethodRegistry.builder(this.mapper).addAnnotated(new Conflicting()).build();
		assertThatExceptionOfType(MethodRegistrationException.class)
			.isThrownBy(() -> JsonRpcServer.builder(registry).port(0).build().start())
			.withMessageContaining("'first'")
			.withMessageContaining("'second'")
			.withMessageContaining("GET /things/{id}");
		MethodRegistry shadowing = MethodRegistry.builder(this.mapper).addAnnotated(new Shadowing()).build();
		assertThatExceptionOfType(MethodRegistrationException.class)
			.isThrownBy(() -> JsonRpcServer.builder(shadowing).port(0).build().start())
			.withMessageContaining("'shadow'")
			.withMessageContaining("'ping'");
	}

	private JsonRpcServer start(UnaryOperator<JsonRpcServer.Builder> customizer) {
		MethodRegistry registry = MethodRegistry.builder(this.mapper).addAnnotated(this.methods).build();
		JsonRpcServer server = customizer.apply(JsonRpcServer.builder(registry).port(0)).build();
		this.servers.add(server);
		return server.start();
	}

	private HttpResponse<String> get(JsonRpcServer server, String path) throws IOException, InterruptedException {
		return this.client.send(request(server, path).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(JsonRpcServer server, String path, String body)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = request(server, path);
		if (!body.isEmpty()) {
			request.header("content-type", "application/json");
		}
		return this.client.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
				HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	private static HttpRequest.Builder request(JsonRpcServer server, String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(BOUND);
	}

	private static String rawGet(String path) {
		return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
	}

	private JsonNode problem(HttpResponse<String> response) {
		return this.mapper.readTree(response.body());
	}

	private void assertProblem(HttpResponse<String> response, int status, int code) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
		JsonNode problem = problem(response);
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("code").asInt()).isEqualTo(code);
	}

	static class Conflicting {

		@JsonRpcMethod
		@RestMapping(method = "GET", path = "/things/{id}")
		String first(long id) {
			return "first";
		}

		@JsonRpcMethod
		@RestMapping(method = "GET", path = "/things/{key}")
		String second(String key) {
			return "second";
		}

	}

	static class Shadowing {

		@JsonRpcMethod
		String ping() {
			return "pong";
		}

		@JsonRpcMethod
		@RestMapping(method = "POST", path = "/rest/{name}")
		String shadow(String name) {
			return name;
		}

	}

}
