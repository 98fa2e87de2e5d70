// Keeps the statistics roll-ups (migration 0012) equal to what the period aggregates would compute
// from the source rows. Triggers note every changed booking, usage record, charge, voucher
// reservation and sample request in stat_dirty; refresh() recomputes exactly the touched
// instrument-months from the source rows (the same SQL the uncached path uses, limited to those
// instruments and that month), replaces their rows, and adds the difference to the per-area rows.
// The statistics service refreshes before it answers, so a figure is never older than the data;
// a timer in app.ts keeps the backlog small between questions.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Db } from '../db/dialect';
import { withWriteTransaction } from '../db/dialect';
import type { Database } from '../db/schema';
import type { RollupMeasures, StatRollupTable } from '../db/tables/statistics-rollup';
import * as roll from './statistics.rollup.repository';
import { LONGEST_SPAN_MS } from '../../domain/statistics/metrics';
import { monthStartOf, monthStartsTouching, yearStartOf } from '../../domain/statistics/period';

type Q = Kysely<Database>;

/** Dirty rows handled per transaction: the write lock (and, on SQLite, the one connection) is held that long, ~0.1 s at full scale. */
const DIRTY_BATCH = 1000;
/** Instruments recomputed per statement. */
const INSTRUMENT_BATCH = 400;
/** PostgreSQL: one refresher at a time (the area rows take differences, so two must not overlap). */
const PG_LOCK_KEY = 7_270_012;

export interface RefreshResult {
	/** instrument-months recomputed */
	buckets: number;
	/** whether everything was rebuilt */
	rebuilt: boolean;
}

function nextMonth(m: number): number {
	return monthStartOf(m + 32 * 86_400_000);
}

/** Replaces nothing: writes the rows of one month for the instruments (all when null) computed from the source rows. */
async function computeMonth(db: Q, monthStart: number, ids: number[] | null): Promise<void> {
	const p = { start: monthStart, end: nextMonth(monthStart) };
	await roll.insertMonthFromSource(db, p, ids ? { areas: null, instrumentIds: ids } : { areas: null });
}

type AreaDelta = RollupMeasures & { month_start: number; instrument_area: string };
const MEASURES = ['started', 'booked_ms', 'revenue_fen', 'voucher_fen', 'used_ms', 'requests', 'samples'] as const;

function addDelta(into: Map<string, AreaDelta>, rows: StatRollupTable[], sign: 1 | -1, years?: Map<string, roll.YearDelta>): void {
	if (years) addYearDelta(years, rows, sign);
	for (const r of rows) {
		const k = [r.month_start, r.instrument_area, r.kind, r.user_area, r.outside, r.status, r.recognised].join('|');
		let d = into.get(k);
		if (!d) {
			d = { month_start: r.month_start, instrument_area: r.instrument_area, kind: r.kind, user_area: r.user_area, outside: r.outside, status: r.status, recognised: r.recognised, started: 0, booked_ms: 0, revenue_fen: 0, voucher_fen: 0, used_ms: 0, requests: 0, samples: 0 };
			into.set(k, d);
		}
		for (const m of MEASURES) d[m] += sign * r[m];
	}
}

function addYearDelta(into: Map<string, roll.YearDelta>, rows: StatRollupTable[], sign: 1 | -1): void {
	for (const r of rows) {
		const year = yearStartOf(r.month_start);
		const k = [year, r.instrument_id, r.facility_id, r.institution_id, r.instrument_area, r.kind, r.user_area, r.outside, r.status, r.recognised].join('|');
		let d = into.get(k);
		if (!d) {
			d = { year_start: year, instrument_id: r.instrument_id, facility_id: r.facility_id, institution_id: r.institution_id, instrument_area: r.instrument_area, kind: r.kind, user_area: r.user_area, outside: r.outside, status: r.status, recognised: r.recognised, started: 0, booked_ms: 0, revenue_fen: 0, voucher_fen: 0, used_ms: 0, requests: 0, samples: 0 };
			into.set(k, d);
		}
		for (const m of MEASURES) d[m] += sign * r[m];
	}
}

/** Rebuilds every roll-up from the source rows, month by month. */
async function rebuildAll(db: Q): Promise<void> {
	await roll.clearAll(db);
	const span = await roll.dataSpan(db, null);
	if (span) {
		const all = monthStartsTouching(span.min, span.max);
		for (const m of all) await computeMonth(db, m, null);
		await roll.bumpMonths(db, all);
		for (const y of new Set(all.map(yearStartOf))) await roll.rebuildYearRollups(db, y, yearStartOf(y + 370 * 86_400_000));
	}
	await roll.bumpAllMonths(db);
	await roll.rebuildAreaRollups(db);
}

/** Recomputes the instrument-months that dirty rows name; returns how many. */
async function applyDirty(db: Q, dirty: roll.DirtyRow[]): Promise<number> {
	const byMonth = new Map<number, Set<number>>();
	const whole = new Set<number>();
	for (const d of dirty) {
		if (d.instrumentId === null) continue;
		if (d.start === null || d.end === null) {
			whole.add(d.instrumentId);
			continue;
		}
		// a range longer than the aggregates look back would not be counted there either; its first months suffice
		const end = Math.min(d.end, d.start + LONGEST_SPAN_MS);
		for (const m of monthStartsTouching(d.start, end)) {
			let set = byMonth.get(m);
			if (!set) byMonth.set(m, (set = new Set()));
			set.add(d.instrumentId);
		}
	}
	const delta = new Map<string, AreaDelta>();
	const years = new Map<string, roll.YearDelta>();
	let buckets = 0;
	if (whole.size > 0) {
		const ids = [...whole];
		// every row of these instruments goes (their yearly rows too: those are keyed by instrument, not place)
		const old = await roll.deleteInstruments(db, ids);
		addDelta(delta, old, -1);
		await roll.bumpMonths(db, old.map((r) => r.month_start));
		const span = await roll.dataSpan(db, ids);
		if (span) {
			const all = monthStartsTouching(span.min, span.max);
			await roll.bumpMonths(db, all);
			for (const m of all) {
				await computeMonth(db, m, ids);
				addDelta(delta, await roll.rollupRowsOf(db, m, ids), 1, years);
				buckets += ids.length;
			}
		}
	}
	await roll.bumpMonths(db, [...byMonth.keys()]);
	for (const [m, set] of [...byMonth].sort((a, b) => a[0] - b[0])) {
		const ids = [...set].filter((id) => !whole.has(id));
		for (let i = 0; i < ids.length; i += INSTRUMENT_BATCH) {
			const chunk = ids.slice(i, i + INSTRUMENT_BATCH);
			addDelta(delta, await roll.rollupRowsOf(db, m, chunk), -1, years);
			await roll.deleteInstrumentMonths(db, m, chunk);
			await computeMonth(db, m, chunk);
			addDelta(delta, await roll.rollupRowsOf(db, m, chunk), 1, years);
			buckets += chunk.length;
		}
	}
	const changes = [...delta.values()].filter((d) => MEASURES.some((m) => d[m] !== 0));
	if (changes.length > 0) await roll.addToAreaRollups(db, changes);
	const yearChanges = [...years.values()].filter((d) => MEASURES.some((m) => d[m] !== 0));
	if (yearChanges.length > 0) await roll.addToYearRollups(db, yearChanges);
	return buckets;
}

/**
 * Brings the roll-ups up to date with every change noted so far (or rebuilds them all when asked
 * or when a migration/bulk load left a "rebuild" marker). Safe to call from several requests or
 * processes at once: SQLite serialises writers, PostgreSQL takes an advisory lock.
 */
export async function refreshRollups(db: Db, options: { rebuild?: boolean } = {}): Promise<RefreshResult> {
	const result: RefreshResult = { buckets: 0, rebuilt: false };
	if (!options.rebuild && !(await roll.hasDirty(db.kysely))) return result;
	for (;;) {
		const more = await withWriteTransaction(db, async (trx) => {
			if (db.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${PG_LOCK_KEY})`.execute(trx);
			const dirty = await roll.takeDirty(trx, DIRTY_BATCH);
			if (options.rebuild || dirty.some((d) => d.instrumentId === null)) {
				const upTo = await trx.selectFrom('stat_dirty').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
				await rebuildAll(trx);
				// Everything noted before the rebuild is in it. SQLite: nobody else wrote meanwhile (we hold
				// the write lock). PostgreSQL: rows noted during the rebuild have higher ids and stay.
				if (upTo?.id != null) await trx.deleteFrom('stat_dirty').where('id', '<=', Number(upTo.id)).execute();
				result.rebuilt = true;
				options = {};
				return false;
			}
			if (dirty.length === 0) return false;
			result.buckets += await applyDirty(trx, dirty);
			await roll.deleteDirty(trx, dirty.map((d) => d.id));
			return dirty.length === DIRTY_BATCH;
		});
		if (!more) return result;
	}
}

/** Brings the roll-ups up to date every so often, so a question after a busy hour finds little to do. */
export function startRollupTimer(db: Db, everyMs = 30_000): () => void {
	let running = false;
	const timer = setInterval(async () => {
		if (running) return;
		running = true;
		try {
			await refreshRollups(db);
		} catch (error) {
			console.error('[statistics] roll-up refresh failed:', error);
		} finally {
			running = false;
		}
	}, everyMs);
	timer.unref?.();
	return () => clearInterval(timer);
}
