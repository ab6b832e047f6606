package io.ujrpc.server.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link CompactHttpHeaders} answers as Netty's {@code DefaultHttpHeaders} does.
 */
class CompactHttpHeadersTests {

	private static final List<CharSequence> NAMES = List.of("Host", "host", HttpHeaderNames.CONTENT_TYPE,
			"Content-Length", "CONNECTION", "X-Many", "x-many", new AsciiString("Expect"));

	private static final List<String> VALUES = List.of("a", "close", "keep-alive, Close", "12", "x, y", "100-continue",
			"chunked", "", "close,", ",close", "CLOSE", "a,,close", "x ,\tclose\t, y", "close , x", ",", "a,", "clos",
			"closed", "\u00e9close");

	@Test
	void linesAddedByTheReaderAreFoundWithoutCase() {
		CompactHttpHeaders headers = new CompactHttpHeaders(2);
		headers.addChecked(AsciiString.cached("Host"), "example.org");
		headers.addChecked(AsciiString.cached("Content-Type"), "application/json");
		headers.addChecked(AsciiString.cached("X-Many"), "1");
		assertThat(headers.get(HttpHeaderNames.HOST)).isEqualTo("example.org");
		assertThat(headers.get("content-type")).isEqualTo("application/json");
		assertThat(headers.size()).isEqualTo(3);
		assertThat(headers.names()).containsExactly("Host", "Content-Type", "X-Many");
	}

	@Test
	void randomOperationsAnswerAsNettysHeaders() {
		Random random = new Random(7);
		for (int run = 0; run < 2_000; run++) {
			HttpHeaders netty = DefaultHttpHeadersFactory.headersFactory().newHeaders();
			HttpHeaders compact = new CompactHttpHeaders(1 + random.nextInt(3));
			for (int step = 0; step < 12; step++) {
				CharSequence name = NAMES.get(random.nextInt(NAMES.size()));
				String value = VALUES.get(random.nextInt(VALUES.size()));
				switch (random.nextInt(6)) {
					case 0, 1 -> {
						netty.add(name, value);
						compact.add(name, value);
					}
					case 2 -> {
						netty.set(name, value);
						compact.set(name, value);
					}
					case 3 -> {
						netty.remove(name);
						compact.remove(name);
					}
					case 4 -> {
						netty.setInt(name, step);
						compact.setInt(name, step);
					}
					default -> {
						netty.add(name, List.of(value, "b"));
						compact.add(name, List.of(value, "b"));
					}
				}
				assertSameAnswers(netty, compact);
			}
		}
	}

	@Test
	void invalidNamesAndValuesAreRefusedAsNettyRefusesThem() {
		HttpHeaders netty = DefaultHttpHeadersFactory.headersFactory().newHeaders();
		HttpHeaders compact = new CompactHttpHeaders(1);
		for (HttpHeaders headers : List.of(netty, compact)) {
			assertThatIllegalArgumentException().isThrownBy(() -> headers.add("Bad Name", "x"));
			assertThatIllegalArgumentException().isThrownBy(() -> headers.add("", "x"));
			assertThatIllegalArgumentException().isThrownBy(() -> headers.set("X-A", "a\r\nInjected: yes"));
			assertThat(headers.isEmpty()).isTrue();
		}
	}

	private static void assertSameAnswers(HttpHeaders netty, HttpHeaders compact) {
		assertThat(entries(compact)).isEqualTo(entries(netty));
		assertThat(compact.size()).isEqualTo(netty.size());
		assertThat(compact.isEmpty()).isEqualTo(netty.isEmpty());
		assertThat(compact.names()).containsExactlyElementsOf(netty.names());
		for (CharSequence name : NAMES) {
			assertThat(compact.get(name)).isEqualTo(netty.get(name));
			assertThat(compact.get(name.toString())).isEqualTo(netty.get(name.toString()));
			assertThat(compact.getAll(name)).isEqualTo(netty.getAll(name));
			assertThat(compact.contains(name)).isEqualTo(netty.contains(name));
			assertThat(compact.getInt(name)).isEqualTo(netty.getInt(name));
			assertThat(compact.getInt(name, -1)).isEqualTo(netty.getInt(name, -1));
			for (String value : List.of("close", "Close", "x", "12", "chunked", "", "a", "y")) {
				assertThat(compact.containsValue(name, value, true)).isEqualTo(netty.containsValue(name, value, true));
				assertThat(compact.containsValue(name, value, false))
					.isEqualTo(netty.containsValue(name, value, false));
				assertThat(compact.contains(name, value, true)).isEqualTo(netty.contains(name, value, true));
				assertThat(compact.contains(name.toString(), value, false))
					.isEqualTo(netty.contains(name.toString(), value, false));
			}
		}
	}

	private static List<String> entries(HttpHeaders headers) {
		List<String> entries = new ArrayList<>();
		headers.forEach((entry) -> entries.add(entry.getKey() + ": " + entry.getValue()));
		List<String> sequences = new ArrayList<>();
		headers.iteratorCharSequence()
			.forEachRemaining((entry) -> sequences.add(entry.getKey() + ": " + entry.getValue()));
		assertThat(sequences).isEqualTo(entries);
		return entries;
	}

}
