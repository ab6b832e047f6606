package io.ujrpc.sample;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import io.ujrpc.annotation.JsonRpcMethod;

import org.springframework.stereotype.Component;

/*
 * Methods that take time. A plain method runs on the blocking executor (virtual threads
 * on Java 21+), so sleeping here never stalls the I/O threads.
 */
@Component
class SlowService {

	/*
	 * Blocks the calling thread: fine, it is not an I/O thread.
	 */
	@JsonRpcMethod(value = "sleep", summary = "Sleeps, then says for how long",
			description = "Blocks a thread of the blocking executor for at most 10 seconds.")
	String sleep(long millis) throws InterruptedException {
		Thread.sleep(Duration.ofMillis(Math.min(millis, 10_000)).toMillis());
		return "slept " + millis + " ms";
	}

	/*
	 * Computes fibo(n) recursively, then sleeps fibo(n) microseconds: CPU work and
	 * blocking in one call, as in the FastAPI workers article.
	 */
	@JsonRpcMethod(value = "fibo_sleep", summary = "Computes fibo(n), then sleeps that many microseconds",
			description = "CPU work and blocking in one call; n is capped at 35.")
	long fiboSleep(int n) throws InterruptedException {
		long value = fibo(Math.min(n, 35));
		TimeUnit.MICROSECONDS.sleep(value);
		return value;
	}

	/*
	 * Answers later without holding any thread while it waits.
	 */
	@JsonRpcMethod(value = "delayed_echo", nonBlocking = true, summary = "Echoes a text after a delay",
			description = "Holds no thread while it waits; the delay is capped at 10 seconds.")
	CompletionStage<String> delayedEcho(String text, long millis) {
		return CompletableFuture.supplyAsync(() -> text,
				CompletableFuture.delayedExecutor(Math.min(millis, 10_000), TimeUnit.MILLISECONDS));
	}

	private static long fibo(int n) {
		return (n < 2) ? n : fibo(n - 1) + fibo(n - 2);
	}

}
