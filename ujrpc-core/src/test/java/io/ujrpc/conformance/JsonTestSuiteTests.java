package io.ujrpc.conformance;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.dispatch.MethodRegistry;
import io.ujrpc.protocol.InvalidRequest;
import io.ujrpc.protocol.JsonRpcCodec;
import io.ujrpc.protocol.JsonRpcEntry;
import io.ujrpc.protocol.JsonRpcPayload;
import io.ujrpc.server.JsonRpcServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The parsing corpus of nst/JSONTestSuite (vendored under
 * {@code src/test/resources/JSONTestSuite}, MIT): every file through the codec, through a
 * real server over HTTP, and a sample over raw TCP. Files that must be rejected
 * ({@code n_}) are parse errors, files that must be accepted ({@code y_}) never are, and
 * the files a parser may take either way ({@code i_}) have the outcomes written down in
 * docs/reliability.md, checked here.
 */
class JsonTestSuiteTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final ObjectMapper MAPPER = JsonMapper.builder().build();

	/** What the implementation-defined files give, as docs/reliability.md records it. */
	private static final Map<String, String> INDETERMINATE = indeterminate();

	private static JsonRpcServer server;

	private static HttpClient client;

	private final JsonRpcCodec codec = new JsonRpcCodec(MAPPER, 1000);

	@BeforeAll
	static void start() {
		MethodRegistry registry = MethodRegistry.builder(MAPPER).addAnnotated(new Methods()).build();
		server = JsonRpcServer.builder(registry).port(0).tcpPort(0).build().start();
		client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
	}

	@AfterAll
	static void stop() {
		if (server != null) {
			server.stop();
		}
	}

	@Test
	void corpusIsComplete() {
		assertThat(files("n_")).hasSize(188);
		assertThat(files("y_")).hasSize(95);
		assertThat(files("i_")).hasSize(35);
	}

	@Test
	void everyFileThatMustBeRejectedIsAParseErrorInTheCodec() {
		for (Path file : files("n_")) {
			assertThat(codecOutcome(read(file))).as(name(file)).isEqualTo("parse error");
		}
	}

	@Test
	void noFileThatMustBeAcceptedIsAParseErrorInTheCodec() {
		for (Path file : files("y_")) {
			assertThat(codecOutcome(read(file))).as(name(file)).isNotEqualTo("parse error");
		}
	}

	@Test
	void implementationDefinedFilesHaveTheDocumentedOutcomeInTheCodec() {
		Map<String, String> outcomes = new TreeMap<>();
		for (Path file : files("i_")) {
			outcomes.put(name(file), codecOutcome(read(file)));
		}
		assertThat(outcomes).isEqualTo(INDETERMINATE);
	}

	@Test
	void everyFileThatMustBeRejectedIsAParseErrorOverHttp() throws Exception {
		for (Path file : files("n_")) {
			assertThat(httpOutcome(read(file))).as(name(file)).isEqualTo("parse error");
		}
	}

	@Test
	void noFileThatMustBeAcceptedIsAParseErrorOverHttp() throws Exception {
		for (Path file : files("y_")) {
			assertThat(httpOutcome(read(file))).as(name(file)).isIn("invalid request", "request");
		}
	}

	@Test
	void implementationDefinedFilesHaveTheDocumentedOutcomeOverHttp() throws Exception {
		for (Path file : files("i_")) {
			assertThat(httpOutcome(read(file))).as(name(file)).isEqualTo(INDETERMINATE.get(name(file)));
		}
	}

	@Test
	void framedSampleGetsTheSameOutcomesOverRawTcp() throws Exception {
		List<Path> sample = new ArrayList<>();
		for (String prefix : List.of("n_", "y_", "i_")) {
			files(prefix).stream().filter((file) -> isOneFramedValue(read(file))).limit(20).forEach(sample::add);
		}
		assertThat(sample).hasSizeGreaterThan(40);
		for (Path file : sample) {
			byte[] body = read(file);
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", server.tcpPort()), (int) TIMEOUT.toMillis());
				socket.setSoTimeout((int) TIMEOUT.toMillis());
				OutputStream out = socket.getOutputStream();
				out.write(body);
				out.write('\n');
				out.flush();
				String line = readLine(socket.getInputStream());
				assertThat(outcome(MAPPER.readTree(line))).as(name(file)).isEqualTo(codecOutcome(body));
			}
		}
	}

	private String codecOutcome(byte[] body) {
		JsonRpcPayload fromArray = this.codec.decode(body, 0, body.length);
		JsonRpcPayload fromStream = this.codec.decode(new ByteArrayInputStream(body));
		assertThat(fromStream).isEqualTo(fromArray);
		List<Integer> codes = new ArrayList<>();
		for (JsonRpcEntry entry : fromArray.entries()) {
			codes.add((entry instanceof InvalidRequest invalid) ? invalid.error().code() : 0);
		}
		return outcome(codes);
	}

	private static String httpOutcome(byte[] body) throws Exception {
		HttpResponse<String> response = client
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
				.header("content-type", "application/json")
				.timeout(TIMEOUT)
				.POST(HttpRequest.BodyPublishers.ofByteArray(body))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("status").isLessThan(500);
		return outcome(MAPPER.readTree(response.body()));
	}

	private static String outcome(JsonNode response) {
		List<Integer> codes = new ArrayList<>();
		for (JsonNode each : response.isArray() ? response : List.of(response)) {
			codes.add(each.has("error") ? each.get("error").get("code").intValue() : 0);
		}
		return outcome(codes);
	}

	private static String outcome(List<Integer> codes) {
		if (codes.equals(List.of(-32700))) {
			return "parse error";
		}
		if (codes.stream().allMatch((code) -> code == -32600)) {
			return "invalid request";
		}
		if (codes.stream().allMatch((code) -> code == 0)) {
			return "request";
		}
		return "mixed " + codes;
	}

	/**
	 * Whether the raw TCP framer passes the file on as one value: it starts with a
	 * bracket and its brackets balance at its end (outside strings).
	 */
	private static boolean isOneFramedValue(byte[] body) {
		int start = 0;
		while (start < body.length
				&& (body[start] == ' ' || body[start] == '\n' || body[start] == '\r' || body[start] == '\t')) {
			start++;
		}
		if (start == body.length || (body[start] != '[' && body[start] != '{')) {
			return false;
		}
		int depth = 0;
		boolean inString = false;
		boolean escaped = false;
		for (int i = start; i < body.length; i++) {
			byte b = body[i];
			if (inString) {
				escaped = !escaped && b == '\\';
				if (!escaped && b == '"' && body[i - 1] != '\\') {
					inString = false;
				}
				continue;
			}
			if (b == '"') {
				inString = true;
			}
			else if (b == '[' || b == '{') {
				depth++;
			}
			else if ((b == ']' || b == '}') && --depth == 0) {
				return i == body.length - 1;
			}
		}
		return false;
	}

	private static String readLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int b;
		while ((b = in.read()) != '\n') {
			if (b < 0) {
				throw new IOException("connection closed after: " + line);
			}
			line.append((char) b);
		}
		return line.toString();
	}

	private static List<Path> files(String prefix) {
		try (Stream<Path> files = Files.list(corpus())) {
			return files.filter((file) -> name(file).startsWith(prefix)).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path corpus() {
		URL license = JsonTestSuiteTests.class.getResource("/JSONTestSuite/LICENSE");
		try {
			return Path.of(license.toURI()).resolveSibling("test_parsing");
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String name(Path file) {
		return file.getFileName().toString();
	}

	private static byte[] read(Path file) {
		try {
			return Files.readAllBytes(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Map<String, String> indeterminate() {
		Map<String, String> outcomes = new TreeMap<>();
		outcomes.put("i_number_double_huge_neg_exp.json", "invalid request");
		outcomes.put("i_number_huge_exp.json", "invalid request");
		outcomes.put("i_number_neg_int_huge_exp.json", "invalid request");
		outcomes.put("i_number_pos_double_huge_exp.json", "invalid request");
		outcomes.put("i_number_real_neg_overflow.json", "invalid request");
		outcomes.put("i_number_real_pos_overflow.json", "invalid request");
		outcomes.put("i_number_real_underflow.json", "invalid request");
		outcomes.put("i_number_too_big_neg_int.json", "invalid request");
		outcomes.put("i_number_too_big_pos_int.json", "invalid request");
		outcomes.put("i_number_very_big_negative_int.json", "invalid request");
		outcomes.put("i_object_key_lone_2nd_surrogate.json", "parse error");
		outcomes.put("i_string_1st_surrogate_but_2nd_missing.json", "invalid request");
		outcomes.put("i_string_1st_valid_surrogate_2nd_invalid.json", "invalid request");
		outcomes.put("i_string_UTF-16LE_with_BOM.json", "parse error");
		outcomes.put("i_string_UTF-8_invalid_sequence.json", "parse error");
		outcomes.put("i_string_UTF8_surrogate_U+D800.json", "parse error");
		outcomes.put("i_string_incomplete_surrogate_and_escape_valid.json", "invalid request");
		outcomes.put("i_string_incomplete_surrogate_pair.json", "invalid request");
		outcomes.put("i_string_incomplete_surrogates_escape_valid.json", "invalid request");
		outcomes.put("i_string_invalid_lonely_surrogate.json", "invalid request");
		outcomes.put("i_string_invalid_surrogate.json", "invalid request");
		outcomes.put("i_string_invalid_utf-8.json", "parse error");
		outcomes.put("i_string_inverted_surrogates_U+1D11E.json", "invalid request");
		outcomes.put("i_string_iso_latin_1.json", "parse error");
		outcomes.put("i_string_lone_second_surrogate.json", "invalid request");
		outcomes.put("i_string_lone_utf8_continuation_byte.json", "parse error");
		outcomes.put("i_string_not_in_unicode_range.json", "parse error");
		outcomes.put("i_string_overlong_sequence_2_bytes.json", "parse error");
		outcomes.put("i_string_overlong_sequence_6_bytes.json", "parse error");
		outcomes.put("i_string_overlong_sequence_6_bytes_null.json", "parse error");
		outcomes.put("i_string_truncated-utf-8.json", "parse error");
		outcomes.put("i_string_utf16BE_no_BOM.json", "parse error");
		outcomes.put("i_string_utf16LE_no_BOM.json", "parse error");
		outcomes.put("i_structure_500_nested_arrays.json", "invalid request");
		outcomes.put("i_structure_UTF-8_BOM_empty_object.json", "invalid request");
		return outcomes;
	}

	static class Methods {

		@JsonRpcMethod(nonBlocking = true)
		String ping() {
			return "pong";
		}

	}

}
