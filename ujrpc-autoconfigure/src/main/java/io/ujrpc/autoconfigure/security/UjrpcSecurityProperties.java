package io.ujrpc.autoconfigure.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Spring Security for the ujrpc server; the users come from
 * {@code spring.security.user.*} and the JWT decoder from
 * {@code spring.security.oauth2.resourceserver.jwt.*}, as in a servlet app.
 */
@ConfigurationProperties("ujrpc.security")
public class UjrpcSecurityProperties {

	/**
	 * Whether callers are authenticated and calls authorized when Spring Security is on
	 * the classpath.
	 */
	private boolean enabled = true;

	/**
	 * Realm named in the Basic challenge of a 401.
	 */
	private String realm = "ujrpc";

	private final X509 x509 = new X509();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getRealm() {
		return this.realm;
	}

	public void setRealm(String realm) {
		this.realm = realm;
	}

	public X509 getX509() {
		return this.x509;
	}

	/**
	 * Authentication by TLS client certificate (mutual TLS, with
	 * {@code server.ssl.client-auth}).
	 */
	public static class X509 {

		/**
		 * Whether a caller without an Authorization header is authenticated by the
		 * subject of its client certificate, looked up in the user details.
		 */
		private boolean enabled;

		/**
		 * Regular expression whose first group finds the user name in the certificate's
		 * subject (RFC 2253).
		 */
		private String subjectPrincipalRegex = "CN=(.*?)(?:,|$)";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getSubjectPrincipalRegex() {
			return this.subjectPrincipalRegex;
		}

		public void setSubjectPrincipalRegex(String subjectPrincipalRegex) {
			this.subjectPrincipalRegex = subjectPrincipalRegex;
		}

	}

}
