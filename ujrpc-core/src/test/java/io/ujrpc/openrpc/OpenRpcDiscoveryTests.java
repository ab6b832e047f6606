package io.ujrpc.openrpc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.dispatch.MethodRegistrationException;
import io.ujrpc.dispatch.MethodRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class OpenRpcDiscoveryTests {

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final ObjectNode document = describe(OpenRpcDiscovery.builder()
		.title("Shapes")
		.version("2.1.0")
		.description("Geometry over JSON-RPC")
		.servers(List.of(new OpenRpcServer("http", "http://localhost:8080/")))
		.build(), new Shapes());

	@Test
	void documentOfEveryKindOfTypeValidatesAgainstTheMetaSchema() {
		assertThat(OpenRpcMetaSchema.violations(this.document)).isEmpty();
		assertThat(this.document.get("openrpc").stringValue()).isEqualTo("1.3.2");
	}

	@Test
	void metaSchemaRejectsABrokenDocument() {
		ObjectNode broken = this.document.deepCopy();
		((ObjectNode) broken.get("methods").get(0)).put("paramStructure", "by-guess");
		broken.remove("info");
		assertThat(OpenRpcMetaSchema.violations(broken)).hasSizeGreaterThanOrEqualTo(2);
	}

	@Test
	void infoAndServersComeFromTheBuilder() {
		assertThat(this.document.get("info"))
			.isEqualTo(json("{\"title\":\"Shapes\",\"version\":\"2.1.0\",\"description\":\"Geometry over JSON-RPC\"}"));
		assertThat(this.document.get("servers"))
			.isEqualTo(json("[{\"name\":\"http\",\"url\":\"http://localhost:8080/\"}]"));
	}

	@Test
	void serversAreLookedUpOnEachCall() {
		AtomicInteger port = new AtomicInteger(1000);
		OpenRpcDiscovery discovery = OpenRpcDiscovery.builder()
			.servers(() -> List.of(new OpenRpcServer("http", "http://localhost:" + port.get() + "/")))
			.build();
		describe(discovery, new Shapes());
		assertThat(discovery.document().at("/servers/0/url").stringValue()).isEqualTo("http://localhost:1000/");
		port.set(2000);
		assertThat(discovery.document().at("/servers/0/url").stringValue()).isEqualTo("http://localhost:2000/");
	}

	@Test
	void methodsAreSortedAndTheDiscoveryMethodIsNotListed() {
		List<String> names = new ArrayList<>();
		this.document.get("methods").forEach((method) -> names.add(method.get("name").stringValue()));
		assertThat(names).containsExactly("any", "bean", "collections", "constrained", "enumerated", "find", "later",
				"nothing", "old", "optional", "records", "scalars", "time");
	}

	@Test
	void primitivesAreRequiredAndBoxedValuesAreNot() {
		JsonNode scalars = method("scalars");
		assertThat(param(scalars, "i")).isEqualTo(
				json("{\"name\":\"i\",\"required\":true,\"schema\":{\"type\":\"integer\",\"format\":\"int32\"}}"));
		assertThat(schema(scalars, "l")).isEqualTo(json("{\"type\":\"integer\",\"format\":\"int64\"}"));
		assertThat(schema(scalars, "d")).isEqualTo(json("{\"type\":\"number\",\"format\":\"double\"}"));
		assertThat(schema(scalars, "f")).isEqualTo(json("{\"type\":\"number\",\"format\":\"float\"}"));
		assertThat(schema(scalars, "b")).isEqualTo(json("{\"type\":\"boolean\"}"));
		assertThat(schema(scalars, "s")).isEqualTo(json("{\"type\":\"integer\"}"));
		assertThat(schema(scalars, "by")).isEqualTo(json("{\"type\":\"integer\",\"minimum\":-128,\"maximum\":127}"));
		assertThat(schema(scalars, "c")).isEqualTo(json("{\"type\":\"string\"}"));
		assertThat(param(scalars, "boxedInt").get("required").booleanValue()).isFalse();
		assertThat(schema(scalars, "boxedInt")).isEqualTo(json("{\"type\":\"integer\",\"format\":\"int32\"}"));
		assertThat(schema(scalars, "boxedBoolean")).isEqualTo(json("{\"type\":\"boolean\"}"));
		assertThat(schema(scalars, "text")).isEqualTo(json("{\"type\":\"string\"}"));
		assertThat(scalars.at("/result/schema")).isEqualTo(json("{\"type\":\"string\"}"));
		assertThat(scalars.get("paramStructure").stringValue()).isEqualTo("either");
	}

	@Test
	void enumsRecordsAndBeansAreSharedComponents() {
		assertThat(schema(method("enumerated"), "color")).isEqualTo(json("{\"$ref\":\"#/components/schemas/Color\"}"));
		assertThat(component("Color")).isEqualTo(json("{\"type\":\"string\",\"enum\":[\"RED\",\"GREEN\"]}"));
		assertThat(schema(method("records"), "origin")).isEqualTo(json("{\"$ref\":\"#/components/schemas/Point\"}"));
		assertThat(method("later").at("/result/schema")).isEqualTo(json("{\"$ref\":\"#/components/schemas/Point\"}"));
		assertThat(component("Point").get("properties")).isEqualTo(
				json("{\"x\":{\"type\":\"integer\",\"format\":\"int32\",\"minimum\":0},\"y\":{\"type\":\"integer\","
						+ "\"format\":\"int32\",\"minimum\":0}}"));
		assertThat(component("Polygon").get("required")).isEqualTo(json("[\"name\"]"));
		assertThat(component("Polygon").at("/properties/corners"))
			.isEqualTo(json("{\"minItems\":3,\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/Point\"}}"));
		assertThat(component("Bean")).isEqualTo(json("{\"type\":\"object\",\"properties\":{\"count\":{\"type\":"
				+ "\"integer\",\"format\":\"int64\"},\"label\":{\"type\":\"string\"}}}"));
	}

	@Test
	void collectionsMapsAndArraysAreInline() {
		JsonNode collections = method("collections");
		assertThat(schema(collections, "points"))
			.isEqualTo(json("{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/Point\"}}"));
		assertThat(schema(collections, "tags")).isEqualTo(json("{\"type\":\"array\",\"items\":{\"type\":\"string\"}}"));
		assertThat(schema(collections, "byName")).isEqualTo(
				json("{\"type\":\"object\",\"additionalProperties\":{\"$ref\":\"#/components/schemas/Point\"}}"));
		assertThat(schema(collections, "numbers"))
			.isEqualTo(json("{\"type\":\"array\",\"items\":{\"type\":\"integer\",\"format\":\"int32\"}}"));
		assertThat(schema(collections, "grid"))
			.isEqualTo(json("{\"type\":\"array\",\"items\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}"));
		assertThat(collections.at("/result/schema")).isEqualTo(
				json("{\"type\":\"object\",\"additionalProperties\":{\"type\":\"integer\",\"format\":\"int32\"}}"));
	}

	@Test
	void optionalValuesAreTheirValueAndNotRequired() {
		JsonNode optional = method("optional");
		assertThat(param(optional, "nickname"))
			.isEqualTo(json("{\"name\":\"nickname\",\"required\":false,\"schema\":{\"type\":\"string\"}}"));
		assertThat(param(optional, "when")).isEqualTo(json("{\"name\":\"when\",\"description\":\"Defaults to now\","
				+ "\"required\":false,\"schema\":{\"type\":\"string\",\"format\":\"date-time\"}}"));
		assertThat(optional.at("/result/schema")).isEqualTo(json("{\"type\":\"string\"}"));
	}

	@Test
	void javaTimeTypesAreFormattedStrings() {
		JsonNode time = method("time");
		assertThat(schema(time, "instant")).isEqualTo(json("{\"type\":\"string\",\"format\":\"date-time\"}"));
		assertThat(schema(time, "date")).isEqualTo(json("{\"type\":\"string\",\"format\":\"date\"}"));
		assertThat(schema(time, "duration")).isEqualTo(json("{\"type\":\"string\",\"format\":\"duration\"}"));
		assertThat(time.at("/result/schema")).isEqualTo(json("{\"type\":\"string\",\"format\":\"date-time\"}"));
	}

	@Test
	void anyJsonIsTheEmptySchemaAndVoidIsNull() {
		assertThat(schema(method("any"), "value")).isEqualTo(json("{}"));
		assertThat(method("nothing").at("/result/schema")).isEqualTo(json("{\"type\":\"null\"}"));
		assertThat(method("nothing").get("params")).isEqualTo(json("[]"));
	}

	@Test
	void beanValidationConstraintsOnParametersBecomeKeywords() {
		JsonNode constrained = method("constrained");
		assertThat(param(constrained, "level")).isEqualTo(json("{\"name\":\"level\",\"required\":true,\"schema\":"
				+ "{\"type\":\"integer\",\"format\":\"int32\",\"minimum\":1,\"maximum\":10}}"));
		assertThat(param(constrained, "code")).isEqualTo(json("{\"name\":\"code\",\"required\":false,\"schema\":"
				+ "{\"type\":\"string\",\"pattern\":\"[a-z]+\",\"maxLength\":8}}"));
		assertThat(param(constrained, "amount")).isEqualTo(json("{\"name\":\"amount\",\"required\":true,\"schema\":"
				+ "{\"type\":\"integer\",\"format\":\"int64\",\"exclusiveMinimum\":0}}"));
		assertThat(param(constrained, "name")).isEqualTo(json("{\"name\":\"name\",\"required\":true,\"schema\":"
				+ "{\"type\":\"string\",\"minLength\":1,\"pattern\":\"\\\\S\"}}"));
		assertThat(schema(constrained, "items"))
			.isEqualTo(json("{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"minItems\":1,\"maxItems\":3}"));
		assertThat(schema(constrained, "tags"))
			.isEqualTo(json("{\"type\":\"array\",\"items\":{\"type\":\"string\",\"maxLength\":4}}"));
		assertThat(schema(constrained, "codes"))
			.isEqualTo(json("{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"maxItems\":2}"));
	}

	@Test
	void summaryDescriptionDeprecationAndDeclaredErrorsAreListed() {
		JsonNode scalars = method("scalars");
		assertThat(scalars.get("summary").stringValue()).isEqualTo("Scalars of every kind");
		assertThat(scalars.get("description").stringValue()).isEqualTo("Primitives, boxed values and strings.");
		assertThat(scalars.has("deprecated")).isFalse();
		assertThat(method("old").get("deprecated").booleanValue()).isTrue();
		assertThat(method("find").get("errors")).isEqualTo(
				json("[{\"code\":4004,\"message\":\"Shape not found\"},{\"code\":4009,\"message\":\"Shape exists\"}]"));
		assertThat(scalars.has("errors")).isFalse();
	}

	@Test
	void documentIsACopyThatCallersCannotChange() {
		OpenRpcDiscovery discovery = OpenRpcDiscovery.builder().build();
		describe(discovery, new Shapes());
		discovery.document().put("openrpc", "0.0.1");
		assertThat(discovery.document().get("openrpc").stringValue()).isEqualTo("1.3.2");
		assertThat(discovery.document().get("info"))
			.isEqualTo(json("{\"title\":\"JSON-RPC service\",\"version\":\"0.0.0\"}"));
		assertThat(discovery.document().has("servers")).isFalse();
	}

	@Test
	void documentIsUnavailableBeforeARegistryIsBuilt() {
		assertThatIllegalStateException().isThrownBy(() -> OpenRpcDiscovery.builder().build().document())
			.withMessage("No method registry was built with this OpenRPC discovery yet");
	}

	@Test
	void registryServesTheDiscoveryMethodUnlessTurnedOff() {
		MethodRegistry served = MethodRegistry.builder(this.mapper)
			.discovery(OpenRpcDiscovery.builder().build())
			.addAnnotated(new Shapes())
			.build();
		assertThat(served.find(MethodRegistry.DISCOVER_METHOD)).isNotNull();
		OpenRpcDiscovery quiet = OpenRpcDiscovery.builder().discoverMethod(false).build();
		MethodRegistry unserved = MethodRegistry.builder(this.mapper)
			.discovery(quiet)
			.addAnnotated(new Shapes())
			.build();
		assertThat(unserved.find(MethodRegistry.DISCOVER_METHOD)).isNull();
		assertThat(quiet.document().get("methods")).hasSize(13);
	}

	@Test
	void discoveryMethodStaysOursEvenWithReservedNamesAllowed() {
		MethodRegistry.Builder builder = MethodRegistry.builder(this.mapper)
			.allowReservedNames(true)
			.discovery(OpenRpcDiscovery.builder().build())
			.addAnnotated(new OwnDiscover(), OwnDiscover.class, "own");
		assertThatExceptionOfType(MethodRegistrationException.class).isThrownBy(builder::build)
			.withMessage("Cannot serve JSON-RPC method 'rpc.discover' on 'own': the name is taken by the service "
					+ "discovery of this registry");
	}

	@Test
	void reservedNamesNeedTheOptIn() {
		assertThatExceptionOfType(MethodRegistrationException.class)
			.isThrownBy(() -> MethodRegistry.builder(this.mapper).addAnnotated(new Extension(), Extension.class, "ext"))
			.withMessageContaining("names starting with 'rpc.' are reserved");
		OpenRpcDiscovery discovery = OpenRpcDiscovery.builder().build();
		MethodRegistry registry = MethodRegistry.builder(this.mapper)
			.allowReservedNames(true)
			.discovery(discovery)
			.addAnnotated(new Extension(), Extension.class, "ext")
			.build();
		assertThat(registry.names()).containsExactly("rpc.discover", "rpc.ping");
		assertThat(discovery.document().at("/methods/0/name").stringValue()).isEqualTo("rpc.ping");
	}

	private ObjectNode describe(OpenRpcDiscovery discovery, Object service) {
		MethodRegistry.builder(this.mapper).discovery(discovery).addAnnotated(service).build();
		// Read back as a client would, so that numbers compare by value.
		return (ObjectNode) this.mapper.readTree(this.mapper.writeValueAsString(discovery.document()));
	}

	private JsonNode method(String name) {
		for (JsonNode method : this.document.get("methods")) {
			if (method.get("name").stringValue().equals(name)) {
				return method;
			}
		}
		throw new AssertionError("No method " + name + " in " + this.document);
	}

	private static JsonNode param(JsonNode method, String name) {
		for (JsonNode param : method.get("params")) {
			if (param.get("name").stringValue().equals(name)) {
				return param;
			}
		}
		throw new AssertionError("No param " + name + " in " + method);
	}

	private static JsonNode schema(JsonNode method, String name) {
		return param(method, name).get("schema");
	}

	private JsonNode component(String name) {
		return this.document.at("/components/schemas/" + name);
	}

	private JsonNode json(String text) {
		return this.mapper.readTree(text);
	}

	static class OwnDiscover {

		@JsonRpcMethod("rpc.discover")
		String discover() {
			return "mine";
		}

	}

	static class Extension {

		@JsonRpcMethod("rpc.ping")
		String ping() {
			return "pong";
		}

	}

}
