// Per-process caches of catalogue data (search results, facet counts, instrument pages, opening hours
// and closures, prices), so repeated reads skip the database work. Every entry keeps the
// catalogue_version it was filled at (migration 0011: triggers raise the version on any write to a
// catalogue table, whoever writes, in any process); a lookup first reads the current version (one
// primary-key row) and an entry of another version is never returned. The version is read before
// the data, so an entry can only be tagged older than what it holds, never newer. A write of this
// process is seen by the next read after its commit; a write of another process by the requests
// of the next turn of the event loop (requests handled in the same turn share one version read).
import { setImmediate as nextTurn } from 'node:timers';
import { CompiledQuery, type Kysely } from 'kysely';
import { LRUCache } from 'lru-cache';
import type { Database } from '../db/schema';
import { processWriteGeneration } from '../db/table-writes';
import { Doorkeeper } from './doorkeeper';

const VERSION_QUERY = CompiledQuery.raw('select version from catalogue_version where id = 1');

// The version read in this turn of the event loop, per handle, with the write generation it was
// read at: forgotten at the end of the turn (setImmediate) and whenever this process writes.
let turnMemo: Map<Kysely<Database>, { generation: number; version: number | null }> | null = null;

/** The current catalogue version; null when the row is missing (then nothing is cached). */
export async function catalogueVersion(k: Kysely<Database>): Promise<number | null> {
	const generation = processWriteGeneration();
	const kept = turnMemo?.get(k);
	if (kept && kept.generation === generation) return kept.version;
	const { rows } = await k.executeQuery<{ version: number | string }>(VERSION_QUERY);
	const version = rows.length > 0 ? Number(rows[0].version) : null;
	// a write of this process while the read waited: the value may predate it, so it is not kept
	if (processWriteGeneration() === generation) {
		if (!turnMemo) {
			turnMemo = new Map();
			nextTurn(() => (turnMemo = null)); // node:timers: a test's fake timers do not hold it up
		}
		turnMemo.set(k, { generation, version });
	}
	return version;
}

/**
 * A bounded map (least recently used dropped first) of promises, so concurrent requests for the
 * same missing key share one load. Entries of an older version are dropped when a newer one is seen;
 * a request that read an older version than the cache already holds (a racing reader) loads without
 * caching. With `admitOnSecondRequest`, a missing key is kept only when it was asked for once already
 * in the recent past (doorkeeper.ts): for caches of cheap loads over a key space much larger than the cache.
 */
export class VersionedCache<V> {
	// A settled entry keeps the plain value, never the promise: a promise made inside a request
	// carries that request's async context (SvelteKit's AsyncLocalStorage event, with the request,
	// cookies and response state), so keeping promises kept every request that filled an entry —
	// tens of kilobytes per entry, hundreds of megabytes at full scale.
	// lru-cache keeps the order in a linked list, so dropping the least recently used entry costs the
	// same at any size (a Map used as an LRU — delete the first key, append the new one — walks the
	// deleted slots at its front on every eviction until V8 rehashes it: ~0.8 µs at 2,000 entries,
	// ~7 µs at 10,000, measured).
	private readonly entries: LRUCache<string, { value: V } | { loading: Promise<V> }>;
	private version: number | null = null;

	private readonly doorkeeper: Doorkeeper | null;

	constructor(maxEntries: number, options: CacheOptions = {}) {
		this.entries = new LRUCache({ max: Math.max(1, maxEntries) });
		this.doorkeeper = options.admitOnSecondRequest ? new Doorkeeper(maxEntries) : null;
	}

	get(version: number | null, key: string, load: () => Promise<V>): Promise<V> {
		if (!this.keepsAt(version)) return load();
		if (version !== this.version) {
			this.entries.clear();
			this.version = version;
		}
		const kept = this.entries.get(key); // and now the most recently used
		if (kept) return 'value' in kept ? Promise.resolve(kept.value) : kept.loading;
		if (this.doorkeeper && !this.doorkeeper.seenBefore(key)) return load(); // first sighting: not kept
		const loading = load();
		const pending = { loading };
		this.entries.set(key, pending); // the least recently used entry goes when the cache is full
		loading.then(
			(value) => {
				// settled: swap the promise for its value (unless the entry was dropped or replaced meanwhile)
				if (this.entries.peek(key) === pending) this.entries.set(key, { value });
			},
			() => {
				// a failed load is not kept: the next request tries again
				if (this.entries.peek(key) === pending) this.entries.delete(key);
			}
		);
		return loading;
	}

	/** Whether get() at this version would keep what it loads (false without a version and for a racing older reader). */
	keepsAt(version: number | null): boolean {
		return version !== null && (this.version === null || version >= this.version);
	}

	get size(): number {
		return this.entries.size;
	}
}

const perHandle = new WeakMap<Kysely<Database>, Map<string, VersionedCache<unknown>>>();

export interface CacheOptions {
	/** keep a missing entry only at its second request within the recent past (doorkeeper.ts) */
	admitOnSecondRequest?: boolean;
}

/** The named cache of one database handle (a test's database and the app's never share entries). */
export function cacheOf<V>(k: Kysely<Database>, name: string, maxEntries: number, options?: CacheOptions): VersionedCache<V> {
	let caches = perHandle.get(k);
	if (!caches) perHandle.set(k, (caches = new Map()));
	let cache = caches.get(name);
	if (!cache) caches.set(name, (cache = new VersionedCache<unknown>(maxEntries, options)));
	return cache as VersionedCache<V>;
}

/** Reads the catalogue version, then the named cache's entry for key (loading it when missing). */
export async function cachedCatalogueRead<V>(k: Kysely<Database>, name: string, maxEntries: number, key: string, load: () => Promise<V>): Promise<V> {
	return cacheOf<V>(k, name, maxEntries).get(await catalogueVersion(k), key, load);
}
