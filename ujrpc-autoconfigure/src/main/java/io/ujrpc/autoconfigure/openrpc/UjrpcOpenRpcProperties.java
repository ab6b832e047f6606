package io.ujrpc.autoconfigure.openrpc;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of OpenRPC discovery ({@code ujrpc.openrpc.*}), the explorer page
 * ({@code ujrpc.explorer.*}), method names ({@code ujrpc.methods.*}) and parameter
 * validation ({@code ujrpc.validation.*}).
 */
@ConfigurationProperties("ujrpc")
public class UjrpcOpenRpcProperties {

	private final OpenRpc openrpc = new OpenRpc();

	private final Explorer explorer = new Explorer();

	private final Methods methods = new Methods();

	private final Validation validation = new Validation();

	public OpenRpc getOpenrpc() {
		return this.openrpc;
	}

	public Explorer getExplorer() {
		return this.explorer;
	}

	public Methods getMethods() {
		return this.methods;
	}

	public Validation getValidation() {
		return this.validation;
	}

	/**
	 * OpenRPC discovery.
	 */
	public static class OpenRpc {

		/**
		 * Whether to describe the JSON-RPC methods as an OpenRPC document; when off,
		 * there is no rpc.discover, no document route and no explorer.
		 */
		private boolean enabled = true;

		/**
		 * Whether to answer the rpc.discover method with the document.
		 */
		private boolean discoverMethod = true;

		/**
		 * Whether to serve the document over HTTP GET at the path below.
		 */
		private boolean httpEnabled = true;

		/**
		 * Path of the document over HTTP GET.
		 */
		private String path = "/openrpc.json";

		/**
		 * Title of the service in the document; defaults to spring.application.name, then
		 * the build's name.
		 */
		private @Nullable String title;

		/**
		 * Version of the service's API in the document; defaults to the build's version.
		 */
		private @Nullable String version;

		/**
		 * Description of the service in the document.
		 */
		private @Nullable String description;

		/**
		 * Servers listed in the document; defaults to this application's own HTTP,
		 * WebSocket and TCP listeners, with the ports they bound.
		 */
		private List<Server> servers = new ArrayList<>();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isDiscoverMethod() {
			return this.discoverMethod;
		}

		public void setDiscoverMethod(boolean discoverMethod) {
			this.discoverMethod = discoverMethod;
		}

		public boolean isHttpEnabled() {
			return this.httpEnabled;
		}

		public void setHttpEnabled(boolean httpEnabled) {
			this.httpEnabled = httpEnabled;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

		public @Nullable String getTitle() {
			return this.title;
		}

		public void setTitle(@Nullable String title) {
			this.title = title;
		}

		public @Nullable String getVersion() {
			return this.version;
		}

		public void setVersion(@Nullable String version) {
			this.version = version;
		}

		public @Nullable String getDescription() {
			return this.description;
		}

		public void setDescription(@Nullable String description) {
			this.description = description;
		}

		public List<Server> getServers() {
			return this.servers;
		}

		public void setServers(List<Server> servers) {
			this.servers = servers;
		}

	}

	/**
	 * A server listed in the document.
	 */
	public static class Server {

		/**
		 * Name of the server, such as the protocol.
		 */
		private String name = "default";

		/**
		 * URL of the server.
		 */
		private @Nullable String url;

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public @Nullable String getUrl() {
			return this.url;
		}

		public void setUrl(@Nullable String url) {
			this.url = url;
		}

	}

	/**
	 * The explorer page.
	 */
	public static class Explorer {

		/**
		 * Whether to serve the explorer page, which lists the methods and calls them
		 * through a form.
		 */
		private boolean enabled = true;

		/**
		 * Path of the explorer page.
		 */
		private String path = "/explorer";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

	}

	/**
	 * JSON-RPC method names.
	 */
	public static class Methods {

		/**
		 * Whether methods may take names starting with 'rpc.', which JSON-RPC reserves
		 * for extensions; rpc.discover stays OpenRPC's.
		 */
		private boolean allowReservedNames;

		public boolean isAllowReservedNames() {
			return this.allowReservedNames;
		}

		public void setAllowReservedNames(boolean allowReservedNames) {
			this.allowReservedNames = allowReservedNames;
		}

	}

	/**
	 * Bean Validation of parameters.
	 */
	public static class Validation {

		/**
		 * Whether to check parameters against their Bean Validation constraints before
		 * the call, when a provider is on the class path.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
