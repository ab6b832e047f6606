package io.ujrpc.dispatch;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationFilter;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationHandler.AllMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.ObservationRegistry.ObservationConfig;
import io.ujrpc.context.ExchangeContext;
import io.ujrpc.observation.DefaultJsonRpcServerObservationConvention;
import io.ujrpc.observation.JsonRpcServerCallRecorder;
import io.ujrpc.observation.JsonRpcServerContext;
import io.ujrpc.observation.JsonRpcServerObservationConvention;
import io.ujrpc.protocol.JsonRpcRequest;
import io.ujrpc.protocol.Protocol;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the calls of a dispatcher are observed, decided from the observation registry's
 * configuration: not at all (no handler, or a predicate turns the observation off), by a
 * {@link JsonRpcServerCallRecorder} directly (it is the only handler that would see a
 * call and nothing could change what it sees), or as an {@link Observation} per call.
 * <p>
 * The registry's configuration only grows (handlers, predicates, filters and conventions
 * are added, never removed), so a decision holds while the sizes of its lists are those
 * it was made with: checking them is four reads per payload. Micrometer keeps the lists
 * package-private; they are read by reflection, and where that fails every call is an
 * observation.
 */
final class ObservationPath {

	private static final Logger logger = LoggerFactory.getLogger(ObservationPath.class);

	/**
	 * Spring Boot's filter and predicate from {@code management.observations.*}: the
	 * predicate reads only the observation's name, the filter only adds the common key
	 * values ({@code management.observations.key-values}), if there are any.
	 */
	private static final String BOOT_PROPERTIES_FILTER_PREDICATE = "org.springframework.boot.micrometer.observation"
			+ ".autoconfigure.PropertiesObservationFilterPredicate";

	private static final Field[] CONFIG_LISTS = configLists();

	/** Every call observed: reflection failed, or a custom convention. */
	private static final ObservationPath ALWAYS_OBSERVED = new ObservationPath(Kind.OBSERVED, null, null);

	private final Kind kind;

	private final @Nullable JsonRpcServerCallRecorder recorder;

	/** The lists the decision was made from, and their sizes then. */
	private final @Nullable List<?>[] lists;

	private final int[] sizes;

	private ObservationPath(Kind kind, @Nullable JsonRpcServerCallRecorder recorder, @Nullable List<?>[] lists) {
		this.kind = kind;
		this.recorder = recorder;
		this.lists = lists;
		this.sizes = new int[(lists != null) ? lists.length : 0];
		for (int i = 0; i < this.sizes.length; i++) {
			this.sizes[i] = lists[i].size();
		}
	}

	/**
	 * Decide for the registry's configuration now.
	 * @param registry the registry
	 * @param customConvention the dispatcher's custom convention, or {@code null}
	 * @return the decision
	 */
	static ObservationPath decide(ObservationRegistry registry,
			@Nullable JsonRpcServerObservationConvention customConvention) {
		if (registry == ObservationRegistry.NOOP) {
			return new ObservationPath(Kind.UNOBSERVED, null, new List<?>[0]);
		}
		List<?>[] lists = lists(registry.observationConfig());
		if (lists == null) {
			return ALWAYS_OBSERVED;
		}
		if (lists[0].isEmpty()) {
			// What ObservationRegistry.isNoop() says: no handler, nothing to do.
			return new ObservationPath(Kind.UNOBSERVED, null, lists);
		}
		String reason = (customConvention != null) ? "a custom convention is set" : null;
		JsonRpcServerContext probe = probe();
		if (reason == null && !lists[2].isEmpty()) {
			reason = "global observation conventions are registered";
		}
		if (reason == null) {
			for (Object predicate : lists[1]) {
				if (!isBootProperties(predicate)) {
					reason = "predicate " + predicate + " could turn single calls off";
					break;
				}
				if (!((ObservationPredicate) predicate).test(DefaultJsonRpcServerObservationConvention.NAME, probe)) {
					// The observation is a no-op whatever the call.
					logger.debug("JSON-RPC calls are not observed: predicate {} turns them off", predicate);
					return new ObservationPath(Kind.UNOBSERVED, null, lists);
				}
			}
		}
		if (reason == null) {
			for (Object filter : lists[3]) {
				if (!isBootProperties(filter) || changes((ObservationFilter) filter)) {
					reason = "filter " + filter + " changes what the handlers see";
					break;
				}
			}
		}
		JsonRpcServerCallRecorder recorder = null;
		if (reason == null) {
			List<ObservationHandler<?>> reached = new ArrayList<>();
			for (Object handler : lists[0]) {
				reach((ObservationHandler<?>) handler, probe, reached);
			}
			if (reached.size() == 1 && reached.get(0) instanceof JsonRpcServerCallRecorder only
					&& only.recordsCallsDirectly()) {
				recorder = only;
			}
			else {
				reason = "handlers " + reached + " would see the calls";
			}
		}
		if (recorder != null) {
			logger.debug("JSON-RPC calls are recorded directly by {}: no other handler would see them", recorder);
			return new ObservationPath(Kind.RECORDED, recorder, lists);
		}
		logger.debug("JSON-RPC calls are observed, one observation per call: {}", reason);
		return new ObservationPath(Kind.OBSERVED, null, lists);
	}

	/*
	 * Collect the handlers a call's context would reach, as the registry and the
	 * composites hand it on: every top-level handler that supports it, every child of an
	 * all-matching composite, the first supporting child of a first-matching one. A
	 * handler that is not a recorder is counted whether or not it says it supports the
	 * probe, since it may decide by what a real call holds.
	 */
	private static void reach(ObservationHandler<?> handler, Observation.Context probe,
			List<ObservationHandler<?>> reached) {
		if (handler instanceof FirstMatchingCompositeObservationHandler first) {
			for (ObservationHandler<?> child : first.getHandlers()) {
				// A handler that is not a recorder may take some calls before the
				// recorder would: not known to be skipped.
				if (!(child instanceof JsonRpcServerCallRecorder) || child.supportsContext(probe)) {
					reached.add(child);
					return;
				}
			}
			return;
		}
		if (handler instanceof AllMatchingCompositeObservationHandler all) {
			for (ObservationHandler<?> child : all.getHandlers()) {
				reach(child, probe, reached);
			}
			return;
		}
		if (!(handler instanceof JsonRpcServerCallRecorder) || handler.supportsContext(probe)) {
			reached.add(handler);
		}
	}

	private static boolean isBootProperties(Object filterOrPredicate) {
		return filterOrPredicate.getClass().getName().equals(BOOT_PROPERTIES_FILTER_PREDICATE);
	}

	/*
	 * Whether the filter changes the context (Boot's adds the common key values, if set).
	 */
	private static boolean changes(ObservationFilter filter) {
		Observation.Context mapped = filter.map(probe());
		return !(mapped instanceof JsonRpcServerContext context)
				|| !DefaultJsonRpcServerObservationConvention.NAME.equals(context.getName())
				|| context.getLowCardinalityKeyValues().iterator().hasNext()
				|| context.getHighCardinalityKeyValues().iterator().hasNext();
	}

	private static JsonRpcServerContext probe() {
		JsonRpcServerContext probe = new JsonRpcServerContext(
				new JsonRpcRequest(JsonRpcServerContext.OTHER_METHOD, null, null), JsonRpcServerContext.OTHER_METHOD,
				ExchangeContext.local(Protocol.HTTP));
		probe.setName(DefaultJsonRpcServerObservationConvention.NAME);
		return probe;
	}

	private static @Nullable List<?> @Nullable [] lists(ObservationConfig config) {
		if (CONFIG_LISTS == null) {
			return null;
		}
		List<?>[] lists = new List<?>[CONFIG_LISTS.length];
		try {
			for (int i = 0; i < lists.length; i++) {
				lists[i] = (List<?>) CONFIG_LISTS[i].get(config);
			}
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			logger.debug("Cannot read the observation registry's configuration; every JSON-RPC call is observed", ex);
			return null;
		}
		return lists;
	}

	/* Handlers, predicates, conventions, filters. */
	private static Field @Nullable [] configLists() {
		String[] names = { "observationHandlers", "observationPredicates", "observationConventions",
				"observationFilters" };
		Field[] fields = new Field[names.length];
		try {
			for (int i = 0; i < names.length; i++) {
				Field field = ObservationConfig.class.getDeclaredField(names[i]);
				field.setAccessible(true);
				if (!Collection.class.isAssignableFrom(field.getType())) {
					return null;
				}
				fields[i] = field;
			}
			return fields;
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			logger.debug("Cannot read the observation registry's configuration; every JSON-RPC call is observed", ex);
			return null;
		}
	}

	/**
	 * Whether the registry's configuration is still the one this decision was made from.
	 * @return {@code true} while no handler, predicate, filter or convention was added
	 */
	boolean isCurrent() {
		List<?>[] lists = this.lists;
		if (lists == null) {
			return true;
		}
		for (int i = 0; i < lists.length; i++) {
			if (lists[i].size() != this.sizes[i]) {
				return false;
			}
		}
		return true;
	}

	boolean isObserved() {
		return this.kind == Kind.OBSERVED;
	}

	@Nullable JsonRpcServerCallRecorder recorder() {
		return this.recorder;
	}

	private enum Kind {

		UNOBSERVED, RECORDED, OBSERVED

	}

}
