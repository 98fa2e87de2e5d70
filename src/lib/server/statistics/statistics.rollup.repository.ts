// Statistics roll-ups, SQL only (tables of migration 0012). Reads give the same facts as the period
// aggregates of statistics.repository.ts, for month-aligned periods, from pre-summed rows: per
// instrument and month (any filter or level), or per area and month (areas and everything). Writes
// replace the rows of given instrument-months and keep the area rows equal to the sums.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema';
import type { RollupMeasures, StatRollupTable } from '../db/tables/statistics-rollup';
import { ACCEPTED_STATUSES, ARRIVED_STATUSES, type BookingFact, type BookingSum, type ReachFact, type SampleFact, type UsageFact } from '../../domain/statistics/metrics';
import type { TimeRange } from '../../domain/time/range';
import { isYearAligned } from '../../domain/statistics/period';
import { bookingRows, sampleRows, usageRows, where, type Level, type StatFilter } from './statistics.repository';

type Q = Kysely<Database>;

// PostgreSQL refuses a constant in GROUP BY: 'all' is selected as a constant and left out of it (groupBy).
const KEY: Record<Level, RawBuilder<unknown>> = {
	all: sql`'all'`,
	area: sql.ref('t.instrument_area'),
	institution: sql.ref('t.institution_id'),
	facility: sql.ref('t.facility_id'),
	instrument: sql.ref('t.instrument_id')
};

/** Areas and everything, unfiltered below the area, are answered by the per-area table. */
function usesAreaTable(level: Level, f: StatFilter): boolean {
	return (level === 'all' || level === 'area') && f.institutionId === undefined && f.facilityId === undefined && f.instrumentId === undefined && f.instrumentIds === undefined;
}

/** The table that answers: per area; else per instrument-year for whole years; else per instrument-month. */
function source(level: Level, f: StatFilter, p: TimeRange): RawBuilder<unknown> {
	if (usesAreaTable(level, f)) return sql`stat_area_rollups`;
	// the yearly rows name their period year_start; as month_start here, the period test below holds for both
	if (isYearAligned(p)) return sql`(select year_start as month_start, y.* from stat_year_rollups y)`;
	return sql`stat_rollups`;
}

/** The GROUP BY list: the key (unless it is the constant 'all') followed by the other columns. */
function groupBy(level: Level, ...columns: string[]): RawBuilder<unknown> {
	const refs = columns.map((c) => sql.ref(c));
	return sql.join(level === 'all' ? refs : [KEY[level], ...refs]);
}

/**
 * One whole year per instrument: the year rows are already one per group (their primary key is the
 * year, kind, instrument and the other grouped columns; the instrument's area follows from it), so
 * they are read as they are, without GROUP BY (its temporary b-tree was a third of the year export).
 */
function rowsAreGroups(level: Level, f: StatFilter, p: TimeRange): boolean {
	return level === 'instrument' && !usesAreaTable(level, f) && isYearAligned(p) && p.end - p.start <= 366 * 86_400_000;
}

function months(p: TimeRange): RawBuilder<unknown> {
	return sql`t.month_start >= ${p.start} and t.month_start < ${p.end}`;
}

// The two large reads (a year of instruments is ~240,000 booking groups and ~100,000 usage groups)
// name their columns as the facts do, so each row becomes its fact in place: one object per group
// instead of a row and a fact (the year export's peak memory).
export async function bookingFacts(db: Q, level: Level, p: TimeRange, f: StatFilter): Promise<BookingFact[]> {
	const key = KEY[level];
	const asIs = rowsAreGroups(level, f, p);
	const { rows } = await sql<Omit<BookingFact, 'outside' | 'recognised'> & { outside: number | boolean; recognised: number | boolean }>`
		select cast(${key} as text) as key, t.user_area as "userArea", t.instrument_area as "instrumentArea", t.outside, t.status, t.recognised,
			${asIs ? sql`t.started as started, t.booked_ms as "bookedMs", t.revenue_fen as "revenueFen", t.voucher_fen as "voucherFen"` : sql`sum(t.started) as started, sum(t.booked_ms) as "bookedMs", sum(t.revenue_fen) as "revenueFen", sum(t.voucher_fen) as "voucherFen"`}
		from ${source(level, f, p)} t
		where t.kind = 'booking' and ${months(p)} and ${where(f)}
		${asIs ? sql`` : sql`group by ${groupBy(level, 't.user_area', 't.instrument_area', 't.outside', 't.status', 't.recognised')}`}`.execute(db);
	const out: BookingFact[] = [];
	for (const r of rows) {
		r.started = Number(r.started);
		r.bookedMs = Number(r.bookedMs);
		r.revenueFen = Number(r.revenueFen);
		r.voucherFen = Number(r.voucherFen);
		if (r.started === 0 && r.bookedMs === 0 && r.revenueFen === 0 && r.voucherFen === 0) continue;
		r.outside = Number(r.outside) === 1;
		r.recognised = Number(r.recognised) === 1;
		out.push(r as BookingFact);
	}
	return out;
}

/**
 * The booking figures of a whole year per instrument summed in SQL, one row per instrument (the
 * year rows come in primary-key order, instrument by instrument, so the GROUP BY needs no sort):
 * ~35,000 rows instead of ~240,000 facts, a fifth of the time and none of their memory. The statuses
 * are metrics.ts's, so the sums count as the facts would (tests/integration/statistics-rollups).
 */
export async function bookingSums(db: Q, level: Level, p: TimeRange, f: StatFilter): Promise<BookingSum[]> {
	const key = KEY[level];
	const among = (statuses: readonly string[]) => sql`t.status in (${sql.join(statuses.map((x) => sql.lit(x)))})`;
	const { rows } = await sql<Record<keyof BookingSum, number | string> & { started: number | string }>`
		select cast(${key} as text) as key, sum(t.started) as started,
			sum(case when ${among(ACCEPTED_STATUSES)} then t.started else 0 end) as bookings,
			sum(case when ${among(ACCEPTED_STATUSES)} then t.booked_ms else 0 end) as "bookedMs",
			sum(case when ${among(ACCEPTED_STATUSES)} and t.recognised = 1 then t.started else 0 end) as recognised,
			sum(case when ${among(ARRIVED_STATUSES)} then t.started else 0 end) as arrived,
			sum(case when t.status = 'no_show' then t.started else 0 end) as "noShows",
			sum(case when t.status = 'cancelled' then t.started else 0 end) as cancelled,
			sum(case when t.status <> 'rejected' then t.started else 0 end) as "notRejected",
			sum(t.revenue_fen) as "revenueFen", sum(t.voucher_fen) as "voucherFen",
			sum(case when t.outside = 1 then t.revenue_fen else 0 end) as "outsideRevenueFen",
			sum(case when t.outside = 1 then t.voucher_fen else 0 end) as "outsideVoucherFen"
		from ${source(level, f, p)} t
		where t.kind = 'booking' and ${months(p)} and ${where(f)}
		${level === 'all' ? sql`` : sql`group by ${key}`}`.execute(db);
	const out: BookingSum[] = [];
	for (const r of rows) {
		const n = (v: number | string) => Number(v);
		// a group of only empty rows is no group (bookingFacts leaves such rows out)
		if (n(r.started) === 0 && n(r.bookedMs) === 0 && n(r.revenueFen) === 0 && n(r.voucherFen) === 0) continue;
		out.push({
			key: String(r.key),
			bookings: n(r.bookings),
			bookedMs: n(r.bookedMs),
			recognised: n(r.recognised),
			arrived: n(r.arrived),
			noShows: n(r.noShows),
			cancelled: n(r.cancelled),
			notRejected: n(r.notRejected),
			revenueFen: n(r.revenueFen),
			voucherFen: n(r.voucherFen),
			outsideRevenueFen: n(r.outsideRevenueFen),
			outsideVoucherFen: n(r.outsideVoucherFen)
		});
	}
	return out;
}

export async function usageFacts(db: Q, level: Level, p: TimeRange, f: StatFilter): Promise<UsageFact[]> {
	const key = KEY[level];
	// usage rows are per (…, status, recognised) too, so they need summing over those even for one year
	const { rows } = await sql<Omit<UsageFact, 'outside'> & { outside: number | boolean }>`
		select cast(${key} as text) as key, t.user_area as "userArea", t.instrument_area as "instrumentArea", t.outside, sum(t.used_ms) as ms
		from ${source(level, f, p)} t
		where t.kind = 'usage' and ${months(p)} and ${where(f)}
		group by ${groupBy(level, 't.user_area', 't.instrument_area', 't.outside')}`.execute(db);
	const out: UsageFact[] = [];
	for (const r of rows) {
		r.ms = Number(r.ms);
		if (r.ms === 0) continue;
		r.outside = Number(r.outside) === 1;
		out.push(r as UsageFact);
	}
	return out;
}

export async function sampleFacts(db: Q, level: Level, p: TimeRange, f: StatFilter): Promise<SampleFact[]> {
	const key = KEY[level];
	const { rows } = await sql<{ key: string | number; user_area: string; instrument_area: string; outside: number; requests: number; samples: number; revenue_fen: number; voucher_fen: number }>`
		select ${key} as key, t.user_area, t.instrument_area, t.outside, sum(t.requests) as requests, sum(t.samples) as samples,
			sum(t.revenue_fen) as revenue_fen, sum(t.voucher_fen) as voucher_fen
		from ${source(level, f, p)} t
		where t.kind = 'sample' and ${months(p)} and ${where(f)}
		group by ${groupBy(level, 't.user_area', 't.instrument_area', 't.outside')}`.execute(db);
	return rows
		.map((r) => ({ key: String(r.key), userArea: r.user_area, instrumentArea: r.instrument_area, outside: Number(r.outside) === 1, requests: Number(r.requests), samples: Number(r.samples), revenueFen: Number(r.revenue_fen), voucherFen: Number(r.voucher_fen) }))
		.filter((r) => r.requests !== 0);
}

/** Distinct outside users and institutions per key over the months of the period. */
export async function reachFacts(db: Q, level: Level, p: TimeRange, f: StatFilter): Promise<ReachFact[]> {
	const key = KEY[level];
	// the reach table has no user area: the user side of the flows never asks for reach
	const filter: StatFilter = { ...f, userSideToo: false };
	const { rows } = await sql<{ key: string | number; users: number; institutions: number }>`
		select ${key} as key, count(distinct t.user_id) as users, count(distinct t.user_institution_id) as institutions
		from stat_reach t
		where ${months(p)} and ${where(filter)}
		${level === 'all' ? sql`` : sql`group by ${key}`}`.execute(db);
	return rows.map((r) => ({ key: String(r.key), outsideUsers: Number(r.users), institutionsServed: Number(r.institutions) }));
}

// ---- writes (inside the refresh transaction) ----

export interface DirtyRow {
	id: number;
	instrumentId: number | null;
	start: number | null;
	end: number | null;
}

export async function hasDirty(db: Q): Promise<boolean> {
	return (await db.selectFrom('stat_dirty').select('id').limit(1).executeTakeFirst()) !== undefined;
}

export async function takeDirty(db: Q, limit: number): Promise<DirtyRow[]> {
	const rows = await db.selectFrom('stat_dirty').selectAll().orderBy('id').limit(limit).execute();
	return rows.map((r) => ({ id: Number(r.id), instrumentId: r.instrument_id, start: r.start_at === null ? null : Number(r.start_at), end: r.end_at === null ? null : Number(r.end_at) }));
}

export async function deleteDirty(db: Q, ids: number[]): Promise<void> {
	for (let i = 0; i < ids.length; i += 900) await db.deleteFrom('stat_dirty').where('id', 'in', ids.slice(i, i + 900)).execute();
}

export async function clearAll(db: Q): Promise<void> {
	for (const t of ['stat_rollups', 'stat_year_rollups', 'stat_area_rollups', 'stat_reach'] as const) await db.deleteFrom(t).execute();
}

/** The first and last instants of any statistics source row of the instruments (all when null). */
export async function dataSpan(db: Q, instrumentIds: number[] | null): Promise<{ min: number; max: number } | null> {
	const only = (col: string) => (instrumentIds ? sql`where ${sql.ref(col)} in (${sql.join(instrumentIds.length ? instrumentIds.map((id) => sql`${id}`) : [sql`-1`])})` : sql``);
	const { rows } = await sql<{ lo: number | null; hi: number | null }>`
		select min(lo) as lo, max(hi) as hi from (
			select min(start_at) as lo, max(end_at) as hi from bookings ${only('instrument_id')}
			union all select min(start_at), max(coalesce(end_at, start_at)) from usage_records ${only('instrument_id')}
			union all select min(reported_at), max(reported_at) from sample_requests ${only('instrument_id')}
		) x`.execute(db);
	const r = rows[0];
	if (!r || r.lo === null || r.hi === null) return null;
	return { min: Number(r.lo), max: Number(r.hi) };
}

export async function rollupRowsOf(db: Q, monthStart: number, instrumentIds: number[] | null): Promise<StatRollupTable[]> {
	let q = db.selectFrom('stat_rollups').selectAll().where('month_start', '=', monthStart);
	if (instrumentIds) q = q.where('instrument_id', 'in', instrumentIds.length ? instrumentIds : [-1]);
	return (await q.execute()).map((r) => numeric(r));
}

export async function deleteInstrumentMonths(db: Q, monthStart: number, instrumentIds: number[]): Promise<void> {
	if (instrumentIds.length === 0) return;
	await db.deleteFrom('stat_rollups').where('month_start', '=', monthStart).where('instrument_id', 'in', instrumentIds).execute();
	await db.deleteFrom('stat_reach').where('month_start', '=', monthStart).where('instrument_id', 'in', instrumentIds).execute();
}

/** Every month of the instruments (their places may have changed, so every row goes). */
export async function deleteInstruments(db: Q, instrumentIds: number[]): Promise<StatRollupTable[]> {
	if (instrumentIds.length === 0) return [];
	const old = (await db.selectFrom('stat_rollups').selectAll().where('instrument_id', 'in', instrumentIds).execute()).map((r) => numeric(r));
	await db.deleteFrom('stat_rollups').where('instrument_id', 'in', instrumentIds).execute();
	await db.deleteFrom('stat_reach').where('instrument_id', 'in', instrumentIds).execute();
	await db.deleteFrom('stat_year_rollups').where('instrument_id', 'in', instrumentIds).execute();
	return old;
}

const ROLLUP_COLUMNS = sql`instrument_id, month_start, facility_id, institution_id, instrument_area, kind, user_area, outside, status, recognised, started, booked_ms, revenue_fen, voucher_fen, used_ms, requests, samples`;
const PLACE = sql`t.instrument_id, t.facility_id, t.institution_id, t.instrument_area`;

/**
 * Computes the rows of one month (p) for the instruments in the filter from the source rows, in the
 * database (INSERT … SELECT over the same row sources as the uncached aggregates).
 */
export async function insertMonthFromSource(db: Q, p: TimeRange, f: StatFilter): Promise<void> {
	const month = sql`cast(${p.start} as bigint)`;
	await sql`insert into stat_rollups (${ROLLUP_COLUMNS})
		select t.instrument_id, ${month}, t.facility_id, t.institution_id, t.instrument_area, 'booking', t.user_area, t.outside, t.status, t.recognised,
			sum(t.started), sum(t.booked_ms), sum(t.revenue_fen), sum(t.voucher_fen), 0, 0, 0
		from (${bookingRows(p)}) t where ${where(f)}
		group by ${PLACE}, t.user_area, t.outside, t.status, t.recognised`.execute(db);
	await sql`insert into stat_rollups (${ROLLUP_COLUMNS})
		select t.instrument_id, ${month}, t.facility_id, t.institution_id, t.instrument_area, 'usage', t.user_area, t.outside, '', 0,
			0, 0, 0, 0, sum(t.ms), 0, 0
		from (${usageRows(p)}) t where ${where(f)}
		group by ${PLACE}, t.user_area, t.outside`.execute(db);
	await sql`insert into stat_rollups (${ROLLUP_COLUMNS})
		select t.instrument_id, ${month}, t.facility_id, t.institution_id, t.instrument_area, 'sample', t.user_area, t.outside, '', 0,
			0, 0, sum(t.revenue_fen), sum(t.voucher_fen), 0, count(*), sum(t.sample_count)
		from (${sampleRows(p)}) t where ${where(f)}
		group by ${PLACE}, t.user_area, t.outside`.execute(db);
	await sql`insert into stat_reach (instrument_id, month_start, user_id, user_institution_id, facility_id, institution_id, instrument_area)
		select distinct r.instrument_id, ${month}, r.user_id, r.user_institution_id, r.facility_id, r.institution_id, r.instrument_area
		from (
			select ${PLACE}, t.user_id, t.user_institution_id from (${usageRows(p)}) t where t.outside = 1 and ${where(f)}
			union all
			select ${PLACE}, t.user_id, t.user_institution_id from (${sampleRows(p)}) t where t.outside = 1 and ${where(f)}
		) r`.execute(db);
}

const MEASURES = ['started', 'booked_ms', 'revenue_fen', 'voucher_fen', 'used_ms', 'requests', 'samples'] as const;

/** Adds differences to the per-area rows (creating rows on first use, removing rows that fall to zero). */
export async function addToAreaRollups(db: Q, deltas: Array<RollupMeasures & { month_start: number; instrument_area: string }>): Promise<void> {
	for (let i = 0; i < deltas.length; i += 500) {
		const chunk = deltas.slice(i, i + 500);
		await db
			.insertInto('stat_area_rollups')
			.values(chunk)
			.onConflict((oc) =>
				oc.columns(['month_start', 'instrument_area', 'kind', 'user_area', 'outside', 'status', 'recognised']).doUpdateSet((eb) =>
					Object.fromEntries(MEASURES.map((m) => [m, eb(sql.ref(`stat_area_rollups.${m}`), '+', eb.ref(`excluded.${m}`))]))
				)
			)
			.execute();
	}
	await db
		.deleteFrom('stat_area_rollups')
		.where((eb) => eb.and(MEASURES.map((m) => eb(m, '=', 0))))
		.execute();
}

/** Rebuilds the per-area rows from the per-instrument rows in one statement. */
export async function rebuildAreaRollups(db: Q): Promise<void> {
	await db.deleteFrom('stat_area_rollups').execute();
	await sql`insert into stat_area_rollups (month_start, instrument_area, kind, user_area, outside, status, recognised, ${sql.join(MEASURES.map((m) => sql.ref(m)))})
		select month_start, instrument_area, kind, user_area, outside, status, recognised, ${sql.join(MEASURES.map((m) => sql`sum(${sql.ref(m)})`))}
		from stat_rollups group by month_start, instrument_area, kind, user_area, outside, status, recognised`.execute(db);
}

function numeric(r: StatRollupTable): StatRollupTable {
	const out = { ...r };
	for (const m of MEASURES) out[m] = Number(out[m]);
	out.month_start = Number(out.month_start);
	out.outside = Number(out.outside);
	out.recognised = Number(out.recognised);
	return out;
}

/** Raises the version of each month (creating it at 1). */
export async function bumpMonths(db: Q, monthStarts: number[]): Promise<void> {
	const unique = [...new Set(monthStarts)];
	for (let i = 0; i < unique.length; i += 500) {
		await db
			.insertInto('stat_month_versions')
			.values(unique.slice(i, i + 500).map((m) => ({ month_start: m, version: 1 })))
			.onConflict((oc) => oc.column('month_start').doUpdateSet({ version: sql<number>`stat_month_versions.version + 1` }))
			.execute();
	}
}

/** Raises every month's version (after a rebuild). */
export async function bumpAllMonths(db: Q): Promise<void> {
	await db.updateTable('stat_month_versions').set((eb) => ({ version: eb('version', '+', 1) })).execute();
}

/** A signature of the months of a period: changes whenever any of them is recomputed. */
export async function periodSignature(db: Q, p: TimeRange): Promise<string> {
	const r = await db
		.selectFrom('stat_month_versions')
		.select((eb) => [eb.fn.sum<number>('version').as('v'), eb.fn.countAll<number>().as('n')])
		.where('month_start', '>=', p.start)
		.where('month_start', '<', p.end)
		.executeTakeFirst();
	return `${Number(r?.v ?? 0)}:${Number(r?.n ?? 0)}`;
}

export type YearDelta = RollupMeasures & { year_start: number; instrument_id: number; facility_id: number; institution_id: number; instrument_area: string };

/** Adds differences to the per instrument-year rows (creating rows on first use, removing rows that fall to zero). */
export async function addToYearRollups(db: Q, deltas: YearDelta[]): Promise<void> {
	const KEY_COLUMNS = ['year_start', 'kind', 'instrument_id', 'user_area', 'outside', 'status', 'recognised'] as const;
	const fallen: Pick<YearDelta, (typeof KEY_COLUMNS)[number]>[] = [];
	for (let i = 0; i < deltas.length; i += 500) {
		const rows = await db
			.insertInto('stat_year_rollups')
			.values(deltas.slice(i, i + 500))
			.onConflict((oc) =>
				oc.columns([...KEY_COLUMNS]).doUpdateSet(Object.fromEntries(MEASURES.map((m) => [m, sql`${sql.ref(`stat_year_rollups.${m}`)} + ${sql.ref(`excluded.${m}`)}`])))
			)
			.returning([...KEY_COLUMNS, ...MEASURES])
			.execute();
		// rows fallen to zero go; only the rows just changed can have (the whole year is ~250,000 rows)
		for (const r of rows) if (MEASURES.every((m) => Number(r[m]) === 0)) fallen.push(r);
	}
	for (let i = 0; i < fallen.length; i += 50) {
		const some = fallen.slice(i, i + 50);
		await db
			.deleteFrom('stat_year_rollups')
			.where((eb) => eb.or(some.map((r) => eb.and(KEY_COLUMNS.map((c) => eb(c, '=', r[c]))))))
			.where((eb) => eb.and(MEASURES.map((m) => eb(m, '=', 0))))
			.execute();
	}
}

/** Rebuilds the per instrument-year rows of [start, end) from the instrument-month rows. */
export async function rebuildYearRollups(db: Q, yearStart: number, yearEnd: number): Promise<void> {
	await db.deleteFrom('stat_year_rollups').where('year_start', '=', yearStart).execute();
	await sql`insert into stat_year_rollups (year_start, instrument_id, facility_id, institution_id, instrument_area, kind, user_area, outside, status, recognised, ${sql.join(MEASURES.map((m) => sql.ref(m)))})
		select cast(${yearStart} as bigint), instrument_id, facility_id, institution_id, instrument_area, kind, user_area, outside, status, recognised, ${sql.join(MEASURES.map((m) => sql`sum(${sql.ref(m)})`))}
		from stat_rollups where month_start >= ${yearStart} and month_start < ${yearEnd}
		group by instrument_id, facility_id, institution_id, instrument_area, kind, user_area, outside, status, recognised`.execute(db);
}
