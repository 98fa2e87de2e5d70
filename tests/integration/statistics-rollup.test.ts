// The statistics roll-ups (migration 0012) give exactly the facts the period aggregates compute from
// the source rows — after the first build, and after every kind of change a writer can make (new,
// moved, cancelled and deleted bookings; usage records; charges; vouchers; samples; an instrument
// moved to another institution and area) — on SQLite and PostgreSQL; concurrent refreshes do not
// count a change twice; statistics-irrelevant updates do not make work.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DIALECTS, openTestDb, type TestDb } from './test-db';
import { buildStatisticsWorld, WORLD_NOW } from './statistics-world';
import { newFacility, newInstitution } from './fixtures';
import * as raw from '../../src/lib/server/statistics/statistics.repository';
import * as roll from '../../src/lib/server/statistics/statistics.rollup.repository';
import { refreshRollups } from '../../src/lib/server/statistics/statistics.rollup';
import { parsePeriod } from '../../src/lib/domain/statistics/period';
import type { Level, StatFilter } from '../../src/lib/server/statistics/statistics.repository';
import { overview } from '../../src/lib/server/statistics/statistics.service';
import { loadRoles } from '../../src/lib/server/auth/roles';
import type { World } from './statistics-world';
import { EMPTY_FACTS, metricsByKey } from '../../src/lib/domain/statistics/metrics';
import { outsideMoneyByKey } from '../../src/lib/domain/statistics/national-record';

const H = 3_600_000;
const sh = (iso: string) => Date.parse(`${iso}+08:00`);
const PERIODS = ['2025-12', '2026-01', '2026-02', '2026-03', '2026-Q1', '2025', '2026', '2025-01-01..2026-12-31', '2025-12-01..2026-02-28'];
const LEVELS: Level[] = ['all', 'area', 'institution', 'facility', 'instrument'];

function canonical(rows: object[]): string[] {
	return rows
		.map((r) => JSON.stringify(Object.entries(r).sort(([a], [b]) => a.localeCompare(b))))
		.sort();
}

function nonZero<T extends object>(rows: T[], measures: (keyof T)[]): T[] {
	return rows.filter((r) => measures.some((m) => Number(r[m]) !== 0));
}

/** Every fact kind, level and period: roll-ups equal the source aggregates. */
async function expectRollupsMatchSource(db: TestDb, filters: StatFilter[] = [{ areas: null }]) {
	const k = db.kysely;
	for (const code of PERIODS) {
		const p = parsePeriod(code)!;
		for (const f of filters) {
			for (const level of LEVELS) {
				const label = `${code} ${level} ${JSON.stringify(f)}`;
				expect(canonical(await roll.bookingFacts(k, level, p, f)), `bookings ${label}`).toEqual(canonical(nonZero(await raw.bookingFacts(k, level, p, f), ['started', 'bookedMs', 'revenueFen', 'voucherFen'])));
				// the booking figures summed per key in SQL count as the facts they sum
				const facts = await raw.bookingFacts(k, level, p, f);
				const summed = await roll.bookingSums(k, level, p, f);
				expect(metricsByKey({ ...EMPTY_FACTS, bookingSums: summed }), `booking sums ${label}`).toEqual(metricsByKey({ ...EMPTY_FACTS, bookings: nonZero(facts, ['started', 'bookedMs', 'revenueFen', 'voucherFen']) }));
				const money = (m: Map<string, { revenueFen: number; voucherFen: number }>) => new Map([...m].filter(([, v]) => v.revenueFen !== 0 || v.voucherFen !== 0).sort());
				expect(money(outsideMoneyByKey([], [], summed)), `outside money ${label}`).toEqual(money(outsideMoneyByKey(facts)));
				expect(canonical(await roll.usageFacts(k, level, p, f)), `usage ${label}`).toEqual(canonical(nonZero(await raw.usageFacts(k, level, p, f), ['ms'])));
				expect(canonical(await roll.sampleFacts(k, level, p, f)), `samples ${label}`).toEqual(canonical(await raw.sampleFacts(k, level, p, f)));
				// reach is only asked of the instrument side (the flows' user side never needs it)
				if (!f.userSideToo) expect(canonical(await roll.reachFacts(k, level, p, f)), `reach ${label}`).toEqual(canonical(await raw.reachFacts(k, level, p, f)));
			}
		}
	}
	// the per-area rows are the sums of the per-instrument rows
	const { rows: mismatch } = await sql<{ n: number }>`
		select count(*) as n from (
			select month_start, instrument_area, kind, user_area, outside, status, recognised, sum(started) as started, sum(booked_ms) as booked_ms, sum(used_ms) as used_ms, sum(revenue_fen) as revenue_fen, sum(voucher_fen) as voucher_fen, sum(samples) as samples
			from stat_rollups group by month_start, instrument_area, kind, user_area, outside, status, recognised
		) i full outer join stat_area_rollups a
			on a.month_start = i.month_start and a.instrument_area = i.instrument_area and a.kind = i.kind and a.user_area = i.user_area and a.outside = i.outside and a.status = i.status and a.recognised = i.recognised
		where i.month_start is null or a.month_start is null or i.started <> a.started or i.booked_ms <> a.booked_ms or i.used_ms <> a.used_ms or i.revenue_fen <> a.revenue_fen or i.voucher_fen <> a.voucher_fen or i.samples <> a.samples`.execute(k);
	expect(Number(mismatch[0].n), 'area rows differing from the sum of instrument rows').toBe(0);
	// the per instrument-year rows are the sums of the month rows of their year (years of Asia/Shanghai, UTC+8)
	const months = await k.selectFrom('stat_rollups').selectAll().execute();
	const sums = new Map<string, number[]>();
	const yearOf = (m: number) => Date.UTC(new Date(Number(m) + 8 * H).getUTCFullYear(), 0, 1) - 8 * H;
	const keyOf = (r: { instrument_id: number; facility_id: number; institution_id: number; instrument_area: string; kind: string; user_area: string; outside: number; status: string; recognised: number }, year: number) =>
		[year, r.instrument_id, r.facility_id, r.institution_id, r.instrument_area, r.kind, r.user_area, Number(r.outside), r.status, Number(r.recognised)].join('|');
	for (const r of months) {
		const key = keyOf(r, yearOf(r.month_start));
		const v = sums.get(key) ?? [0, 0, 0, 0, 0, 0, 0];
		[r.started, r.booked_ms, r.revenue_fen, r.voucher_fen, r.used_ms, r.requests, r.samples].forEach((x, i) => (v[i] += Number(x)));
		sums.set(key, v);
	}
	const years = await k.selectFrom('stat_year_rollups').selectAll().execute();
	const fromYears = new Map(years.map((r) => [keyOf(r, Number(r.year_start)), [r.started, r.booked_ms, r.revenue_fen, r.voucher_fen, r.used_ms, r.requests, r.samples].map(Number)]));
	const nonZeroSums = new Map([...sums].filter(([, v]) => v.some((x) => x !== 0)));
	expect(new Map([...fromYears].sort()), 'year rows differing from the sum of their months').toEqual(new Map([...nonZeroSums].sort()));
}

async function dirtyCount(db: TestDb): Promise<number> {
	const r = await db.kysely.selectFrom('stat_dirty').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
	return Number(r.n);
}

describe.each(DIALECTS)('statistics roll-ups on %s', (dialect) => {
	let db: TestDb;
	let world: World;
	beforeAll(async () => {
		db = await openTestDb(dialect);
		world = await buildStatisticsWorld(db);
	}, 60_000);
	afterAll(async () => db?.cleanup());

	it('builds everything on the first refresh after the migration and matches the source rows', async () => {
		expect(await dirtyCount(db)).toBeGreaterThan(0);
		const r = await refreshRollups(db);
		expect(r.rebuilt).toBe(true);
		expect(await dirtyCount(db)).toBe(0);
		await expectRollupsMatchSource(db, [{ areas: null }, { areas: ['TJ'] }, { areas: ['HE'], userSideToo: true }]);
	});

	it('does nothing when nothing changed, and ignores updates statistics do not read', async () => {
		expect(await refreshRollups(db)).toEqual({ buckets: 0, rebuilt: false });
		await db.kysely.updateTable('bookings').set({ purpose: '改了用途' }).execute();
		expect(await dirtyCount(db)).toBe(0);
	});

	it('follows new, moved, cancelled and deleted bookings, usage, charges, vouchers and samples incrementally', async () => {
		const k = db.kysely;
		const b = await k.selectFrom('bookings').selectAll().where('status', '=', 'approved').orderBy('id').limit(3).execute();
		expect(b.length).toBe(3);
		// a booking moved across the January/February boundary and completed with a usage record and a charge
		await k.updateTable('bookings').set({ start_at: sh('2026-01-31T22:00:00'), end_at: sh('2026-02-01T03:00:00'), status: 'completed', active: 0 }).where('id', '=', b[0].id).execute();
		await k.insertInto('usage_records').values({ booking_id: b[0].id, instrument_id: b[0].instrument_id, user_id: b[0].user_id, operator_user_id: null, start_at: sh('2026-01-31T22:10:00'), end_at: sh('2026-02-01T02:50:00'), recorded_by: null, source: 'checkin', created_at: WORLD_NOW, updated_at: WORLD_NOW }).execute();
		await k.insertInto('booking_charges').values({ booking_id: b[0].id, instrument_id: b[0].instrument_id, user_id: b[0].user_id, mode: 'self', unit: 'hour', rate_fen: 1000, internal: 0, year: 2026, quantity: 5, free_quantity: 0, quote_fen: 5000, computed_fen: 5000, final_fen: 5000, adjust_reason: null, status: 'final', finalised_by: null, created_at: WORLD_NOW, updated_at: WORLD_NOW }).execute();
		// a manager adjusts the charge later
		await k.updateTable('booking_charges').set({ final_fen: 4200, adjust_reason: '优惠' }).where('booking_id', '=', b[0].id).execute();
		// one cancelled, one deleted outright (with what hangs on it)
		await k.updateTable('bookings').set({ status: 'cancelled', active: 0 }).where('id', '=', b[1].id).execute();
		const doomed = await k.selectFrom('bookings').select(['id']).where('status', '=', 'completed').where('id', 'not in', [b[0].id]).orderBy('id').limit(1).executeTakeFirstOrThrow();
		await k.deleteFrom('voucher_reservations').where('booking_id', '=', doomed.id).execute();
		await k.deleteFrom('booking_charges').where('booking_id', '=', doomed.id).execute();
		await k.deleteFrom('usage_records').where('booking_id', '=', doomed.id).execute();
		await k.deleteFrom('bookings').where('id', '=', doomed.id).execute();
		// a voucher on a completed booking is redeemed for more
		const v = await k.selectFrom('voucher_reservations').select(['id', 'reserved_fen']).orderBy('id').limit(1).executeTakeFirstOrThrow();
		await k.updateTable('voucher_reservations').set({ redeemed_fen: v.reserved_fen, released_fen: 0 }).where('id', '=', v.id).execute();
		// a sample request reported in March, another withdrawn
		const s = await k.selectFrom('sample_requests').select(['id']).where('status', '=', 'testing').orderBy('id').limit(1).executeTakeFirst();
		if (s) await k.updateTable('sample_requests').set({ status: 'reported', reported_at: sh('2026-03-02T09:00:00') }).where('id', '=', s.id).execute();
		const r = await k.selectFrom('sample_requests').select(['id']).where('status', '=', 'reported').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
		await k.updateTable('sample_requests').set({ status: 'cancelled' }).where('id', '=', r.id).execute();

		expect(await dirtyCount(db)).toBeGreaterThan(0);
		const result = await refreshRollups(db);
		expect(result.rebuilt).toBe(false);
		expect(result.buckets).toBeGreaterThan(0);
		expect(await dirtyCount(db)).toBe(0);
		await expectRollupsMatchSource(db, [{ areas: null }, { areas: ['BJ', 'TJ'] }]);
	});

	it('moves every month of an instrument that changes institution and area', async () => {
		const k = db.kysely;
		const busiest = await k.selectFrom('bookings').select(['instrument_id']).groupBy('instrument_id').orderBy((eb) => eb.fn.countAll(), 'desc').limit(1).executeTakeFirstOrThrow();
		const inst = await newInstitution(db, { area: 'HE', kind: 'university' });
		const fac = await newFacility(db, { institutionId: inst.id });
		await k.updateTable('instruments').set({ facility_id: fac.id, institution_id: inst.id, area_code: 'HE' }).where('id', '=', busiest.instrument_id).execute();
		const result = await refreshRollups(db);
		expect(result.buckets).toBeGreaterThan(0);
		await expectRollupsMatchSource(db, [{ areas: null }, { areas: ['HE'] }]);
		const p = parsePeriod('2026-Q1')!;
		const rows = await roll.bookingFacts(k, 'institution', p, { areas: null });
		expect(rows.some((row) => row.key === String(inst.id))).toBe(true);
	});

	it('counts each change once when refreshes run at the same time', async () => {
		const k = db.kysely;
		const ids = (await k.selectFrom('bookings').select(['id']).where('status', '=', 'completed').orderBy('id').limit(6).execute()).map((r) => r.id);
		for (const [n, id] of ids.entries()) await k.updateTable('bookings').set({ end_at: sql<number>`end_at + ${(n + 1) * H}` as never }).where('id', '=', id).execute();
		await Promise.all(Array.from({ length: 6 }, () => refreshRollups(db)));
		expect(await dirtyCount(db)).toBe(0);
		await expectRollupsMatchSource(db, [{ areas: null }]);
	});

	it('rebuilds on request to the same rows', async () => {
		const before = canonical(await roll.bookingFacts(db.kysely, 'instrument', parsePeriod('2026')!, { areas: null }));
		expect((await refreshRollups(db, { rebuild: true })).rebuilt).toBe(true);
		expect(canonical(await roll.bookingFacts(db.kysely, 'instrument', parsePeriod('2026')!, { areas: null }))).toEqual(before);
	});

	it('answers a repeated question from the kept answer until one of its months changes, then sees the change', async () => {
		const k = db.kysely;
		const roles = await loadRoles(db, world.admin.id);
		const q1 = parsePeriod('2026-Q1')!;
		const first = await overview(db, roles, {}, q1, WORLD_NOW);
		expect((await overview(db, roles, {}, q1, WORLD_NOW)).metrics).toEqual(first.metrics);
		// another month's change leaves Q1's versions alone
		const versionsBefore = await k.selectFrom('stat_month_versions').selectAll().where('month_start', '>=', q1.start).where('month_start', '<', q1.end).orderBy('month_start').execute();
		const someone = await k.selectFrom('bookings').select(['user_id', 'user_area_code', 'user_institution_id', 'instrument_id']).orderBy('id').limit(1).executeTakeFirstOrThrow();
		const insert = (start: number) =>
			k.insertInto('bookings').values({ instrument_id: someone.instrument_id, user_id: someone.user_id, mode: 'self', start_at: start, end_at: start + 2 * H, status: 'completed', active: 0, purpose: '缓存', project: '', quote_fen: 0, user_area_code: someone.user_area_code, user_institution_id: someone.user_institution_id, decision_reason: null, decided_by: null, decided_at: null, created_at: start, updated_at: start }).returning('id').executeTakeFirstOrThrow();
		await insert(sh('2026-06-10T09:00:00'));
		await refreshRollups(db);
		const versionsAfter = await k.selectFrom('stat_month_versions').selectAll().where('month_start', '>=', q1.start).where('month_start', '<', q1.end).orderBy('month_start').execute();
		expect(versionsAfter).toEqual(versionsBefore);
		// a February booking with its usage is in the next answer
		const b = await insert(sh('2026-02-10T09:00:00'));
		await k.insertInto('usage_records').values({ booking_id: b.id, instrument_id: someone.instrument_id, user_id: someone.user_id, operator_user_id: null, start_at: sh('2026-02-10T09:00:00'), end_at: sh('2026-02-10T11:00:00'), recorded_by: null, source: 'checkin', created_at: WORLD_NOW, updated_at: WORLD_NOW }).execute();
		const after = await overview(db, roles, {}, q1, WORLD_NOW);
		expect(after.metrics.bookings).toBe(first.metrics.bookings + 1);
		expect(after.metrics.effectiveHours).toBeCloseTo(first.metrics.effectiveHours + 2, 6);
	});

	it('sees an instrument retired or unpublished at the next question (the instrument base is kept per catalogue version)', async () => {
		const k = db.kysely;
		const roles = await loadRoles(db, world.admin.id);
		const q1 = parsePeriod('2026-Q1')!;
		const before = (await overview(db, roles, {}, q1, WORLD_NOW)).metrics;
		const target = await k.selectFrom('instruments').select(['id']).where('status', '!=', 'retired').where('published', '=', 1).orderBy('id').limit(1).executeTakeFirstOrThrow();
		await k.updateTable('instruments').set({ published: 0 }).where('id', '=', target.id).execute();
		const unpublished = (await overview(db, roles, {}, q1, WORLD_NOW)).metrics;
		expect(unpublished.opennessRate!).toBeLessThan(before.opennessRate!);
		await k.updateTable('instruments').set({ status: 'retired' }).where('id', '=', target.id).execute();
		expect((await overview(db, roles, {}, q1, WORLD_NOW)).metrics.instruments).toBe(before.instruments - 1);
	});
});
