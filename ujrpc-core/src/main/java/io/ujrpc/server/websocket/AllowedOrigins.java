package io.ujrpc.server.websocket;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Decides whether a browser origin may open a WebSocket, as Spring's WebSocket CORS
 * handling does: no {@code Origin} header and same-origin requests always may; any other
 * origin must match an allowed origin or pattern.
 */
final class AllowedOrigins {

	private final boolean any;

	private final List<Pattern> patterns;

	AllowedOrigins(List<String> origins) {
		boolean any = false;
		List<Pattern> patterns = new ArrayList<>();
		for (String origin : origins) {
			String trimmed = origin.trim();
			if (trimmed.equals("*")) {
				any = true;
			}
			else if (!trimmed.isEmpty()) {
				String regex = Pattern.quote(trimmed.toLowerCase(Locale.ROOT)).replace("*", "\\E.*\\Q");
				patterns.add(Pattern.compile(stripTrailingSlash(regex)));
			}
		}
		this.any = any;
		this.patterns = List.copyOf(patterns);
	}

	/**
	 * Return whether a handshake may proceed.
	 * @param origin the {@code Origin} header, or {@code null}
	 * @param host the {@code Host} header, or {@code null}
	 * @param secure whether the connection uses TLS
	 * @return {@code true} when it is allowed
	 */
	boolean isAllowed(String origin, String host, boolean secure) {
		if (origin == null || this.any) {
			return true;
		}
		String normalized = origin.trim().toLowerCase(Locale.ROOT);
		if (isSameOrigin(normalized, host, secure)) {
			return true;
		}
		for (Pattern pattern : this.patterns) {
			if (pattern.matcher(normalized).matches()) {
				return true;
			}
		}
		return false;
	}

	private static boolean isSameOrigin(String origin, String host, boolean secure) {
		if (host == null) {
			return false;
		}
		try {
			URI originUri = URI.create(origin);
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

	private static String stripTrailingSlash(String regex) {
		return regex.endsWith("/\\E") ? regex.substring(0, regex.length() - 3) + "\\E" : regex;
	}

}
