package io.ujrpc.test;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Installs {@link LeakDetection} when the test run starts, before any test class loads
 * Netty.
 */
public final class LeakDetectionSessionListener implements LauncherSessionListener {

	@Override
	public void launcherSessionOpened(LauncherSession session) {
		LeakDetection.install();
	}

}
