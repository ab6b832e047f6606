package io.ujrpc.openrpc;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import io.ujrpc.dispatch.MethodRegistry;
import io.ujrpc.server.JsonRpcServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code rpc.discover}, the document route and the explorer route over a real server.
 */
class OpenRpcServerTests {

	private static final Duration BOUND = Duration.ofSeconds(10);

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(BOUND).build();

	private JsonRpcServer server;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.stop();
		}
	}

	@Test
	void discoverAnswersTheDocumentThatTheRouteServes() throws Exception {
		start();
		HttpResponse<String> discovered = post("{\"jsonrpc\":\"2.0\",\"method\":\"rpc.discover\",\"id\":7}");
		assertThat(discovered.statusCode()).isEqualTo(200);
		JsonNode response = this.mapper.readTree(discovered.body());
		assertThat(response.get("id").intValue()).isEqualTo(7);
		JsonNode document = response.get("result");
		assertThat(OpenRpcMetaSchema.violations(document)).isEmpty();
		assertThat(document.at("/servers/0/url").stringValue()).isEqualTo(url("/rpc"));
		HttpResponse<String> served = get("/openrpc.json");
		assertThat(served.statusCode()).isEqualTo(200);
		assertThat(served.headers().firstValue("content-type")).hasValue("application/json");
		assertThat(this.mapper.readTree(served.body())).isEqualTo(document);
		assertThat(document.at("/methods/0/name").stringValue()).isEqualTo("divide");
		assertThat(document.at("/methods/0/errors/0/code").intValue()).isEqualTo(1001);
	}

	@Test
	void discoverTakesNoParams() throws Exception {
		start();
		JsonNode response = this.mapper
			.readTree(post("{\"jsonrpc\":\"2.0\",\"method\":\"rpc.discover\",\"params\":[1],\"id\":1}").body());
		assertThat(response.at("/error/code").intValue()).isEqualTo(-32602);
	}

	@Test
	void documentRouteAnswersOnlyReads() throws Exception {
		start();
		HttpResponse<String> response = this.client.send(
				HttpRequest.newBuilder(URI.create(url("/openrpc.json"))).timeout(BOUND).DELETE().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(405);
		assertThat(response.headers().firstValue("allow")).hasValue("GET, HEAD");
	}

	@Test
	void explorerPageNamesItsAssetsAndTheEndpointUnderAStrictPolicy() throws Exception {
		start();
		HttpResponse<String> page = get("/explorer");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
		assertThat(page.headers().firstValue("content-security-policy"))
			.hasValue(ExplorerHttpRoute.CONTENT_SECURITY_POLICY);
		assertThat(page.body()).contains("<script src=\"/explorer/explorer.js\" defer></script>")
			.contains("href=\"/explorer/explorer.css\"")
			.contains("data-endpoint=\"/rpc\"")
			.contains("data-document=\"/explorer/openrpc.json\"")
			.doesNotContain("{{")
			.doesNotContainPattern("<script>|<style|style=|onclick=|onsubmit=|https?://");
		assertThat(get("/explorer/").body()).isEqualTo(page.body());
		HttpResponse<String> script = get("/explorer/explorer.js");
		assertThat(script.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
		assertThat(script.body()).contains("addEventListener('submit'").doesNotContainPattern("https?://");
		HttpResponse<String> styles = get("/explorer/explorer.css");
		assertThat(styles.headers().firstValue("content-type")).hasValue("text/css; charset=utf-8");
		assertThat(styles.body()).doesNotContain("@import").doesNotContainPattern("url\\(");
		assertThat(this.mapper.readTree(get("/explorer/openrpc.json").body()))
			.isEqualTo(this.mapper.readTree(get("/openrpc.json").body()));
	}

	@Test
	void explorerAnswersUnknownResourcesWithNotFound() throws Exception {
		start();
		HttpResponse<String> response = get("/explorer/secret.txt");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).isEqualTo("No such explorer resource: /explorer/secret.txt\n");
		assertThat(get("/explorer-other").statusCode()).isEqualTo(404);
	}

	@Test
	void explorerEscapesThePathsItEmbeds() {
		OpenRpcDiscovery discovery = OpenRpcDiscovery.builder().build();
		MethodRegistry.builder(this.mapper).discovery(discovery).addAnnotated(new Calculator()).build();
		ExplorerHttpRoute route = new ExplorerHttpRoute("/x\"><script>", "/rpc", discovery);
		String page = new String(route
			.handle(new io.ujrpc.server.route.HttpRouteRequest("GET", "/x\"><script>", "", java.util.Map.of(),
					new byte[0], "http"))
			.toCompletableFuture()
			.join()
			.body(), java.nio.charset.StandardCharsets.UTF_8);
		assertThat(page).contains("/x&quot;&gt;&lt;script&gt;/explorer.js").doesNotContain("<script>");
	}

	private void start() {
		OpenRpcDiscovery discovery = OpenRpcDiscovery.builder()
			.title("Calculator")
			.version("1.0.0")
			.servers(() -> List.of(new OpenRpcServer("http", url("/rpc"))))
			.build();
		MethodRegistry registry = MethodRegistry.builder(this.mapper)
			.discovery(discovery)
			.addAnnotated(new Calculator())
			.build();
		this.server = JsonRpcServer.builder(registry)
			.port(0)
			.jsonRpcPath("/rpc")
			.route("/openrpc.json", new OpenRpcHttpRoute(discovery))
			.route("/explorer", new ExplorerHttpRoute("/explorer", "/rpc", discovery))
			.build()
			.start();
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.server.port() + path;
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(BOUND).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String body) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create(url("/rpc")))
			.timeout(BOUND)
			.header("content-type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
