package io.ujrpc.server.http;

import io.netty.handler.codec.http.HttpMethod;
import org.jspecify.annotations.Nullable;

/**
 * Reads and checks request targets (RFC 9112 §3.2) and {@code Host} values (RFC 9110
 * §7.2, RFC 3986 §3.2.2). A server is no proxy: it serves origin-form targets
 * ({@code /path?query}), absolute-form ones ({@code http://host/path}, which HTTP/1.1
 * servers must accept, routed by their path), and {@code *} for {@code OPTIONS}. Pure
 * functions.
 */
final class RequestTargets {

	private RequestTargets() {
	}

	/**
	 * What is wrong with a request target, if anything.
	 * @param method the request's method
	 * @param target the request target
	 * @return a message for the client, or {@code null} when the target is fine: no
	 * controls, spaces, non-ASCII or fragment
	 */
	static @Nullable String problem(HttpMethod method, String target) {
		if (target.isEmpty()) {
			return "Empty request target";
		}
		for (int i = 0; i < target.length(); i++) {
			char c = target.charAt(i);
			if (c <= 0x20 || c >= 0x7F || c == '#') {
				return "Invalid character in the request target";
			}
		}
		char first = target.charAt(0);
		if (first == '/') {
			return null;
		}
		if (target.equals("*")) {
			return (method == HttpMethod.OPTIONS) ? null : "The target * is for OPTIONS only";
		}
		int authority = authorityStart(target);
		if (authority < 0) {
			return "Request targets are paths or absolute http(s) URIs";
		}
		int end = authorityEnd(target, authority);
		String host = target.substring(authority, end);
		if (host.isEmpty() || !isValidHost(host)) {
			return "Invalid authority in the request target";
		}
		return null;
	}

	/**
	 * The path of a request target that passed {@link #problem}, without its query.
	 * @param target the request target
	 * @return the path: {@code /} for an absolute URI without one, {@code *} for
	 * {@code *}
	 */
	static String path(String target) {
		int start = 0;
		if (!target.isEmpty() && target.charAt(0) != '/') {
			int authority = authorityStart(target);
			if (authority < 0) {
				return target;
			}
			start = authorityEnd(target, authority);
		}
		int query = target.indexOf('?', start);
		int end = (query < 0) ? target.length() : query;
		return (start == end) ? "/" : target.substring(start, end);
	}

	/**
	 * The query of a request target, without the {@code ?}.
	 * @param target the request target
	 * @return the query, empty when there is none
	 */
	static String query(String target) {
		int query = target.indexOf('?');
		return (query < 0) ? "" : target.substring(query + 1);
	}

	/**
	 * Whether a {@code Host} value is a host with an optional port: a name or IPv4
	 * address of unreserved, percent-encoded and sub-delimiter characters, or an IP
	 * literal in brackets; empty is allowed (RFC 9112 §3.2). Spaces, {@code /},
	 * {@code @}, {@code \}, {@code ?}, {@code #} and controls are not.
	 * @param host the value
	 * @return whether it is valid
	 */
	static boolean isValidHost(String host) {
		int length = host.length();
		int i = 0;
		if (length > 0 && host.charAt(0) == '[') {
			int close = host.indexOf(']');
			if (close < 2) {
				return false;
			}
			for (i = 1; i < close; i++) {
				char c = host.charAt(i);
				if (!(isHexDigit(c) || c == ':' || c == '.')) {
					return false;
				}
			}
			i = close + 1;
			if (i < length && host.charAt(i) != ':') {
				return false;
			}
		}
		else {
			while (i < length && host.charAt(i) != ':') {
				char c = host.charAt(i);
				if (c == '%') {
					if (i + 2 >= length || !isHexDigit(host.charAt(i + 1)) || !isHexDigit(host.charAt(i + 2))) {
						return false;
					}
					i += 2;
				}
				else if (!isRegNameChar(c)) {
					return false;
				}
				i++;
			}
		}
		if (i < length) {
			// The port: digits after the colon, possibly none (RFC 3986 §3.2.3).
			if (length - i - 1 > 5) {
				return false;
			}
			for (i++; i < length; i++) {
				char c = host.charAt(i);
				if (c < '0' || c > '9') {
					return false;
				}
			}
		}
		return true;
	}

	/* Where the authority starts in an absolute http(s) URI, or -1. */
	private static int authorityStart(String target) {
		if (target.regionMatches(true, 0, "http://", 0, 7)) {
			return 7;
		}
		if (target.regionMatches(true, 0, "https://", 0, 8)) {
			return 8;
		}
		return -1;
	}

	private static int authorityEnd(String target, int start) {
		for (int i = start; i < target.length(); i++) {
			char c = target.charAt(i);
			if (c == '/' || c == '?' || c == '#') {
				return i;
			}
		}
		return target.length();
	}

	private static boolean isHexDigit(char c) {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	}

	private static boolean isRegNameChar(char c) {
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
			return true;
		}
		return switch (c) {
			case '-', '.', '_', '~', '!', '$', '&', '\'', '(', ')', '*', '+', ',', ';', '=' -> true;
			default -> false;
		};
	}

}
