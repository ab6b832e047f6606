package io.ujrpc.server;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
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

	/**
	 * Bound how many tasks an executor runs or holds at once, whatever it is (a virtual
	 * thread per task has no bound of its own): a task beyond the bound is rejected at
	 * once with a {@link RejectedExecutionException}, which the dispatcher answers with
	 * -32000 "Server busy"; it never waits in a queue of its own.
	 * @param executor the executor that runs the tasks
	 * @param maxConcurrent the most tasks submitted and not yet finished
	 * @return the bounded executor
	 */
	public static Executor limitConcurrency(Executor executor, int maxConcurrent) {
		if (maxConcurrent <= 0) {
			throw new IllegalArgumentException("blockingMaxConcurrentCalls: " + maxConcurrent + " (expected: > 0)");
		}
		return new ConcurrencyLimitedExecutor(executor, maxConcurrent);
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

	/**
	 * Holds a permit from submission until the task has run, or until its executor has
	 * refused it: released exactly once either way.
	 */
	private static final class ConcurrencyLimitedExecutor implements Executor {

		private final Executor delegate;

		private final Semaphore permits;

		private final int maxConcurrent;

		ConcurrencyLimitedExecutor(Executor delegate, int maxConcurrent) {
			this.delegate = delegate;
			this.permits = new Semaphore(maxConcurrent);
			this.maxConcurrent = maxConcurrent;
		}

		@Override
		public void execute(Runnable task) {
			if (!this.permits.tryAcquire()) {
				throw new RejectedExecutionException(
						this.maxConcurrent + " blocking calls are running (blockingMaxConcurrentCalls)");
			}
			try {
				this.delegate.execute(() -> {
					try {
						task.run();
					}
					finally {
						this.permits.release();
					}
				});
			}
			catch (RuntimeException | Error ex) {
				this.permits.release();
				throw ex;
			}
		}

		@Override
		public String toString() {
			return "ConcurrencyLimitedExecutor[" + this.delegate + ", max " + this.maxConcurrent + "]";
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
