package io.ujrpc.server;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates the executors that run blocking JSON-RPC methods: virtual threads where the JDK
 * has them (21+), a bounded pool otherwise.
 */
public final class BlockingExecutors {

	private static final MethodHandle NEW_VIRTUAL_THREAD_EXECUTOR = findVirtualThreadExecutorFactory();

	private BlockingExecutors() {
	}

	/**
	 * Whether this JDK has virtual threads.
	 * @return {@code true} on Java 21 and later
	 */
	public static boolean virtualThreadsAvailable() {
		return NEW_VIRTUAL_THREAD_EXECUTOR != null;
	}

	/**
	 * Create an executor that starts a virtual thread per task.
	 * @return the executor
	 * @throws UnsupportedOperationException before Java 21
	 */
	public static ExecutorService virtualThreads() {
		if (NEW_VIRTUAL_THREAD_EXECUTOR == null) {
			throw new UnsupportedOperationException(
					"Virtual threads need Java 21 or later; this is Java " + Runtime.version().feature());
		}
		try {
			return (ExecutorService) NEW_VIRTUAL_THREAD_EXECUTOR.invoke();
		}
		catch (Throwable ex) {
			throw new IllegalStateException("Cannot create a virtual thread executor", ex);
		}
	}

	/**
	 * Create a bounded pool of platform threads. Tasks beyond the threads wait in a
	 * bounded queue; beyond that they are rejected, which callers answer with a "server
	 * busy" error rather than letting the backlog grow without bound.
	 * @param maxThreads the most threads
	 * @param queueCapacity the most waiting tasks
	 * @return the executor
	 */
	public static ExecutorService boundedPool(int maxThreads, int queueCapacity) {
		if (maxThreads <= 0) {
			throw new IllegalArgumentException("maxThreads: " + maxThreads + " (expected: > 0)");
		}
		if (queueCapacity <= 0) {
			throw new IllegalArgumentException("queueCapacity: " + queueCapacity + " (expected: > 0)");
		}
		ThreadPoolExecutor executor = new ThreadPoolExecutor(maxThreads, maxThreads, 60, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(queueCapacity), new NamedThreadFactory("ujrpc-blocking-"),
				new ThreadPoolExecutor.AbortPolicy());
		executor.allowCoreThreadTimeOut(true);
		return executor;
	}

	private static MethodHandle findVirtualThreadExecutorFactory() {
		try {
			return MethodHandles.publicLookup()
				.findStatic(java.util.concurrent.Executors.class, "newVirtualThreadPerTaskExecutor",
						MethodType.methodType(ExecutorService.class));
		}
		catch (NoSuchMethodException | IllegalAccessException ex) {
			return null;
		}
	}

	private static final class NamedThreadFactory implements ThreadFactory {

		private final String prefix;

		private final AtomicInteger counter = new AtomicInteger();

		NamedThreadFactory(String prefix) {
			this.prefix = prefix;
		}

		@Override
		public Thread newThread(Runnable task) {
			Thread thread = new Thread(task, this.prefix + this.counter.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		}

	}

}
