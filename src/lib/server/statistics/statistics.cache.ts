// Answers from the roll-ups kept per process while the months they read are unchanged: each entry
// carries the signature of its period's month versions (migration 0015), raised by every refresh that
// recomputes one of those months, in this process or another. A closed year is computed once; a
// month with new bookings is recomputed at the next question after its refresh.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { TimeRange } from '../../domain/time/range';
import type { Level, StatFilter } from './statistics.repository';
import * as roll from './statistics.rollup.repository';

type Q = Kysely<Database>;
type Reader<T> = (db: Q, level: Level, p: TimeRange, f: StatFilter) => Promise<T[]>;

const LIMIT = 300;
/** Fact rows kept per handle at most, and per answer (an instrument-level year at full scale is ~250,000 rows: not kept, to bound memory). */
const MAX_ROWS = 120_000;
const MAX_ANSWER_ROWS = 60_000;
/** Per database handle (tests open several in one process). */
const byDb = new WeakMap<Q, { entries: Map<string, { signature: string; value: unknown[] }>; rows: number }>();

function storeOf(db: Q) {
	let store = byDb.get(db);
	if (!store) byDb.set(db, (store = { entries: new Map(), rows: 0 }));
	return store;
}

function cached<T>(name: string, read: Reader<T>): Reader<T> {
	return async (db, level, p, f) => {
		const store = storeOf(db);
		const entries = store.entries;
		const key = JSON.stringify([name, level, p.start, p.end, f]);
		// read before computing: a change that lands meanwhile makes the next signature differ
		const signature = await roll.periodSignature(db, p);
		const hit = entries.get(key);
		if (hit && hit.signature === signature) {
			// refresh its place in the LRU order
			entries.delete(key);
			entries.set(key, hit);
			return hit.value as T[];
		}
		const value = await read(db, level, p, f);
		if (hit) {
			entries.delete(key);
			store.rows -= hit.value.length;
		}
		if (value.length > MAX_ANSWER_ROWS) return value;
		entries.set(key, { signature, value });
		store.rows += value.length;
		// least recently used first, until within both bounds
		while (entries.size > LIMIT || store.rows > MAX_ROWS) {
			const oldest = entries.keys().next().value!;
			store.rows -= entries.get(oldest)!.value.length;
			entries.delete(oldest);
		}
		return value;
	};
}

/** The roll-up readers with the per-process cache in front (same signatures as the repository's). */
export const cachedRollups = {
	bookingFacts: cached('bookings', roll.bookingFacts),
	bookingSums: cached('booking-sums', roll.bookingSums),
	usageFacts: cached('usage', roll.usageFacts),
	sampleFacts: cached('samples', roll.sampleFacts),
	reachFacts: cached('reach', roll.reachFacts)
};
