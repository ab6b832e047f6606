package io.ujrpc.test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;

/**
 * Records every leak Netty's detector reports, so that tests can fail on them. Installed
 * once per test JVM by {@link LeakDetectionSessionListener}, before any Netty buffer is
 * allocated.
 */
public final class LeakDetection {

	private static final List<String> leaks = new CopyOnWriteArrayList<>();

	private static volatile boolean installed;

	private LeakDetection() {
	}

	static synchronized void install() {
		if (installed) {
			return;
		}
		installed = true;
		ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
		ResourceLeakDetectorFactory defaults = ResourceLeakDetectorFactory.instance();
		ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {

			@Override
			@SuppressWarnings("deprecation")
			public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
					long maxActive) {
				ResourceLeakDetector<T> detector = defaults.newResourceLeakDetector(resource, samplingInterval,
						maxActive);
				detector.setLeakListener((type, records) -> leaks.add(type + "\n" + records));
				return detector;
			}

		});
	}

	/**
	 * Let the garbage collector find unreleased buffers and have the detector report
	 * them, then return and forget every leak reported so far.
	 * @return the leak reports
	 */
	public static List<String> collect() {
		for (int i = 0; i < 5; i++) {
			System.gc();
			// Reports are issued when the detector tracks a new resource.
			ByteBuf probe = ByteBufAllocator.DEFAULT.directBuffer(1);
			probe.release();
			Thread.onSpinWait();
		}
		List<String> reported = List.copyOf(leaks);
		leaks.clear();
		return reported;
	}

}
