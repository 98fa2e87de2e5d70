// Differential test: every metric the statistics service reports equals a brute-force recount over
// a generated fixture (bookings crossing month ends, closures, cancellations, no-shows, outside and
// cross-area users, recognition, vouchers, samples), on SQLite and PostgreSQL; plus access rules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDb, type TestDb } from './test-db';
import { buildStatisticsWorld, WORLD_NOW, type World } from './statistics-world';
import { bruteFlows, bruteMetrics, loadRaw, type Raw } from './statistics-brute';
import { loadRoles } from '../../src/lib/server/auth/roles';
import { breakdown, flows, overview, scorecards, trend, instrumentBookings, updateScheme, loadScheme } from '../../src/lib/server/statistics/statistics.service';
import { METRIC_NAMES, type Metrics } from '../../src/lib/domain/statistics/metrics';
import { monthsOf, parsePeriod } from '../../src/lib/domain/statistics/period';
import { DEFAULT_SCHEME } from '../../src/lib/domain/statistics/evaluation';
import { ServiceError } from '../../src/lib/server/booking/booking.errors';

function expectSameMetrics(actual: Metrics | undefined, expected: Metrics | undefined, label: string) {
	expect(actual, label).toBeDefined();
	expect(expected, label).toBeDefined();
	for (const name of METRIC_NAMES) {
		const a = actual![name];
		const e = expected![name];
		if (e === null || a === null) expect(a, `${label} ${name}`).toBe(e);
		else expect(a, `${label} ${name}`).toBeCloseTo(e, 6);
	}
}

const PERIODS = ['2026-01', '2026-02', '2026-03', '2026-Q1', '2025-12', '2026', '2026-01-15..2026-02-14'];

describe.each(DIALECTS)('statistics on %s', (dialect) => {
	let db: TestDb;
	let world: World;
	let raw: Raw;
	beforeAll(async () => {
		db = await openTestDb(dialect);
		world = await buildStatisticsWorld(db);
		raw = await loadRaw(db);
	}, 60_000);
	afterAll(async () => db?.cleanup());

	it('has bookings crossing month ends and every status in the fixture', () => {
		const crossing = raw.bookings.filter((b) => monthsOf(b.start_at < b.end_at ? { start: b.start_at, end: b.end_at } : { start: 0, end: 0 }).length > 1);
		expect(crossing.length).toBeGreaterThan(5);
		expect(new Set(raw.bookings.map((b) => b.status)).size).toBe(7);
	});

	for (const code of PERIODS) {
		it(`reports the brute-force totals for ${code}`, async () => {
			const period = parsePeriod(code)!;
			const roles = await loadRoles(db, world.evaluator.id);
			const o = await overview(db, roles, {}, period, WORLD_NOW);
			expectSameMetrics(o.metrics, bruteMetrics(raw, 'all', period, WORLD_NOW, null).get('all') ?? o.metrics, `${code} total`);
			if (code === '2026-Q1') expect(o.metrics.effectiveHours).toBeGreaterThan(0);
		});
	}

	for (const level of ['area', 'institution', 'facility', 'instrument'] as const) {
		it(`reports the brute-force metrics per ${level} for 2026-Q1 and 2026-02`, async () => {
			const roles = await loadRoles(db, world.admin.id);
			for (const code of ['2026-Q1', '2026-02']) {
				const period = parsePeriod(code)!;
				const rows = await breakdown(db, roles, {}, level, period, 'effectiveHours', WORLD_NOW);
				const expected = bruteMetrics(raw, level, period, WORLD_NOW, null);
				for (const [key, m] of expected) expectSameMetrics(rows.find((r) => r.key === key)?.metrics, m, `${code} ${level} ${key}`);
			}
		});
	}

	it('scopes a Tianjin evaluator to Tianjin instruments, with the same numbers as the recount', async () => {
		const roles = await loadRoles(db, world.evaluatorTj.id);
		const period = parsePeriod('2026-Q1')!;
		const rows = await breakdown(db, roles, {}, 'facility', period, 'bookings', WORLD_NOW);
		const expected = bruteMetrics(raw, 'facility', period, WORLD_NOW, ['TJ']);
		expect(rows.map((r) => r.key).sort()).toEqual([...expected.keys()].sort());
		for (const [key, m] of expected) expectSameMetrics(rows.find((r) => r.key === key)?.metrics, m, `TJ facility ${key}`);
		const o = await overview(db, roles, { area: 'TJ' }, period, WORLD_NOW);
		expectSameMetrics(o.metrics, bruteMetrics(raw, 'all', period, WORLD_NOW, ['TJ']).get('all'), 'TJ total');
	});

	it('gives the brute-force flow matrix, and monthly trend points that add up to the quarter', async () => {
		const roles = await loadRoles(db, world.evaluator.id);
		const period = parsePeriod('2026-Q1')!;
		const cells = await flows(db, roles, {}, period);
		const expected = bruteFlows(raw, period);
		expect(cells).toHaveLength(9);
		for (const c of cells) {
			const e = expected.get(`${c.from}>${c.to}`) ?? { hours: 0, bookings: 0, revenueFen: 0 };
			expect(c.hours, `${c.from}>${c.to}`).toBeCloseTo(e.hours, 6);
			expect(c.bookings).toBe(e.bookings);
			expect(c.revenueFen).toBe(e.revenueFen);
		}
		const points = await trend(db, roles, {}, period, WORLD_NOW);
		expect(points.map((p) => p.month)).toEqual(['2026-01', '2026-02', '2026-03']);
		expect(points.reduce((n, p) => n + p.metrics.effectiveHours, 0)).toBeCloseTo(bruteMetrics(raw, 'all', period, WORLD_NOW, null).get('all')!.effectiveHours, 6);
		expect(points.reduce((n, p) => n + p.metrics.bookedHours, 0)).toBeCloseTo(bruteMetrics(raw, 'all', period, WORLD_NOW, null).get('all')!.bookedHours, 6);
	});

	it('shows a Tianjin evaluator only the Tianjin rows and columns of the flow matrix', async () => {
		const cells = await flows(db, await loadRoles(db, world.evaluatorTj.id), {}, parsePeriod('2026-Q1')!);
		expect(cells.every((c) => c.from === 'TJ' || c.to === 'TJ')).toBe(true);
		expect(cells).toHaveLength(5);
	});

	it('grades every institution with instruments, with the previous period beside it', async () => {
		const { cards } = await scorecards(db, await loadRoles(db, world.evaluator.id), {}, parsePeriod('2026-Q1')!, WORLD_NOW);
		expect(cards.length).toBe(6);
		for (const c of cards) {
			expect(c.card.indicators).toHaveLength(9);
			expect(c.card.grade === null || ['excellent', 'good', 'pass', 'poor'].includes(c.card.grade)).toBe(true);
			expect(c.previous.indicators).toHaveLength(9);
		}
	});

	it('forbids Beijing to the Tianjin evaluator and evaluator data to researchers and managers', async () => {
		const period = parsePeriod('2026-Q1')!;
		const tj = await loadRoles(db, world.evaluatorTj.id);
		await expect(overview(db, tj, { area: 'BJ' }, period, WORLD_NOW)).rejects.toMatchObject({ kind: 'forbidden' });
		await expect(flows(db, tj, { area: 'BJ' }, period)).rejects.toBeInstanceOf(ServiceError);
		const bjInstrument = raw.instruments.find((i) => i.area_code === 'BJ')!;
		await expect(instrumentBookings(db, tj, bjInstrument.id, period)).rejects.toMatchObject({ kind: 'forbidden' });
		for (const id of [world.researcher.id, world.manager.id]) {
			const roles = await loadRoles(db, id);
			await expect(overview(db, roles, {}, period, WORLD_NOW)).rejects.toMatchObject({ kind: 'forbidden' });
			await expect(scorecards(db, roles, {}, period, WORLD_NOW)).rejects.toMatchObject({ kind: 'forbidden' });
		}
	});

	it('ranks lowest first on request (which facilities share least), rows without a value last', async () => {
		const roles = await loadRoles(db, world.admin.id);
		const period = parsePeriod('2026-Q1')!;
		const high = await breakdown(db, roles, {}, 'facility', period, 'sharedHours', WORLD_NOW);
		const low = await breakdown(db, roles, {}, 'facility', period, 'sharedHours', WORLD_NOW, true);
		expect(low.map((r) => r.key).sort()).toEqual(high.map((r) => r.key).sort());
		const values = low.map((r) => r.metrics.sharedHours);
		expect(values).toEqual([...values].sort((a, b) => a - b));
		expect(values[0]).toBeLessThan(values[values.length - 1]);
		const util = (await breakdown(db, roles, {}, 'facility', period, 'utilisation', WORLD_NOW, true)).map((r) => r.metrics.utilisation);
		const firstNull = util.indexOf(null);
		if (firstNull >= 0) expect(util.slice(firstNull).every((u) => u === null)).toBe(true);
	});

	it('lists an instrument’s bookings without personal names', async () => {
		const roles = await loadRoles(db, world.evaluator.id);
		const instrument = raw.instruments.find((i) => raw.bookings.some((b) => b.instrument_id === i.id))!;
		const lines = await instrumentBookings(db, roles, instrument.id, parsePeriod('2026')!);
		expect(lines.length).toBeGreaterThan(0);
		const text = JSON.stringify(lines);
		expect(text).not.toContain('测试用户');
		expect(Object.keys(lines[0])).not.toContain('userId');
	});

	it('lets only the admin change the scheme, with an audit row, and rejects a bad one with every problem', async () => {
		const evaluatorRoles = await loadRoles(db, world.evaluator.id);
		await expect(updateScheme(db, world.evaluator, evaluatorRoles, DEFAULT_SCHEME)).rejects.toMatchObject({ kind: 'forbidden' });
		const adminRoles = await loadRoles(db, world.admin.id);
		const bad = { ...DEFAULT_SCHEME, cutoffs: { excellent: 10, good: 20, pass: 30 }, staleDays: -1 };
		await expect(updateScheme(db, world.admin, adminRoles, bad)).rejects.toMatchObject({ kind: 'conflict', problems: [{ code: 'stat_bad_cutoffs' }, { code: 'stat_bad_stale_days' }] });
		const changed = { ...DEFAULT_SCHEME, cutoffs: { excellent: 90, good: 75, pass: 60 } };
		await updateScheme(db, world.admin, adminRoles, changed);
		expect((await loadScheme(db)).cutoffs.excellent).toBe(90);
		const audit = await db.kysely.selectFrom('audit_log').selectAll().where('entity', '=', 'evaluation_scheme').execute();
		expect(audit).toHaveLength(1);
	});
});
