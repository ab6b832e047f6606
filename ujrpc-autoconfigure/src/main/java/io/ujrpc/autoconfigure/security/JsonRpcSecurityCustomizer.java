package io.ujrpc.autoconfigure.security;

/**
 * Says which JSON-RPC methods and HTTP routes are open and which need which authority;
 * beans of this type are applied in order ({@code @Order}), the rules they add asked in
 * that order, the first matching deciding.
 *
 * <pre class="code">
 * &#64;Bean
 * JsonRpcSecurityCustomizer rules() {
 *     return (rules) -&gt; rules.methods("public.*").permitAll()
 *         .methods("admin.*").hasAuthority("ADMIN")
 *         .anyMethod().authenticated();
 * }
 * </pre>
 */
@FunctionalInterface
public interface JsonRpcSecurityCustomizer {

	/**
	 * Add rules.
	 * @param rules the rules to add to
	 */
	void customize(JsonRpcSecurityRules rules);

}
