package io.ujrpc.internal.netty;

import java.util.Map;

import io.netty.util.Version;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns at startup when the Netty on the class path is older than the one whose HTTP/1.1
 * decoder every framing guarantee of ujrpc was verified on. The application's own build
 * (its Spring Boot parent, say) picks the Netty version, so it may be older than the one
 * ujrpc is built with: Spring Boot 4.1.1 manages 4.2.17.Final.
 */
public final class NettyVersionCheck {

	private static final Logger logger = LoggerFactory.getLogger(NettyVersionCheck.class);

	/** The first Netty 4.2 whose chunked-body decoding is as strict as RFC 9112 says. */
	static final int[] STRICT_CHUNKED = { 4, 2, 18 };

	private NettyVersionCheck() {
	}

	/**
	 * Log a warning once per call when {@code netty-codec-http} is older than 4.2.18.
	 */
	public static void warnIfOutdated() {
		String version = httpCodecVersion();
		if (isOutdated()) {
			logger.warn("Netty {} is older than 4.2.18.Final: its HTTP/1.1 decoder accepts a chunk-size line with "
					+ "junk after the size (a NUL, a space and a word, a leading space) or ended by a bare CR, which "
					+ "another server on the way may read differently (request smuggling). Set netty.version to "
					+ "4.2.18.Final or later in your build.", version);
		}
	}

	/**
	 * Whether {@code netty-codec-http} is older than 4.2.18.
	 * @return {@code true} for 4.2.17 and before
	 */
	public static boolean isOutdated() {
		String version = httpCodecVersion();
		return version != null && isOlder(version, STRICT_CHUNKED);
	}

	static @Nullable String httpCodecVersion() {
		Map<String, Version> versions = Version.identify(NettyVersionCheck.class.getClassLoader());
		Version codec = versions.get("netty-codec-http");
		return (codec != null) ? codec.artifactVersion() : null;
	}

	/*
	 * Compares the numeric parts of a version such as 4.2.17.Final with a minimum.
	 */
	static boolean isOlder(String version, int[] minimum) {
		String[] parts = version.split("[.-]");
		for (int i = 0; i < minimum.length; i++) {
			int part;
			try {
				part = (i < parts.length) ? Integer.parseInt(parts[i]) : 0;
			}
			catch (NumberFormatException ex) {
				return false;
			}
			if (part != minimum[i]) {
				return part < minimum[i];
			}
		}
		return false;
	}

}
