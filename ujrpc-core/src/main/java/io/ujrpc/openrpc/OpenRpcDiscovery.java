package io.ujrpc.openrpc;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.function.Supplier;

import io.ujrpc.annotation.JsonRpcParam;
import io.ujrpc.dispatch.MethodInvoker;
import io.ujrpc.dispatch.MethodRegistry;
import io.ujrpc.dispatch.ServiceDiscovery;
import io.ujrpc.protocol.JsonRpcError;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Describes a {@link MethodRegistry} as an OpenRPC 1.3 document and answers
 * {@code rpc.discover} with it. The document is generated once, when the registry is
 * built; only its {@code servers}, which may depend on ports bound later, are looked up
 * per call.
 * <p>
 * <pre class="code">
 * OpenRpcDiscovery discovery = OpenRpcDiscovery.builder().title("Calculator").version("1.2.0").build();
 * MethodRegistry registry = MethodRegistry.builder(mapper).discovery(discovery).addAnnotated(calc).build();
 * </pre>
 *
 * @see <a href="https://spec.open-rpc.org/">OpenRPC specification</a>
 */
public final class OpenRpcDiscovery implements ServiceDiscovery {

	/**
	 * The version of the OpenRPC specification the documents follow.
	 */
	public static final String OPENRPC_VERSION = "1.3.2";

	private final String title;

	private final String version;

	private final @Nullable String description;

	private final Supplier<List<OpenRpcServer>> servers;

	private final ObjectMapper schemaMapper;

	private final boolean discoverMethod;

	private final ObjectMapper writer = JsonMapper.builder().build();

	private volatile @Nullable ObjectNode body;

	private volatile @Nullable Rendered rendered;

	private OpenRpcDiscovery(Builder builder) {
		this.title = builder.title;
		this.version = builder.version;
		this.description = builder.description;
		this.servers = builder.servers;
		this.schemaMapper = builder.schemaMapper;
		this.discoverMethod = builder.discoverMethod;
	}

	/**
	 * Start building a discovery.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	@Override
	public boolean discoverMethod() {
		return this.discoverMethod;
	}

	@Override
	public void describe(MethodRegistry registry) {
		this.body = generate(registry);
		this.rendered = null;
	}

	@Override
	public Object discover() {
		return render().document();
	}

	/**
	 * Return the document, as {@code rpc.discover} answers it.
	 * @return a copy of the document
	 * @throws IllegalStateException when no registry was built with this discovery yet
	 */
	public ObjectNode document() {
		return render().document().deepCopy();
	}

	/**
	 * Return the document as UTF-8 JSON.
	 * @return the bytes, shared: do not modify them
	 * @throws IllegalStateException when no registry was built with this discovery yet
	 */
	byte[] documentBytes() {
		return render().bytes();
	}

	private Rendered render() {
		ObjectNode body = this.body;
		if (body == null) {
			throw new IllegalStateException("No method registry was built with this OpenRPC discovery yet");
		}
		List<OpenRpcServer> servers = List.copyOf(this.servers.get());
		Rendered rendered = this.rendered;
		if (rendered != null && rendered.servers().equals(servers)) {
			return rendered;
		}
		ObjectNode document = this.writer.createObjectNode();
		body.properties().forEach((entry) -> {
			document.set(entry.getKey(), entry.getValue());
			if (entry.getKey().equals("info") && !servers.isEmpty()) {
				ArrayNode list = document.putArray("servers");
				servers.forEach((server) -> list.addObject().put("name", server.name()).put("url", server.url()));
			}
		});
		rendered = new Rendered(servers, document, this.writer.writeValueAsBytes(document));
		this.rendered = rendered;
		return rendered;
	}

	private ObjectNode generate(MethodRegistry registry) {
		TypeSchemas schemas = new TypeSchemas(this.schemaMapper);
		ObjectNode document = this.writer.createObjectNode();
		document.put("openrpc", OPENRPC_VERSION);
		ObjectNode info = document.putObject("info").put("title", this.title).put("version", this.version);
		if (this.description != null) {
			info.put("description", this.description);
		}
		ArrayNode methods = document.putArray("methods");
		for (MethodInvoker invoker : registry.methods()) {
			if (invoker.name().equals(MethodRegistry.DISCOVER_METHOD)) {
				// The discovery method is implied; OpenRPC does not list it.
				continue;
			}
			try {
				methods.add(method(invoker, schemas));
			}
			catch (RuntimeException ex) {
				throw new IllegalStateException("Cannot describe JSON-RPC method '" + invoker.name() + "' ("
						+ invoker.method() + ") in OpenRPC: " + ex.getMessage(), ex);
			}
		}
		ObjectNode definitions = schemas.collectDefinitions();
		if (!definitions.isEmpty()) {
			document.putObject("components").set("schemas", definitions);
		}
		return document;
	}

	private ObjectNode method(MethodInvoker invoker, TypeSchemas schemas) {
		Method method = invoker.method();
		ObjectNode node = this.writer.createObjectNode();
		node.put("name", invoker.name());
		if (!invoker.summary().isEmpty()) {
			node.put("summary", invoker.summary());
		}
		if (!invoker.description().isEmpty()) {
			node.put("description", invoker.description());
		}
		ArrayNode params = node.putArray("params");
		Parameter[] parameters = method.getParameters();
		List<String> names = invoker.parameterNames();
		for (int i = 0; i < parameters.length; i++) {
			if (!invoker.isBoundFromParams(i)) {
				continue;
			}
			ObjectNode param = params.addObject().put("name", names.get(i));
			JsonRpcParam annotation = parameters[i].getAnnotation(JsonRpcParam.class);
			if (annotation != null && !annotation.description().isEmpty()) {
				param.put("description", annotation.description());
			}
			param.put("required", TypeSchemas.isRequired(parameters[i]));
			param.set("schema", schemas.parameter(parameters[i]));
		}
		node.putObject("result").put("name", "result").set("schema", schemas.result(method));
		node.put("paramStructure", "either");
		List<JsonRpcError> errors = invoker.declaredErrors();
		if (!errors.isEmpty()) {
			ArrayNode list = node.putArray("errors");
			errors.forEach((error) -> list.addObject().put("code", error.code()).put("message", error.message()));
		}
		if (method.isAnnotationPresent(Deprecated.class)) {
			node.put("deprecated", true);
		}
		return node;
	}

	private record Rendered(List<OpenRpcServer> servers, ObjectNode document, byte[] bytes) {

	}

	/**
	 * Builds an {@link OpenRpcDiscovery}.
	 */
	public static final class Builder {

		private String title = "JSON-RPC service";

		private String version = "0.0.0";

		private @Nullable String description;

		private Supplier<List<OpenRpcServer>> servers = List::of;

		private ObjectMapper schemaMapper = JsonMapper.builder().build();

		private boolean discoverMethod = true;

		private Builder() {
		}

		/**
		 * Set the title of the service, {@code info.title}.
		 * @param title the title
		 * @return this builder
		 */
		public Builder title(String title) {
			this.title = requireText("title", title);
			return this;
		}

		/**
		 * Set the version of the service's API (not of OpenRPC), {@code info.version}.
		 * @param version the version
		 * @return this builder
		 */
		public Builder version(String version) {
			this.version = requireText("version", version);
			return this;
		}

		/**
		 * Set a description of the service, {@code info.description}.
		 * @param description the description, or {@code null} for none
		 * @return this builder
		 */
		public Builder description(@Nullable String description) {
			this.description = (description == null || description.isBlank()) ? null : description;
			return this;
		}

		/**
		 * Set the servers the document lists.
		 * @param servers the servers
		 * @return this builder
		 */
		public Builder servers(List<OpenRpcServer> servers) {
			List<OpenRpcServer> copy = List.copyOf(servers);
			this.servers = () -> copy;
			return this;
		}

		/**
		 * Set the servers the document lists, looked up on each call so that they can
		 * name ports bound after the registry is built.
		 * @param servers supplies the servers
		 * @return this builder
		 */
		public Builder servers(Supplier<List<OpenRpcServer>> servers) {
			if (servers == null) {
				throw new IllegalArgumentException("servers: null (expected: a supplier of servers)");
			}
			this.servers = servers;
			return this;
		}

		/**
		 * Set the mapper whose annotations and settings the schemas follow, such as the
		 * one that binds parameters.
		 * @param mapper the mapper
		 * @return this builder
		 */
		public Builder objectMapper(ObjectMapper mapper) {
			if (mapper == null) {
				throw new IllegalArgumentException("mapper: null (expected: an ObjectMapper)");
			}
			this.schemaMapper = mapper;
			return this;
		}

		/**
		 * Set whether the registry serves {@code rpc.discover}. When off, the document is
		 * still generated for {@link #build() the discovery's} other users, such as the
		 * HTTP route and the explorer.
		 * @param serve whether to serve {@code rpc.discover}; on by default
		 * @return this builder
		 */
		public Builder discoverMethod(boolean serve) {
			this.discoverMethod = serve;
			return this;
		}

		/**
		 * Build the discovery.
		 * @return the discovery
		 */
		public OpenRpcDiscovery build() {
			return new OpenRpcDiscovery(this);
		}

		private static String requireText(String name, String value) {
			if (value == null || value.isBlank()) {
				throw new IllegalArgumentException(name + ": '" + value + "' (expected: a non-blank text)");
			}
			return value;
		}

	}

}
