package io.ujrpc.observation;

import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.ujrpc.protocol.Protocol;
import org.jspecify.annotations.Nullable;

/**
 * An {@link ObservationHandler} of JSON-RPC calls, such as the starter's meter handler,
 * that can record a call without an observation: when it is the only handler of the
 * {@link ObservationRegistry} that would see a call, and nothing else could change what
 * it sees (no custom or global convention, no filter or predicate that is not known to
 * leave the call alone), the dispatcher calls these methods instead of starting an
 * observation, and nothing else could tell the difference.
 * <p>
 * An implementation promises that {@link #startCall} and {@link #stopCall} record exactly
 * what it records for the observation of the same call named and tagged by
 * {@link DefaultJsonRpcServerObservationConvention}: the same meters, the same values.
 * Called on I/O threads, often: quick, thread-safe, never throwing.
 */
public interface JsonRpcServerCallRecorder {

	/**
	 * Whether this handler records calls directly; an implementation that cannot keep the
	 * promise (a subclass that changes what it records, say) returns {@code false} and
	 * gets every call as an observation.
	 * @return {@code true} to be called directly
	 */
	default boolean recordsCallsDirectly() {
		return true;
	}

	/**
	 * Return the time a call starts, from the clock the recorded durations are measured
	 * with; handed back to {@link #stopCall} and read by nothing else, so a recorder
	 * whose {@link #startCall} times the call by itself may return any value.
	 * @return a monotonic time in nanoseconds
	 */
	long startTime();

	/**
	 * A call starts: record it as active, as the observation's start would.
	 * @param methodName the method name, bounded to registered names (else
	 * {@link JsonRpcServerContext#OTHER_METHOD})
	 * @param protocol the wire protocol
	 * @return what {@link #stopCall} needs to end the call's activity, or {@code null}
	 */
	@Nullable Object startCall(String methodName, Protocol protocol);

	/**
	 * A call ends: record it as the observation's stop would.
	 * @param methodName the method name given to {@link #startCall}
	 * @param protocol the wire protocol given to {@link #startCall}
	 * @param startTime the {@link #startTime()} taken before {@link #startCall}
	 * @param active what {@link #startCall} returned
	 * @param finished whether the call got a response (it did not when the dispatcher
	 * failed before one could be made; its observation is then stopped still running)
	 * @param statusCode the response's error code, {@code 0} for a success
	 * @param error the exception the call failed with, as given to the observation, or
	 * {@code null}
	 */
	void stopCall(String methodName, Protocol protocol, long startTime, @Nullable Object active, boolean finished,
			int statusCode, @Nullable Throwable error);

}
