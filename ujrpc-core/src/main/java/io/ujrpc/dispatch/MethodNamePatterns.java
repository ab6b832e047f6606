package io.ujrpc.dispatch;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Method name patterns: {@code *} stands for any run of characters (dots included),
 * {@code ?} for one character, everything else for itself; {@code admin.*} matches
 * {@code admin.reset} and {@code admin.users.list}.
 */
public final class MethodNamePatterns {

	private final List<String> patterns;

	private final Pattern[] compiled;

	private MethodNamePatterns(List<String> patterns) {
		this.patterns = List.copyOf(patterns);
		this.compiled = new Pattern[this.patterns.size()];
		for (int i = 0; i < this.compiled.length; i++) {
			this.compiled[i] = compile(this.patterns.get(i));
		}
	}

	/**
	 * Return patterns for a list.
	 * @param patterns the patterns
	 * @return the patterns
	 */
	public static MethodNamePatterns of(List<String> patterns) {
		for (String pattern : patterns) {
			if (pattern == null || pattern.isEmpty()) {
				throw new IllegalArgumentException("method name pattern: '" + pattern + "' (expected: not empty)");
			}
		}
		return new MethodNamePatterns(patterns);
	}

	/**
	 * Return patterns for some patterns.
	 * @param patterns the patterns
	 * @return the patterns
	 */
	public static MethodNamePatterns of(String... patterns) {
		return of(List.of(patterns));
	}

	/**
	 * Whether any pattern matches a name.
	 * @param name the method name
	 * @return {@code true} when one matches
	 */
	public boolean matches(String name) {
		for (Pattern pattern : this.compiled) {
			if (pattern.matcher(name).matches()) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether there are no patterns.
	 * @return {@code true} for none
	 */
	public boolean isEmpty() {
		return this.compiled.length == 0;
	}

	private static Pattern compile(String glob) {
		StringBuilder regex = new StringBuilder(glob.length() + 8);
		StringBuilder literal = new StringBuilder();
		for (int i = 0; i < glob.length(); i++) {
			char c = glob.charAt(i);
			if (c == '*' || c == '?') {
				if (!literal.isEmpty()) {
					regex.append(Pattern.quote(literal.toString()));
					literal.setLength(0);
				}
				regex.append((c == '*') ? ".*" : ".");
			}
			else {
				literal.append(c);
			}
		}
		if (!literal.isEmpty()) {
			regex.append(Pattern.quote(literal.toString()));
		}
		return Pattern.compile(regex.toString(), Pattern.DOTALL);
	}

	@Override
	public String toString() {
		return this.patterns.toString();
	}

}
