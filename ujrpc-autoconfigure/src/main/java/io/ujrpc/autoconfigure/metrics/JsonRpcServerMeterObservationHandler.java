package io.ujrpc.autoconfigure.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;
import io.ujrpc.observation.DefaultJsonRpcServerObservationConvention;
import io.ujrpc.observation.JsonRpcServerCallRecorder;
import io.ujrpc.observation.JsonRpcServerContext;
import io.ujrpc.protocol.JsonRpcError;
import io.ujrpc.protocol.JsonRpcRequest;
import io.ujrpc.protocol.JsonRpcResponse;
import io.ujrpc.protocol.Protocol;
import org.jspecify.annotations.Nullable;

/**
 * Records the observation of a JSON-RPC call as the meters Micrometer's
 * {@link DefaultMeterObservationHandler} records, with the same names, tags and types (a
 * timer tagged with the low-cardinality keys and {@code error}, and a long task timer
 * named {@code <name>.active}), but looks the meters of each tag combination up once
 * instead of on every call.
 * <p>
 * Meters are still registered through the {@link MeterRegistry}, so its meter filters
 * apply. The combinations are bounded, as method names are bounded to registered methods;
 * past {@value #MAX_CACHED} of them the meters are looked up on each call as Micrometer
 * does. The cache is emptied when a meter is removed from the registry.
 * <p>
 * A call costs one context entry (the start time and the long task timer's sample) and,
 * for the key values the default convention hands out (the same instance for every call
 * of one combination), a lookup by identity; the duration is measured with the registry's
 * clock, as {@link Timer.Sample} measures it: by the long task timer's sample, when there
 * is one, so that a call reads the clock once when it starts and once when it ends.
 * <p>
 * When it is the only handler that would see a JSON-RPC call, the dispatcher has it
 * record the call directly ({@link JsonRpcServerCallRecorder}): the same meters, found by
 * method and wire protocol, with the tags
 * {@link DefaultJsonRpcServerObservationConvention} gives them, and no observation,
 * context or key values per call.
 */
public class JsonRpcServerMeterObservationHandler
		implements MeterObservationHandler<JsonRpcServerContext>, JsonRpcServerCallRecorder {

	private static final int MAX_CACHED = 4096;

	private static final String ERROR = "error";

	private static final String NO_ERROR = "none";

	private final MeterRegistry registry;

	private final boolean longTaskTimer;

	/** Meters by observation name, then by low-cardinality key values. */
	private final Map<String, Map<KeyValues, Meters>> meters = new ConcurrentHashMap<>();

	/**
	 * The same meters by the identity of the key values they were first looked up with: a
	 * convention that reuses its key values is answered without hashing or comparing
	 * them. A slot is written only when meters are made, and is checked against the final
	 * name and key values of the {@link Meters} it holds, so a race or a collision costs
	 * a lookup in {@link #meters}, never a wrong answer.
	 */
	private final Meters[] byIdentity = new Meters[IDENTITY_SLOTS];

	private static final int IDENTITY_SLOTS = 64;

	private final Clock clock;

	/**
	 * Names and tags calls recorded directly: the dispatcher's default convention, so the
	 * key values, and so the meters, are those of the call's observation.
	 */
	private final DefaultJsonRpcServerObservationConvention convention = new DefaultJsonRpcServerObservationConvention();

	/** The meters of calls recorded directly, by method name, then by protocol. */
	private final Map<String, Direct[]> direct = new ConcurrentHashMap<>();

	/**
	 * Create a handler that records a timer and a long task timer for each call.
	 * @param registry the registry to register meters in
	 */
	public JsonRpcServerMeterObservationHandler(MeterRegistry registry) {
		this(registry, true);
	}

	/**
	 * Create a handler.
	 * @param registry the registry to register meters in
	 * @param longTaskTimer whether to record the {@code .active} long task timer, as
	 * Micrometer's handler does unless it is told to ignore long task timers
	 */
	public JsonRpcServerMeterObservationHandler(MeterRegistry registry, boolean longTaskTimer) {
		this.registry = registry;
		this.longTaskTimer = longTaskTimer;
		this.clock = registry.config().clock();
		registry.config().onMeterRemoved((meter) -> {
			Arrays.fill(this.byIdentity, null);
			this.meters.clear();
			this.direct.clear();
		});
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof JsonRpcServerContext;
	}

	@Override
	public void onStart(JsonRpcServerContext context) {
		LongTaskTimer.Sample active = null;
		if (this.longTaskTimer) {
			Meters meters = meters(context);
			LongTaskTimer timer = (meters != null) ? meters.active()
					: activeTimer(context.getName(), tags(context.getLowCardinalityKeyValues()));
			active = timer.start();
		}
		// With a long task timer, its sample measures the call: one clock read at each
		// end.
		context.put(Timing.class, new Timing((active != null) ? 0L : this.clock.monotonicTime(), active));
	}

	@Override
	public void onStop(JsonRpcServerContext context) {
		Timing timing = context.getRequired(Timing.class);
		Throwable error = context.getError();
		Meters meters = meters(context);
		Timer timer = (meters != null) ? meters.timer(error)
				: timer(context.getName(), tags(context.getLowCardinalityKeyValues()), errorValue(error));
		timer.record(duration(timing.startNanos, timing.active), TimeUnit.NANOSECONDS);
	}

	/*
	 * The call's duration: what its long task timer sample measured from its start, the
	 * sample stopped, or the time since the start time without one. The registry's clock
	 * either way, as Timer.Sample measures.
	 */
	private long duration(long startNanos, LongTaskTimer.@Nullable Sample active) {
		return (active != null) ? active.stop() : this.clock.monotonicTime() - startNanos;
	}

	@Override
	public void onEvent(Observation.Event event, JsonRpcServerContext context) {
		// Rare: looked up each time, as Micrometer's handler does.
		Counter.builder(context.getName() + "." + event.getName())
			.tags(tags(context.getLowCardinalityKeyValues()))
			.register(this.registry)
			.increment();
	}

	int cachedCombinations() {
		int count = 0;
		for (Map<KeyValues, Meters> byKeyValues : this.meters.values()) {
			count += byKeyValues.size();
		}
		return count;
	}

	@Override
	public boolean recordsCallsDirectly() {
		// A subclass may record something else for an observation.
		return getClass() == JsonRpcServerMeterObservationHandler.class;
	}

	@Override
	public long startTime() {
		// With a long task timer, its sample measures the call (see stopCall).
		return this.longTaskTimer ? 0L : this.clock.monotonicTime();
	}

	@Override
	public LongTaskTimer.@Nullable Sample startCall(String methodName, Protocol protocol) {
		if (!this.longTaskTimer) {
			return null;
		}
		Direct direct = direct(methodName, protocol);
		Meters meters = (direct != null) ? direct.running : null;
		LongTaskTimer timer = (meters != null) ? meters.active() : activeTimer(
				DefaultJsonRpcServerObservationConvention.NAME, tags(keyValues(methodName, protocol, false, 0)));
		return timer.start();
	}

	@Override
	public void stopCall(String methodName, Protocol protocol, long startTime, @Nullable Object active,
			boolean finished, int statusCode, @Nullable Throwable error) {
		Direct direct = direct(methodName, protocol);
		Meters meters = (direct != null) ? direct.finished(finished, statusCode) : null;
		Timer timer = (meters != null) ? meters.timer(error) : timer(DefaultJsonRpcServerObservationConvention.NAME,
				tags(keyValues(methodName, protocol, finished, statusCode)), errorValue(error));
		timer.record(duration(startTime, (LongTaskTimer.Sample) active), TimeUnit.NANOSECONDS);
	}

	private @Nullable Direct direct(String methodName, Protocol protocol) {
		Direct[] byProtocol = this.direct.get(methodName);
		if (byProtocol == null) {
			// Method names are bounded to registered names and _OTHER; in case a
			// caller passes others, stop caching as the meters do.
			if (this.direct.size() >= MAX_CACHED) {
				return null;
			}
			byProtocol = this.direct.computeIfAbsent(methodName, (name) -> new Direct[Protocol.values().length]);
		}
		Direct direct = byProtocol[protocol.ordinal()];
		if (direct == null) {
			direct = new Direct(methodName, protocol);
			byProtocol[protocol.ordinal()] = direct;
		}
		return direct;
	}

	/*
	 * The key values the default convention gives the observation of a call, made from a
	 * context like the call's: running, or finished with the status code.
	 */
	private KeyValues keyValues(String methodName, Protocol protocol, boolean finished, int statusCode) {
		JsonRpcServerContext context = new JsonRpcServerContext(new JsonRpcRequest(methodName, null, null), methodName,
				protocol);
		if (finished) {
			context
				.setResponse((statusCode != 0) ? JsonRpcResponse.failure(null, new JsonRpcError(statusCode, "", null))
						: JsonRpcResponse.success(null, null));
		}
		return this.convention.getLowCardinalityKeyValues(context);
	}

	private @Nullable Meters meters(JsonRpcServerContext context) {
		return meters(context.getName(), context.getLowCardinalityKeyValues());
	}

	private @Nullable Meters meters(String name, KeyValues keyValues) {
		int slot = slot(keyValues);
		Meters known = this.byIdentity[slot];
		if (known != null && known.keyValues == keyValues && known.name.equals(name)) {
			return known;
		}
		Map<KeyValues, Meters> byKeyValues = this.meters.get(name);
		if (byKeyValues == null) {
			byKeyValues = this.meters.computeIfAbsent(name, (key) -> new ConcurrentHashMap<>());
		}
		Meters meters = byKeyValues.get(keyValues);
		if (meters == null) {
			if (byKeyValues.size() >= MAX_CACHED) {
				return null;
			}
			meters = byKeyValues.computeIfAbsent(keyValues, (key) -> {
				Meters made = new Meters(name, key, tags(key));
				this.byIdentity[slot(key)] = made;
				return made;
			});
		}
		return meters;
	}

	private static int slot(KeyValues keyValues) {
		return System.identityHashCode(keyValues) & (IDENTITY_SLOTS - 1);
	}

	private LongTaskTimer activeTimer(String name, Tags tags) {
		return LongTaskTimer.builder(name + ".active").tags(tags).register(this.registry);
	}

	private Timer timer(String name, Tags tags, String errorValue) {
		return Timer.builder(name).tags(tags.and(ERROR, errorValue)).register(this.registry);
	}

	private static String errorValue(Throwable error) {
		return (error != null) ? error.getClass().getSimpleName() : NO_ERROR;
	}

	private static Tags tags(KeyValues keyValues) {
		List<Tag> tags = new ArrayList<>();
		for (KeyValue keyValue : keyValues) {
			tags.add(Tag.of(keyValue.getKey(), keyValue.getValue()));
		}
		return Tags.of(tags);
	}

	/**
	 * The meters of one method and wire protocol, for calls recorded directly: running
	 * (the long task timer's), on success, and by error code.
	 */
	private final class Direct {

		private final String methodName;

		private final Protocol protocol;

		private final @Nullable Meters running;

		private final @Nullable Meters success;

		/** By code; codes are bounded by the application, and the map by its size. */
		private final Map<Integer, Meters> failures = new ConcurrentHashMap<>();

		Direct(String methodName, Protocol protocol) {
			this.methodName = methodName;
			this.protocol = protocol;
			this.running = meters(DefaultJsonRpcServerObservationConvention.NAME,
					keyValues(methodName, protocol, false, 0));
			this.success = meters(DefaultJsonRpcServerObservationConvention.NAME,
					keyValues(methodName, protocol, true, 0));
		}

		@Nullable Meters finished(boolean finished, int statusCode) {
			if (!finished) {
				return this.running;
			}
			if (statusCode == 0) {
				return this.success;
			}
			Meters meters = this.failures.get(statusCode);
			if (meters == null) {
				meters = JsonRpcServerMeterObservationHandler.this.meters(
						DefaultJsonRpcServerObservationConvention.NAME,
						keyValues(this.methodName, this.protocol, true, statusCode));
				if (meters != null && this.failures.size() < 256) {
					this.failures.put(statusCode, meters);
				}
			}
			return meters;
		}

	}

	/**
	 * When a call started, and its long task timer sample, if any.
	 */
	private static final class Timing {

		private final long startNanos;

		private final LongTaskTimer.@Nullable Sample active;

		Timing(long startNanos, LongTaskTimer.@Nullable Sample active) {
			this.startNanos = startNanos;
			this.active = active;
		}

	}

	/**
	 * The meters of one name and tag combination, registered on first use.
	 */
	private final class Meters {

		private final String name;

		/** The key values these meters were first looked up with. */
		private final KeyValues keyValues;

		private final Tags tags;

		private volatile LongTaskTimer active;

		private volatile Timer withoutError;

		private final Map<Class<?>, Timer> byError = new ConcurrentHashMap<>();

		Meters(String name, KeyValues keyValues, Tags tags) {
			this.name = name;
			this.keyValues = keyValues;
			this.tags = tags;
		}

		LongTaskTimer active() {
			LongTaskTimer active = this.active;
			if (active == null) {
				active = activeTimer(this.name, this.tags);
				this.active = active;
			}
			return active;
		}

		Timer timer(Throwable error) {
			if (error == null) {
				Timer timer = this.withoutError;
				if (timer == null) {
					timer = JsonRpcServerMeterObservationHandler.this.timer(this.name, this.tags, NO_ERROR);
					this.withoutError = timer;
				}
				return timer;
			}
			Timer timer = this.byError.get(error.getClass());
			if (timer == null) {
				timer = JsonRpcServerMeterObservationHandler.this.timer(this.name, this.tags, errorValue(error));
				// Exception types are bounded by the code that throws them, but stop
				// caching in case they are not.
				if (this.byError.size() < 64) {
					this.byError.put(error.getClass(), timer);
				}
			}
			return timer;
		}

	}

}
