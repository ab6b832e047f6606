package io.ujrpc.protocol;

import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.json.JsonFactory;

/**
 * The codec's own token stream factory, whose shared table of member names it keeps small
 * and replaces when it may be poisoned.
 * <p>
 * A Jackson parser canonicalizes member names through a child of its factory's name table
 * and merges the child back into the factory's table when it closes, whatever happened
 * while it parsed (jackson-core 3.0 to 3.1 at least). After a document of colliding names
 * (such as combinations of {@code Aa} and {@code BB}, which also collide in Jackson's
 * hash for names longer than eight bytes, since it adds up the later quads) fails the
 * hash-flood guard, the merged table has its spill-over area full: later documents with
 * new names then fail the guard too, or throw an {@link ArrayIndexOutOfBoundsException}.
 * So the codec reads a document that fails that way once more on a new table. As a
 * margin, the shared table is also replaced once it holds more than
 * {@value #MAX_SHARED_NAMES} names: the guard only fires in tables of more than 1024
 * buckets, which need more names than that, so a table that stays this small cannot make
 * any later document fail.
 */
final class NameTableGuard {

	/** The most names the shared table keeps before it is replaced by an empty one. */
	static final int MAX_SHARED_NAMES = 256;

	private NameTableGuard() {
	}

	/**
	 * Return a factory with the given one's configuration and a name table of its own.
	 * @param factory the mapper's factory
	 * @return the copy
	 */
	static TokenStreamFactory copy(TokenStreamFactory factory) {
		return (factory instanceof JsonFactory json) ? new GuardedJsonFactory(json) : factory.copy();
	}

	/**
	 * Whether a factory's shared name table has grown past what is known to be safe.
	 * @param factory a factory made by {@link #copy}
	 * @return {@code true} when it should be replaced
	 */
	static boolean isOversized(TokenStreamFactory factory) {
		return factory instanceof GuardedJsonFactory guarded && guarded.sharedNames() > MAX_SHARED_NAMES;
	}

	/**
	 * A JSON factory that tells how many names its shared table holds.
	 */
	private static final class GuardedJsonFactory extends JsonFactory {

		private static final long serialVersionUID = 1L;

		GuardedJsonFactory(JsonFactory source) {
			super(source);
		}

		int sharedNames() {
			return this._byteSymbolCanonicalizer.size();
		}

		@Override
		public JsonFactory copy() {
			return new GuardedJsonFactory(this);
		}

	}

}
