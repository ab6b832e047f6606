package io.ujrpc.server.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.ujrpc.server.config.CorsSettings;
import org.jspecify.annotations.Nullable;

/**
 * The one place the HTTP handler asks about CORS, for every path of the listener: is a
 * request a preflight, and if so its answer; otherwise which headers its response gets.
 * The rules are those of Spring's {@code DefaultCorsProcessor} and
 * {@code CorsConfiguration}, with one difference: an actual request from an origin that
 * is not allowed is served without CORS headers (the browser then withholds the response
 * from the page) rather than refused with 403, so that non-browser clients that send an
 * {@code Origin} keep working.
 * <p>
 * Immutable; shared by the connections of a listener.
 */
final class CorsPolicy {

	private static final String VARY = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";

	private static final Pattern COMMA = Pattern.compile("\\s*,\\s*");

	private final CorsSettings settings;

	private final List<String> exactOrigins;

	private final boolean anyOrigin;

	private final List<Pattern> originPatterns;

	private final boolean anyMethod;

	private final List<String> methods;

	private final String allowMethods;

	private final boolean anyHeader;

	private final List<String> headers;

	private final @Nullable String maxAge;

	private final @Nullable String exposeHeaders;

	/** The headers of a response to a request with no or a disallowed origin. */
	private final ResponseHeaders varyOnly;

	/** The headers of a response to an allowed origin when {@code *} answers all. */
	private final @Nullable ResponseHeaders wildcard;

	CorsPolicy(CorsSettings settings) {
		this.settings = settings;
		List<String> exact = new ArrayList<>();
		boolean any = false;
		for (String origin : settings.allowedOrigins()) {
			if (origin.equals("*")) {
				any = true;
			}
			else {
				exact.add(normalize(origin));
			}
		}
		this.exactOrigins = List.copyOf(exact);
		this.anyOrigin = any;
		this.originPatterns = settings.allowedOriginPatterns().stream().map(CorsPolicy::compile).toList();
		List<String> methods = settings.allowedMethods().isEmpty() ? CorsSettings.DEFAULT_METHODS
				: settings.allowedMethods();
		this.anyMethod = methods.contains("*");
		this.methods = methods;
		this.allowMethods = String.join(", ", methods);
		this.anyHeader = settings.allowedHeaders().isEmpty() || settings.allowedHeaders().contains("*");
		this.headers = settings.allowedHeaders().stream().map((name) -> name.toLowerCase(Locale.ROOT)).toList();
		this.maxAge = (settings.maxAge() != null) ? Long.toString(settings.maxAge().toSeconds()) : null;
		this.exposeHeaders = settings.exposedHeaders().isEmpty() ? null : String.join(", ", settings.exposedHeaders());
		this.varyOnly = new ResponseHeaders(null, null, false);
		this.wildcard = this.anyOrigin ? actual("*") : null;
	}

	/**
	 * Return what the response to a request gets, or the answer of a preflight.
	 * @param request the request
	 * @param secure whether the connection uses TLS, to tell same-origin requests
	 * @return the response headers, never {@code null}: a request without a CORS origin
	 * gets {@code Vary} only
	 */
	ResponseHeaders headersFor(HttpRequest request, boolean secure) {
		HttpHeaders requestHeaders = request.headers();
		String origin = requestHeaders.get(HttpHeaderNames.ORIGIN);
		if (origin == null || isSameOrigin(origin, requestHeaders.get(HttpHeaderNames.HOST), secure)) {
			return this.varyOnly;
		}
		String allowed = allowOrigin(origin);
		if (allowed == null) {
			return this.varyOnly;
		}
		return (allowed.equals("*") && this.wildcard != null) ? this.wildcard : actual(allowed);
	}

	/**
	 * Whether a request is a CORS preflight: {@code OPTIONS} with an {@code Origin} and
	 * an {@code Access-Control-Request-Method}.
	 * @param request the request
	 * @return {@code true} for a preflight
	 */
	static boolean isPreflight(HttpRequest request) {
		return request.method() == HttpMethod.OPTIONS && request.headers().contains(HttpHeaderNames.ORIGIN)
				&& request.headers().contains(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
	}

	/**
	 * Answer a preflight: 200 with the allowed origin, methods and headers, or 403
	 * without CORS headers when the origin, the method or every requested header is not
	 * allowed.
	 * @param request the preflight
	 * @return the response, HTTP/1.1, empty
	 */
	FullHttpResponse preflight(HttpRequest request) {
		HttpHeaders requestHeaders = request.headers();
		String allowedOrigin = allowOrigin(requestHeaders.get(HttpHeaderNames.ORIGIN));
		String method = requestHeaders.get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD).trim();
		String allowedHeaders = allowHeaders(requestHeaders.getAll(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS));
		if (allowedOrigin == null || !isAllowedMethod(method) || allowedHeaders == null) {
			FullHttpResponse refused = HttpResponses.status(HttpResponseStatus.FORBIDDEN, "Invalid CORS request");
			refused.headers().set(HttpHeaderNames.VARY, VARY);
			return refused;
		}
		FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
				Unpooled.EMPTY_BUFFER, DefaultHttpHeadersFactory.headersFactory().withValidation(false),
				DefaultHttpHeadersFactory.trailersFactory().withValidation(false));
		HttpHeaders headers = response.headers();
		headers.set(HttpHeaderNames.VARY, VARY);
		headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, allowedOrigin);
		headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, this.anyMethod ? method : this.allowMethods);
		if (!allowedHeaders.isEmpty()) {
			headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, allowedHeaders);
		}
		if (this.settings.allowCredentials()) {
			headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
		}
		if (this.maxAge != null) {
			headers.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, this.maxAge);
		}
		headers.setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
		return response;
	}

	/*
	 * The value of Access-Control-Allow-Origin for an origin: "*", the origin itself, or
	 * null when it is not allowed.
	 */
	private @Nullable String allowOrigin(@Nullable String origin) {
		if (origin == null || !isPrintable(origin)) {
			return null;
		}
		if (this.anyOrigin) {
			return this.settings.allowCredentials() ? origin : "*";
		}
		String normalized = normalize(origin);
		for (String exact : this.exactOrigins) {
			if (exact.equals(normalized)) {
				return origin;
			}
		}
		for (Pattern pattern : this.originPatterns) {
			if (pattern.matcher(normalized).matches()) {
				return origin;
			}
		}
		return null;
	}

	private boolean isAllowedMethod(String method) {
		return this.anyMethod || this.methods.contains(method);
	}

	/*
	 * The value of Access-Control-Allow-Headers, "" when none were asked for, or null
	 * when some were and none is allowed (Spring's rule: the allowed subset is answered).
	 */
	private @Nullable String allowHeaders(List<String> requested) {
		List<String> names = new ArrayList<>();
		for (String value : requested) {
			for (String name : COMMA.split(value.trim())) {
				if (!name.isEmpty()) {
					names.add(name);
				}
			}
		}
		if (names.isEmpty()) {
			return "";
		}
		List<String> allowed = new ArrayList<>();
		for (String name : names) {
			if (this.anyHeader || this.headers.contains(name.toLowerCase(Locale.ROOT))) {
				allowed.add(name);
			}
		}
		return allowed.isEmpty() ? null : String.join(", ", allowed);
	}

	private ResponseHeaders actual(String allowOrigin) {
		return new ResponseHeaders(allowOrigin, this.exposeHeaders, this.settings.allowCredentials());
	}

	private static boolean isSameOrigin(String origin, @Nullable String host, boolean secure) {
		if (host == null) {
			return false;
		}
		try {
			URI originUri = URI.create(origin.trim().toLowerCase(Locale.ROOT));
			URI hostUri = URI.create((secure ? "https://" : "http://") + host.trim().toLowerCase(Locale.ROOT));
			return originUri.getHost() != null && originUri.getHost().equals(hostUri.getHost())
					&& port(originUri) == port(hostUri) && (secure ? "https" : "http").equals(originUri.getScheme());
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static int port(URI uri) {
		if (uri.getPort() != -1) {
			return uri.getPort();
		}
		return "https".equals(uri.getScheme()) ? 443 : 80;
	}

	/* Spring compares origins case-insensitively, without a trailing slash. */
	private static String normalize(String origin) {
		String trimmed = origin.trim().toLowerCase(Locale.ROOT);
		return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
	}

	/*
	 * A pattern as Spring's CorsConfiguration reads it: "*" anywhere, and an optional
	 * port list at the end, ":[8080,8081]" or ":[*]".
	 */
	private static Pattern compile(String pattern) {
		String normalized = normalize(pattern);
		String ports = null;
		int portList = normalized.lastIndexOf(":[");
		if (portList >= 0 && normalized.endsWith("]")) {
			ports = normalized.substring(portList + 2, normalized.length() - 1);
			normalized = normalized.substring(0, portList);
		}
		StringBuilder regex = new StringBuilder(
				normalized.equals("*") ? ".*" : Pattern.quote(normalized).replace("*", "\\E.*\\Q"));
		if (ports != null) {
			if (ports.equals("*")) {
				regex.append("(:\\d+)?");
			}
			else {
				regex.append("(");
				String separator = "";
				for (String port : COMMA.split(ports.trim())) {
					regex.append(separator).append(':').append(Pattern.quote(port));
					separator = "|";
				}
				regex.append(")");
			}
		}
		return Pattern.compile(regex.toString());
	}

	private static boolean isPrintable(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c > 0x7e) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The CORS headers of one response that is not a preflight: {@code Vary}, and for an
	 * allowed origin, the origin, credentials and exposed headers.
	 */
	static final class ResponseHeaders {

		private final @Nullable String allowOrigin;

		private final @Nullable String exposeHeaders;

		private final boolean allowCredentials;

		/** The same, encoded for the head of a JSON-RPC response. */
		private final byte[] encoded;

		ResponseHeaders(@Nullable String allowOrigin, @Nullable String exposeHeaders, boolean allowCredentials) {
			this.allowOrigin = allowOrigin;
			this.exposeHeaders = (allowOrigin != null) ? exposeHeaders : null;
			this.allowCredentials = allowOrigin != null && allowCredentials;
			StringBuilder lines = new StringBuilder("vary: ").append(VARY).append("\r\n");
			if (allowOrigin != null) {
				lines.append("access-control-allow-origin: ").append(allowOrigin).append("\r\n");
				if (this.allowCredentials) {
					lines.append("access-control-allow-credentials: true\r\n");
				}
				if (this.exposeHeaders != null) {
					lines.append("access-control-expose-headers: ").append(this.exposeHeaders).append("\r\n");
				}
			}
			this.encoded = lines.toString().getBytes(StandardCharsets.US_ASCII);
		}

		/**
		 * Return the header lines, each ending with CRLF.
		 * @return the encoded lines; not to be modified
		 */
		byte[] encoded() {
			return this.encoded;
		}

		/**
		 * Add the headers to a response.
		 * @param headers the response's headers
		 */
		void applyTo(HttpHeaders headers) {
			headers.add(HttpHeaderNames.VARY, VARY);
			if (this.allowOrigin != null) {
				headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, this.allowOrigin);
				if (this.allowCredentials) {
					headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
				}
				if (this.exposeHeaders != null) {
					headers.set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, this.exposeHeaders);
				}
			}
		}

	}

}
