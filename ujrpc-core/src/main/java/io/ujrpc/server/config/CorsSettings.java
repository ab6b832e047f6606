package io.ujrpc.server.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import io.ujrpc.internal.Checks;
import org.jspecify.annotations.Nullable;

/**
 * Cross-origin resource sharing (CORS) of the application's HTTP listener, with the
 * meaning Spring's {@code CorsConfiguration} gives the same settings: every path of the
 * listener (JSON-RPC, the OpenRPC document, REST and other routes) answers preflights and
 * adds the CORS headers for the origins allowed here.
 *
 * @param allowedOrigins origins allowed exactly, such as {@code https://app.example.com},
 * or {@code *} for any origin (not together with credentials)
 * @param allowedOriginPatterns origin patterns allowed, where {@code *} stands for any
 * part ({@code https://*.example.com}) and a port list may end one
 * ({@code http://localhost:[8080,8081]} or {@code http://localhost:[*]}); the origin is
 * echoed back, so patterns work with credentials
 * @param allowedMethods methods a cross-origin request may use, or {@code *} for any;
 * empty for {@code GET}, {@code HEAD} and {@code POST}
 * @param allowedHeaders request headers a cross-origin request may send, or {@code *} for
 * any; empty for any
 * @param exposedHeaders response headers, besides the safelisted ones, that a browser
 * lets the page read
 * @param allowCredentials whether browsers may send cookies and authorization headers
 * with cross-origin requests
 * @param maxAge how long browsers may cache a preflight's answer, or {@code null} to
 * leave it to the browser
 */
public record CorsSettings(List<String> allowedOrigins, List<String> allowedOriginPatterns, List<String> allowedMethods,
		List<String> allowedHeaders, List<String> exposedHeaders, boolean allowCredentials, @Nullable Duration maxAge) {

	/**
	 * The methods allowed when none are configured, as Spring's
	 * {@code CorsConfiguration#applyPermitDefaultValues()} allows.
	 */
	public static final List<String> DEFAULT_METHODS = List.of("GET", "HEAD", "POST");

	/**
	 * Check the settings as Spring does.
	 * @param allowedOrigins the exact origins
	 * @param allowedOriginPatterns the origin patterns
	 * @param allowedMethods the methods
	 * @param allowedHeaders the request headers
	 * @param exposedHeaders the exposed response headers
	 * @param allowCredentials whether credentials are allowed
	 * @param maxAge the preflight cache time or {@code null}
	 */
	public CorsSettings {
		allowedOrigins = trimmed("allowedOrigins", allowedOrigins);
		allowedOriginPatterns = trimmed("allowedOriginPatterns", allowedOriginPatterns);
		allowedMethods = trimmed("allowedMethods", allowedMethods).stream()
			.map((method) -> method.toUpperCase(Locale.ROOT))
			.toList();
		allowedHeaders = trimmed("allowedHeaders", allowedHeaders);
		exposedHeaders = trimmed("exposedHeaders", exposedHeaders);
		Checks.state(!allowedOrigins.isEmpty() || !allowedOriginPatterns.isEmpty(),
				"cors: no allowed origins (expected: allowedOrigins or allowedOriginPatterns, or no CORS settings at all)");
		Checks.state(!allowCredentials || !allowedOrigins.contains("*"),
				"cors.allowedOrigins: '*' with allowCredentials (expected: allowedOriginPatterns '*', which echoes"
						+ " the request's origin, or a list of origins)");
		Checks.state(!allowCredentials || !exposedHeaders.contains("*"),
				"cors.exposedHeaders: '*' with allowCredentials (expected: the header names)");
		allowedOriginPatterns.forEach(CorsSettings::checkPattern);
		for (String method : allowedMethods) {
			Checks.state(method.equals("*") || method.chars().allMatch(CorsSettings::isTokenChar),
					"cors.allowedMethods: '" + method + "' (expected: an HTTP method such as POST, or *)");
		}
		Checks.notNegative("cors.maxAge", maxAge);
	}

	/**
	 * Settings that allow the given origins with the defaults for everything else.
	 * @param allowedOrigins the exact origins, or {@code *}
	 * @return the settings
	 */
	public static CorsSettings allowOrigins(String... allowedOrigins) {
		return new CorsSettings(List.of(allowedOrigins), List.of(), List.of(), List.of(), List.of(), false,
				Duration.ofMinutes(30));
	}

	private static List<String> trimmed(String name, List<String> values) {
		return Checks.notNull("cors." + name, values)
			.stream()
			.map(String::trim)
			.filter((value) -> !value.isEmpty())
			.toList();
	}

	private static void checkPattern(String pattern) {
		int ports = pattern.lastIndexOf(":[");
		Checks.state(ports < 0 || pattern.endsWith("]"), "cors.allowedOriginPatterns: '" + pattern
				+ "' (expected: a port list like :[8080,8081] or :[*] at the end)");
	}

	private static boolean isTokenChar(int c) {
		return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
	}

}
