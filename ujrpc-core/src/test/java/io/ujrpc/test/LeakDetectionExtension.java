package io.ujrpc.test;

import java.util.List;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reported a leak while it ran. Registered for every test
 * class through extension auto-detection, which the build turns on.
 */
public final class LeakDetectionExtension implements AfterAllCallback {

	@Override
	public void afterAll(ExtensionContext context) {
		List<String> leaks = LeakDetection.collect();
		if (!leaks.isEmpty()) {
			throw new AssertionError(leaks.size() + " Netty buffer leak(s) reported while " + context.getDisplayName()
					+ " ran:\n" + String.join("\n\n", leaks));
		}
	}

}
