// The evaluator reports on the generated statistics world, on SQLite and PostgreSQL: the national
// instrument records hold exactly the scope's instruments with the same yearly figures as the
// metrics (and the brute-force recount), stream the same records in small pages and in every file
// format, name no person, and are refused outside the evaluator's scope; the quarterly report adds
// up to the metrics and lists the institution's usage records without names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { DIALECTS, openTestDb, type TestDb } from './test-db';
import { buildStatisticsWorld, WORLD_NOW, type World } from './statistics-world';
import { bruteMetrics, loadRaw, type Raw } from './statistics-brute';
import { loadRoles } from '../../src/lib/server/auth/roles';
import { breakdown, overview } from '../../src/lib/server/statistics/statistics.service';
import { nationalRecords } from '../../src/lib/server/statistics/statistics.national';
import { nationalCsv, nationalJson, nationalXlsx } from '../../src/lib/server/statistics/statistics.national.export';
import { quarterlyReport } from '../../src/lib/server/statistics/statistics.quarterly';
import { quarterlyTables } from '../../src/lib/server/statistics/statistics.quarterly.tables';
import { xlsxStreamResponse } from '../../src/lib/server/statistics/statistics.stream';
import { NATIONAL_FIELDS, nationalObject, type NationalInput } from '../../src/lib/domain/statistics/national-record';
import { parsePeriod } from '../../src/lib/domain/statistics/period';
import { translator } from '../../src/lib/i18n/locale';

const ORIGIN = 'https://share.test';
const YEAR = 2026;

async function collect(gen: AsyncGenerator<NationalInput>): Promise<Record<string, string | number | null>[]> {
	const out = [];
	for await (const r of gen) out.push(nationalObject(r));
	return out;
}

describe.each(DIALECTS)('evaluator reports on %s', (dialect) => {
	let db: TestDb;
	let world: World;
	let raw: Raw;
	let names: string[];
	beforeAll(async () => {
		db = await openTestDb(dialect);
		world = await buildStatisticsWorld(db);
		raw = await loadRaw(db);
		names = (await db.kysely.selectFrom('users').select('name').execute()).map((u) => u.name);
	}, 60_000);
	afterAll(async () => db?.cleanup());

	it("exports exactly a Tianjin scope's instruments with the metrics' yearly hours and the recount's", async () => {
		const roles = await loadRoles(db, world.evaluator.id);
		const out = await nationalRecords(db, roles, { area: 'TJ' }, YEAR, { origin: ORIGIN, now: WORLD_NOW });
		const rows = await collect(out.records());
		const expectedIds = raw.instruments.filter((i) => i.area_code === 'TJ').map((i) => i.id).sort((a, b) => a - b);
		expect(rows.map((r) => r.platform_id)).toEqual(expectedIds);
		const period = parsePeriod(String(YEAR))!;
		const metrics = await breakdown(db, roles, { area: 'TJ' }, 'instrument', period, 'effectiveHours', WORLD_NOW);
		const brute = bruteMetrics(raw, 'instrument', period, WORLD_NOW, ['TJ']);
		let hours = 0;
		for (const r of rows) {
			const m = metrics.find((x) => x.key === String(r.platform_id))?.metrics;
			const b = brute.get(String(r.platform_id));
			expect(r.year).toBe(YEAR);
			expect(r.run_hours).toBeCloseTo(m?.effectiveHours ?? 0, 2);
			expect(r.run_hours).toBeCloseTo(b?.effectiveHours ?? 0, 2);
			expect(r.external_hours).toBeCloseTo(m?.sharedHours ?? 0, 2);
			expect(r.cross_area_hours).toBeCloseTo(b?.crossAreaHours ?? 0, 2);
			expect(r.bookings).toBe(m?.bookings ?? 0);
			expect(r.revenue_wan).toBeCloseTo((m?.revenueFen ?? 0) / 1_000_000, 6);
			expect(Number(r.external_revenue_wan)).toBeLessThanOrEqual(Number(r.revenue_wan));
			hours += Number(r.run_hours);
		}
		expect(hours, 'the Tianjin instruments were used in the year').toBeGreaterThan(0);
		const total = await overview(db, roles, { area: 'TJ' }, period, WORLD_NOW);
		expect(hours).toBeCloseTo(total.metrics.effectiveHours, 0);
	});

	it('fills the record from the instrument, its facility and institution, and names no person', async () => {
		const roles = await loadRoles(db, world.admin.id);
		const rows = await collect((await nationalRecords(db, roles, {}, YEAR, { origin: ORIGIN, now: WORLD_NOW })).records());
		expect(rows).toHaveLength(raw.instruments.length);
		const institutions = await db.kysely.selectFrom('institutions').select(['name_zh', 'credit_code']).execute();
		for (const r of rows) {
			const i = raw.instruments.find((x) => x.id === r.platform_id)!;
			expect(r.name_zh).toBe(i.name_zh);
			expect(r.value_wan).toBe(i.value_fen / 1_000_000);
			expect(institutions.some((n) => n.name_zh === r.institution && n.credit_code === r.credit_code)).toBe(true);
			expect(r.booking_url).toBe(`${ORIGIN}/instruments/${i.id}`);
			expect(r.country).toBeNull();
			expect(r.open_status).toBe(i.published === 1 && i.status !== 'retired' ? '已开放' : '未开放');
		}
		const text = JSON.stringify(rows);
		for (const name of names) expect(text).not.toContain(name);
	});

	it('streams the same records in small pages as in one', async () => {
		const roles = await loadRoles(db, world.evaluator.id);
		const whole = await collect((await nationalRecords(db, roles, {}, YEAR, { origin: ORIGIN, now: WORLD_NOW })).records());
		const paged = await collect((await nationalRecords(db, roles, {}, YEAR, { origin: ORIGIN, now: WORLD_NOW, batch: 2 })).records());
		expect(paged).toEqual(whole);
	});

	it('writes the records as CSV, XLSX (with a field-notes sheet) and JSON with the same numbers', async () => {
		const roles = await loadRoles(db, world.evaluator.id);
		const fresh = () => nationalRecords(db, roles, { area: 'TJ' }, YEAR, { origin: ORIGIN, now: WORLD_NOW });
		const rows = await collect((await fresh()).records());
		const runCol = NATIONAL_FIELDS.findIndex((f) => f.code === 'run_hours');

		const csv = await nationalCsv(await fresh(), 'x').text();
		const lines = csv.trim().split('\r\n');
		expect(lines[0].replace('\uFEFF', '').split(',')[0]).toBe('平台仪器编号');
		expect(lines).toHaveLength(rows.length + 1);

		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load((await (await nationalXlsx(translator('zh-CN'), await fresh(), 'x')).arrayBuffer()) as ExcelJS.Buffer);
		const [sheet, notes] = workbook.worksheets;
		expect(sheet.getRow(1).getCell(1).value).toBe('平台仪器编号');
		expect(sheet.rowCount).toBe(rows.length + 1);
		rows.forEach((r, n) => {
			expect(sheet.getRow(n + 2).getCell(1).value).toBe(r.platform_id);
			expect(sheet.getRow(n + 2).getCell(runCol + 1).value).toBe(r.run_hours);
		});
		expect(notes.rowCount).toBe(NATIONAL_FIELDS.length + 1);
		expect(notes.getRow(2 + NATIONAL_FIELDS.findIndex((f) => f.code === 'country')).getCell(5).value).toBe('无（留空）');

		const json = await nationalJson(await fresh()).json();
		expect(json.year).toBe(YEAR);
		expect(json.fields).toHaveLength(NATIONAL_FIELDS.length);
		expect(json.items).toEqual(rows);
	});

	it('refuses Beijing to the Tianjin evaluator, gives them Tianjin only, and gives researchers and managers nothing', async () => {
		const tj = await loadRoles(db, world.evaluatorTj.id);
		await expect(nationalRecords(db, tj, { area: 'BJ' }, YEAR, { origin: ORIGIN, now: WORLD_NOW })).rejects.toMatchObject({ kind: 'forbidden', status: 403 });
		const own = await collect((await nationalRecords(db, tj, {}, YEAR, { origin: ORIGIN, now: WORLD_NOW })).records());
		expect(own.length).toBeGreaterThan(0);
		expect(own.every((r) => raw.instruments.find((i) => i.id === r.platform_id)!.area_code === 'TJ')).toBe(true);
		const beijingOnly = world.institutions.find((i) => i.area === 'BJ' && !raw.instruments.some((x) => x.institution_id === i.id && x.area_code === 'TJ'))!;
		const q1 = parsePeriod('2026-Q1')!;
		await expect(quarterlyReport(db, tj, { institutionId: beijingOnly.id }, q1, WORLD_NOW)).rejects.toMatchObject({ kind: 'forbidden' });
		for (const id of [world.researcher.id, world.manager.id]) {
			const roles = await loadRoles(db, id);
			await expect(nationalRecords(db, roles, {}, YEAR, { origin: ORIGIN, now: WORLD_NOW })).rejects.toMatchObject({ kind: 'forbidden' });
			await expect(quarterlyReport(db, roles, { institutionId: world.institutions[0].id }, q1, WORLD_NOW)).rejects.toMatchObject({ kind: 'forbidden' });
		}
	});

	it("reports an institution's quarter with the metrics' figures, its outside clients and its usage records", async () => {
		const roles = await loadRoles(db, world.evaluator.id);
		const q1 = parsePeriod('2026-Q1')!;
		const inst = world.institutions[0]; // the Beijing university with a Tianjin branch
		const report = await quarterlyReport(db, roles, { institutionId: inst.id }, q1, WORLD_NOW);
		const brute = bruteMetrics(raw, 'instrument', q1, WORLD_NOW, null);
		const own = raw.instruments.filter((i) => i.institution_id === inst.id);
		expect(report.instruments.map((r) => Number(r.key)).sort()).toEqual(own.map((i) => i.id).sort());
		for (const r of report.instruments) expect(r.metrics.effectiveHours).toBeCloseTo(brute.get(r.key)?.effectiveHours ?? 0, 6);
		expect(report.instruments.reduce((n, r) => n + r.metrics.effectiveHours, 0)).toBeCloseTo(report.metrics.effectiveHours, 6);
		expect(report.months.map((m) => m.month)).toEqual(['2026-01', '2026-02', '2026-03']);
		expect(report.previousPeriod.code).toBe('2025-Q4');

		const ids = new Set(own.map((i) => i.id));
		const expectedUsage = raw.usage.filter((u) => ids.has(u.instrument_id) && u.end_at !== null && u.start_at >= q1.start && u.start_at < q1.end);
		expect(report.usage.map((l) => l.id).sort()).toEqual(expectedUsage.map((u) => u.id).sort());
		expect(report.instruments.reduce((n, r) => n + r.usageRecords, 0)).toBe(expectedUsage.length);
		const userInstitution = (u: Raw['usage'][number]) => raw.bookings.find((b) => b.id === u.booking_id)?.user_institution_id ?? raw.users.find((x) => x.id === u.user_id)!.institution_id;
		const outside = expectedUsage.filter((u) => userInstitution(u) !== inst.id);
		expect(outside.length, 'outside users used the institution in the quarter').toBeGreaterThan(0);
		expect(report.usage.filter((l) => l.outside).map((l) => l.id).sort()).toEqual(outside.map((u) => u.id).sort());
		expect(report.clients.every((c) => c.institutionId !== inst.id)).toBe(true);
		expect(report.clients.reduce((n, c) => n + c.records, 0)).toBe(report.usage.filter((l) => l.outside).length);

		const tables = quarterlyTables(translator('zh-CN'), report, 'zh-CN');
		expect(tables.usage.rows).toHaveLength(expectedUsage.length);
		const text = JSON.stringify({ report, tables });
		for (const name of names) expect(text).not.toContain(name);

		const workbook = new ExcelJS.Workbook();
		const xlsx = xlsxStreamResponse(Object.values(tables).map((t) => ({ name: t.name, columns: t.columns, rows: t.rows })), 'r');
		await workbook.xlsx.load((await xlsx.arrayBuffer()) as ExcelJS.Buffer);
		expect(workbook.worksheets.map((s) => s.name)).toEqual(['summary', 'months', 'facilities', 'instruments', 'clients', 'usage']);
		expect(workbook.getWorksheet('usage')!.rowCount).toBe(expectedUsage.length + 1);
	});

	it("limits a Tianjin evaluator's report on a Beijing university to its Tianjin branch", async () => {
		const tj = await loadRoles(db, world.evaluatorTj.id);
		const inst = world.institutions[0];
		const report = await quarterlyReport(db, tj, { institutionId: inst.id }, parsePeriod('2026-Q1')!, WORLD_NOW);
		const branch = raw.instruments.filter((i) => i.institution_id === inst.id && i.area_code === 'TJ').map((i) => i.id);
		expect(branch.length).toBeGreaterThan(0);
		expect(report.instruments.map((r) => Number(r.key)).sort()).toEqual(branch.sort());
		expect(report.usage.every((l) => branch.includes(l.instrumentId))).toBe(true);
	});
});
