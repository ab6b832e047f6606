package io.ujrpc.server.config;

import java.util.concurrent.Executor;

import io.ujrpc.internal.Checks;
import org.jspecify.annotations.Nullable;

/**
 * How calls are run and answered, on every listener.
 *
 * @param maxBatchSize the largest batch; larger ones get one -32600 error
 * @param includeExceptionDetails whether an unexpected exception's type and message go to
 * the client in the error's data
 * @param blockingExecutor runs methods that are not non-blocking, or {@code null} for one
 * the server creates and owns: virtual threads on Java 21+, else a bounded pool
 * @param blockingMaxThreads the most threads of the server's bounded pool
 * @param blockingQueueCapacity the most calls waiting for the server's bounded pool
 * @param blockingMaxConcurrentCalls the most blocking calls running or waiting at once,
 * on whichever executor runs them (virtual threads included); calls beyond it get -32000
 * at once
 * @param rejectDuplicateMembers whether a request in which a member name occurs twice in
 * one object is answered with -32600 instead of letting the last one win
 */
public record DispatchSettings(int maxBatchSize, boolean includeExceptionDetails, @Nullable Executor blockingExecutor,
		int blockingMaxThreads, int blockingQueueCapacity, int blockingMaxConcurrentCalls,
		boolean rejectDuplicateMembers) {

	/**
	 * Check the settings.
	 * @param maxBatchSize the largest batch
	 * @param includeExceptionDetails whether exception details are sent
	 * @param blockingExecutor the blocking executor or {@code null}
	 * @param blockingMaxThreads the pool's most threads
	 * @param blockingQueueCapacity the pool's most waiting calls
	 * @param blockingMaxConcurrentCalls the most blocking calls at once
	 * @param rejectDuplicateMembers whether duplicate members are refused
	 */
	public DispatchSettings {
		Checks.positive("maxBatchSize", maxBatchSize);
		Checks.positive("maxThreads", blockingMaxThreads);
		Checks.positive("queueCapacity", blockingQueueCapacity);
		Checks.positive("blockingMaxConcurrentCalls", blockingMaxConcurrentCalls);
	}

}
