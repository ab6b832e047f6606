package io.ujrpc.array;

import java.util.Base64;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Long base64 text decoded a chunk at a time: the same bytes, and the same refusals, as
 * the JDK's decoders give it whole.
 */
class Base64DecodingTests {

	private static final String[] MUTATIONS = { "=", "==", "\u0141", "\u0100", "\u00c1", "\u00e9", "\r\n", "-", "_",
			" ", "A", "\ud800", "*" };

	private final Random random = new Random(4096);

	@Test
	void longTextDecodesAsTheJdkDecodesItWhole() {
		int decoded = 0;
		int refused = 0;
		for (int i = 0; i < 3000; i++) {
			byte[] bytes = new byte[2900 + this.random.nextInt(12_000)];
			this.random.nextBytes(bytes);
			String text = mutate(Base64.getEncoder().encodeToString(bytes));
			byte[] expected;
			try {
				expected = reference(text);
			}
			catch (IllegalArgumentException ex) {
				assertThatIllegalArgumentException().as("%s", describe(text))
					.isThrownBy(() -> PrimitiveArrays.decodeBase64(text))
					.withMessage(ex.getMessage());
				refused++;
				continue;
			}
			assertThat(PrimitiveArrays.decodeBase64(text)).as("%s", describe(text)).isEqualTo(expected);
			decoded++;
		}
		assertThat(decoded).isGreaterThan(1000);
		assertThat(refused).isGreaterThan(300);
	}

	@Test
	void textOfWholeChunksDecodes() {
		for (int size : new int[] { 3071, 3072, 3073, 6143, 6144, 6145, 65536 }) {
			byte[] bytes = new byte[size];
			this.random.nextBytes(bytes);
			String text = Base64.getEncoder().encodeToString(bytes);
			assertThat(PrimitiveArrays.decodeBase64(text)).as("%d bytes", size).isEqualTo(bytes);
			String unpadded = Base64.getEncoder().withoutPadding().encodeToString(bytes);
			assertThat(PrimitiveArrays.decodeBase64(unpadded)).as("%d bytes unpadded", size).isEqualTo(bytes);
		}
	}

	private String mutate(String text) {
		int kind = this.random.nextInt(6);
		if (kind == 0) {
			return text;
		}
		if (kind == 1) {
			// Unpadded, or cut by a character or more.
			return text.substring(0, text.length() - this.random.nextInt(4));
		}
		String mutation = MUTATIONS[this.random.nextInt(MUTATIONS.length)];
		// Often at the edges of a chunk of 4096 characters.
		int at = (kind == 2 && text.length() > 4100) ? 4092 + this.random.nextInt(8)
				: this.random.nextInt(text.length() + 1);
		return (kind == 3) ? text.substring(0, at) + mutation + text.substring(Math.min(text.length(), at + 1))
				: text.substring(0, at) + mutation + text.substring(at);
	}

	private static String describe(String text) {
		StringBuilder unusual = new StringBuilder();
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if ((!Character.isLetterOrDigit(c) || c > 0x7f) && c != '+' && c != '/') {
				unusual.append(String.format("U+%04X at %d, ", (int) c, i));
			}
		}
		return text.length() + " characters, " + unusual;
	}

	/** How ujrpc decoded base64 before the chunks, and still decodes short text. */
	private static byte[] reference(String text) {
		return PrimitiveArrays.decodeBase64Whole(text);
	}

}
