package io.ujrpc.server.http;

import java.util.Random;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Arbitrary bytes, cut in arbitrary pieces, decode the same with the
 * {@link RequestHeadReader} as without it. Runs its seeds in every build;
 * {@code JAZZER_FUZZ=1} fuzzes for real.
 */
class RequestHeadReaderFuzzTests {

	@FuzzTest(maxDuration = "6m")
	void decodesAsWithoutTheReader(FuzzedDataProvider data) {
		long seed = data.consumeByte();
		RequestHeadReaderTests.assertSameDecoding(data.consumeRemainingAsBytes(), new Random(seed));
	}

}
