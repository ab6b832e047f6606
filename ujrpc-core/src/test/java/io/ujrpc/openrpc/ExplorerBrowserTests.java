package io.ujrpc.openrpc;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import io.ujrpc.dispatch.MethodRegistry;
import io.ujrpc.server.JsonRpcServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The explorer in a real browser: headless Chromium, driven by Selenium through the
 * system's chromedriver, loads the page, calls methods through their forms and reads what
 * the page shows. Skipped, with the reason printed, where Chromium is not installed
 * ({@code .ci/run} installs it).
 */
class ExplorerBrowserTests {

	private static final Duration BOUND = Duration.ofSeconds(15);

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static JsonRpcServer server;

	private static WebDriver browser;

	@BeforeAll
	static void start() {
		String missing = !Files.isExecutable(CHROMIUM) ? CHROMIUM.toString()
				: !Files.isExecutable(CHROMEDRIVER) ? CHROMEDRIVER.toString() : null;
		if (missing != null) {
			System.out.println("ExplorerBrowserTests skipped: " + missing
					+ " is not installed (apt-get install chromium chromium-driver)");
		}
		assumeTrue(missing == null, () -> missing + " is not installed");
		OpenRpcDiscovery discovery = OpenRpcDiscovery.builder().title("Calculator").version("1.0.0").build();
		MethodRegistry registry = MethodRegistry.builder(JsonMapper.builder().build())
			.discovery(discovery)
			.addAnnotated(new Calculator())
			.build();
		server = JsonRpcServer.builder(registry)
			.host("127.0.0.1")
			.port(0)
			.jsonRpcPath("/rpc")
			.route("/explorer", new ExplorerHttpRoute("/explorer", "/rpc", discovery))
			.build()
			.start();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--window-size=1280,1400");
		LoggingPreferences logs = new LoggingPreferences();
		logs.enable(LogType.BROWSER, Level.ALL);
		options.setCapability("goog:loggingPrefs", logs);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		browser = new ChromeDriver(service, options);
		browser.manage().timeouts().pageLoadTimeout(BOUND).scriptTimeout(BOUND);
	}

	@AfterAll
	static void stop() {
		if (browser != null) {
			browser.quit();
		}
		if (server != null) {
			server.stop();
		}
	}

	@Test
	void callsAMethodThroughItsFormAndShowsTheResultAndTheCurlCommand() throws Exception {
		load();
		WebElement sum = browser.findElement(By.cssSelector("section[data-method='sum']"));
		assertThat(sum.findElement(By.cssSelector(".summary")).getText()).isEqualTo("Adds two integers");
		assertThat(sum.findElement(By.cssSelector(".param-description")).getText()).isEqualTo("The first addend");
		sum.findElement(By.name("a")).sendKeys("9007199254740993");
		sum.findElement(By.name("b")).sendKeys("-3");
		sum.findElement(By.cssSelector("button[type='submit']")).click();
		WebElement response = sum.findElement(By.cssSelector("pre.response"));
		new WebDriverWait(browser, BOUND).until((driver) -> response.getAttribute("class").contains("ok"));
		assertThat(response.getText()).contains("\"result\": 9007199254740990");
		String curl = sum.findElement(By.cssSelector("pre.curl")).getText();
		assertThat(curl).startsWith("curl -s 'http://127.0.0.1:" + server.port()
				+ "/rpc' -H 'Content-Type: application/json' -d '{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":"
				+ "{\"a\":9007199254740993,\"b\":-3},\"id\":");
		// The command is the same call: its payload gets the same answer.
		String payload = curl.substring(curl.indexOf("-d '") + 4, curl.length() - 1);
		assertThat(post(payload)).contains("\"result\":9007199254740990");
		assertThat(policyViolations()).isEmpty();
	}

	@Test
	void showsAnErrorResponseAndTheMethodsDeclaredErrors() {
		load();
		WebElement divide = browser.findElement(By.cssSelector("section[data-method='divide']"));
		assertThat(divide.findElement(By.cssSelector("table.errors")).getText()).contains("1001")
			.contains("Division by zero");
		assertThat(divide.findElement(By.cssSelector("table.params")).getText()).contains("\u2265 -1000, \u2264 1000");
		divide.findElement(By.name("dividend")).sendKeys("10");
		divide.findElement(By.name("divisor")).sendKeys("0");
		divide.findElement(By.cssSelector("button[type='submit']")).click();
		WebElement response = divide.findElement(By.cssSelector("pre.response"));
		new WebDriverWait(browser, BOUND).until((driver) -> response.getAttribute("class").contains("error"));
		assertThat(response.getText()).contains("\"code\": 1001").contains("\"message\": \"Division by zero\"");
	}

	@Test
	void sendsRecordsAsJsonAndStringsAndBooleansAsTyped() {
		load();
		WebElement span = browser.findElement(By.cssSelector("section[data-method='span']"));
		span.findElement(By.name("range")).sendKeys("{\"from\": 3, \"to\": 5}");
		span.findElement(By.cssSelector("button[type='submit']")).click();
		WebElement spanResponse = span.findElement(By.cssSelector("pre.response"));
		new WebDriverWait(browser, BOUND).until((driver) -> spanResponse.getAttribute("class").contains("ok"));
		assertThat(spanResponse.getText().replaceAll("\\s", "")).contains("\"result\":[3,4,5]");
		WebElement greet = browser.findElement(By.cssSelector("section[data-method='greet']"));
		greet.findElement(By.name("name")).sendKeys("O'Brien");
		new org.openqa.selenium.support.ui.Select(greet.findElement(By.name("shout"))).selectByValue("true");
		greet.findElement(By.cssSelector("button[type='submit']")).click();
		WebElement greetResponse = greet.findElement(By.cssSelector("pre.response"));
		new WebDriverWait(browser, BOUND).until((driver) -> greetResponse.getAttribute("class").contains("ok"));
		assertThat(greetResponse.getText()).contains("\"result\": \"HELLO, O'BRIEN!\"");
		assertThat(greet.findElement(By.cssSelector("pre.curl")).getText()).contains("O'\\''Brien");
	}

	@Test
	void rejectsAValueThatIsNotANumberBeforeSending() {
		load();
		WebElement sum = browser.findElement(By.cssSelector("section[data-method='sum']"));
		sum.findElement(By.name("a")).sendKeys("two");
		sum.findElement(By.cssSelector("button[type='submit']")).click();
		assertThat(sum.findElement(By.cssSelector(".input-error")).getText()).isEqualTo("a: \"two\" is not a number");
		assertThat(sum.findElement(By.cssSelector(".outcome")).isDisplayed()).isFalse();
	}

	@Test
	void pageRunsUnderAPolicyThatBlocksInlineScript() {
		load();
		policyViolations();
		((org.openqa.selenium.JavascriptExecutor) browser).executeScript("var s = document.createElement('script');"
				+ "s.textContent = \"document.body.setAttribute('data-inline', 'ran')\";"
				+ "document.head.appendChild(s);");
		assertThat(browser.findElement(By.tagName("body")).getAttribute("data-inline")).isNull();
		assertThat(policyViolations()).isNotEmpty();
	}

	private static void load() {
		browser.get("http://127.0.0.1:" + server.port() + "/explorer");
		new WebDriverWait(browser, BOUND)
			.until((driver) -> "true".equals(driver.findElement(By.tagName("body")).getAttribute("data-ready")));
		assertThat(browser.findElement(By.id("title")).getText()).isEqualTo("Calculator");
		assertThat(browser.findElements(By.cssSelector("#toc li"))).hasSize(4);
	}

	private static List<String> policyViolations() {
		return browser.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.map(LogEntry::getMessage)
			.filter((message) -> message.contains("Content Security Policy") || message.contains("Refused"))
			.toList();
	}

	private static String post(String payload) throws Exception {
		HttpClient client = HttpClient.newHttpClient();
		return client
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/rpc"))
				.timeout(BOUND)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(payload))
				.build(), HttpResponse.BodyHandlers.ofString())
			.body();
	}

}
