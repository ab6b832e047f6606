package io.ujrpc.protocol;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class MethodNamesTests {

	private final ObjectMapper mapper = JsonMapper.builder().build();

	private final JsonRpcCodec codec = new JsonRpcCodec(this.mapper, 10);

	@Test
	void repeatedMethodNameIsTheSameString() {
		assertThat(method("sum")).isSameAs(method("sum"));
	}

	@Test
	void everyNameIsReadRightWhateverTheCacheHolds() {
		List<String> names = new ArrayList<>();
		for (int i = 0; i < 2000; i++) {
			names.add("m" + i);
		}
		names.add("Aa");
		names.add("BB");
		names.add("x".repeat(49));
		names.add("caf\u00e9");
		for (int round = 0; round < 2; round++) {
			for (String name : names) {
				assertThat(method(name)).isEqualTo(name);
			}
		}
	}

	private String method(String name) {
		byte[] json = this.mapper.writeValueAsBytes(java.util.Map.of("jsonrpc", "2.0", "method", name, "id", 1));
		return ((JsonRpcRequest) this.codec.decode(json, 0, json.length).entries().get(0)).method();
	}

}
