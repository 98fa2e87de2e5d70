// The per-process catalogue caches (search results and facets, instrument page facts, prices,
// opening hours and closures) on a real database: a repeated read is answered from the cache, and a
// write — through the services, a CSV import, or another connection (another process) — is seen by
// the very next read, because triggers raise catalogue_version (migration 0011).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { createDb, type Db } from '../../src/lib/server/db/dialect';
import type { Database } from '../../src/lib/server/db/schema';
import { DIALECTS, openTestDb, PG_URL, type TestDb } from './test-db';
import { input, instrumentAdminWorld } from './instrument-admin-world';
import { buildBookingWorld } from './booking-world';
import { searchInstruments } from '../../src/lib/server/catalogue/instrument-search';
import { getInstrumentDetail } from '../../src/lib/server/catalogue/catalogue.service';
import { findInstrumentDetail, indexInstrument } from '../../src/lib/server/catalogue/catalogue.repository';
import { newFacility, newInstitution, newInstrument } from './fixtures';
import { instrumentQuerySchema } from '../../src/lib/server/catalogue/catalogue.query';
import { updateInstrument } from '../../src/lib/server/instrument-admin/instrument-admin.service';
import { importInstruments } from '../../src/lib/server/instrument-admin/import.service';
import { templateHeader } from '../../src/lib/domain/instrument/import-rows';
import { getAvailability } from '../../src/lib/server/booking/availability.service';
import { createClosure, deleteClosure } from '../../src/lib/server/schedule/closure.service';
import { setOpeningHours } from '../../src/lib/server/schedule/schedule.service';
import { saveRule } from '../../src/lib/server/pricing/price.service';
import { pricingForInstrumentPage } from '../../src/lib/server/pricing/page-context';
import { NO_ROLES } from '../../src/lib/server/auth/roles';
import { catalogueVersion } from '../../src/lib/server/catalogue/catalogue-cache';

const H = 3_600_000;
const D = 24 * H;

/** A second handle on the same database, as another process would have (its own connection and caches). */
function otherProcess(db: TestDb): Db {
	if (db.dialect === 'sqlite') return createDb(db.location);
	const url = new URL(PG_URL!);
	url.pathname = new URL(db.location.replace(/:\*\*\*@/, '@')).pathname;
	return createDb(url.toString());
}

/** A handle on the same database whose Kysely records the SQL it sends (its caches are its own). */
function recording(db: TestDb): { db: Db; sent: string[]; close: () => Promise<void> } {
	const sent: string[] = [];
	const pgUrl = () => {
		const url = new URL(PG_URL!);
		url.pathname = new URL(db.location.replace(/:\*\*\*@/, '@')).pathname;
		return url.toString();
	};
	const dialect =
		db.dialect === 'sqlite'
			? new SqliteDialect({ database: new SqliteDatabase(db.location) })
			: new PostgresDialect({ pool: new pg.Pool({ connectionString: pgUrl(), max: 2 }) });
	const kysely = new Kysely<Database>({ dialect, log: (e) => void (e.level === 'query' && sent.push(e.query.sql)) });
	return { db: { ...db, kysely }, sent, close: () => kysely.destroy() };
}

const csvRow = (name: string, model: string) => [name, `${model} instrument`, model, 'Maker', '分析仪器', '850000', '2024', '2024-09-02', 'CMA', '', '自主上机,代操作', '在用', '150', '1'];
const csv = (rows: string[][]) => [templateHeader(), ...rows].map((r) => r.map((c) => (/[",]/.test(c) ? `"${c}"` : c)).join(',')).join('\n');

describe.each(DIALECTS)('catalogue caches on %s', (kind) => {
	describe('search', () => {
		let db: TestDb;
		let w: Awaited<ReturnType<typeof instrumentAdminWorld>>;
		const query = (q: string, extra: Record<string, string> = {}) => instrumentQuerySchema.parse({ q, pageSize: 50, ...extra });
		const names = async (q: string, extra: Record<string, string> = {}, on: Db = db) => (await searchInstruments(on, query(q, extra))).items.map((i) => i.name_zh).sort();

		beforeAll(async () => {
			db = await openTestDb(kind);
			w = await instrumentAdminWorld(db);
		});
		afterAll(async () => db?.cleanup());

		it('answers a repeated search from the cache, reading only the catalogue version', async () => {
			const rec = recording(db);
			try {
				const first = await searchInstruments(rec.db, query('质谱仪', { area: 'TJ' }));
				expect(first.items.map((i) => i.name_zh)).toEqual(['乙平台的质谱仪']);
				expect(rec.sent.filter((s) => /from "instruments"/.test(s)).length).toBeGreaterThanOrEqual(2);
				rec.sent.length = 0;
				await new Promise((resolve) => setImmediate(resolve)); // a later request: the version is read again
				const again = await searchInstruments(rec.db, query('质谱仪', { area: 'TJ' }));
				expect(again).toEqual(first);
				expect(rec.sent).toEqual(['select version from catalogue_version where id = 1']);
				// the same text with another filter reuses the facet counts: only the page is queried
				rec.sent.length = 0;
				await searchInstruments(rec.db, query('质谱仪', { area: 'BJ' }));
				expect(rec.sent.filter((s) => / group by /.test(s))).toEqual([]);
			} finally {
				await rec.close();
			}
		});

		it('reads the catalogue version once per turn of the event loop, and again at once after a write of this process', async () => {
			const rec = recording(db); // its Kysely has no write tracking: its writes stand for another process's
			const turn = () => new Promise((resolve) => setImmediate(resolve));
			try {
				await turn();
				rec.sent.length = 0;
				const v = await catalogueVersion(rec.db.kysely);
				expect(await catalogueVersion(rec.db.kysely)).toBe(v);
				expect(rec.sent).toEqual(['select version from catalogue_version where id = 1']);
				// another process raises the version: this turn keeps the value read, the next turn reads again
				await sql`update catalogue_version set version = version + 1 where id = 1`.execute(rec.db.kysely);
				if (kind === 'sqlite') expect(await catalogueVersion(rec.db.kysely)).toBe(v); // (PostgreSQL's round trip itself ends the turn)
				await turn();
				expect(await catalogueVersion(rec.db.kysely)).toBe(v! + 1);
				// a write of this process (any handle with write tracking) is seen by the very next read, in the same turn
				await sql`update catalogue_version set version = version + 1 where id = 1`.execute(db.kysely);
				expect(await catalogueVersion(rec.db.kysely)).toBe(v! + 2);
			} finally {
				await rec.close();
			}
		});

		it('finds a renamed instrument under its new name, and no longer under the old one, on the next identical search', async () => {
			expect(await names('乙平台的质谱仪')).toEqual(['乙平台的质谱仪']);
			expect(await names('改名后的离子色谱仪')).toEqual([]);
			await updateInstrument(db, w.b, w.instrumentB.id, input({ nameZh: '改名后的离子色谱仪', nameEn: 'Renamed ion chromatograph' }));
			expect(await names('改名后的离子色谱仪')).toEqual(['改名后的离子色谱仪']);
			expect(await names('乙平台的质谱仪')).toEqual([]);
			// two-character terms (bigram path) and English text see it too
			expect(await names('离子')).toEqual(['改名后的离子色谱仪']);
			expect(await names('renamed ion')).toEqual(['改名后的离子色谱仪']);
		});

		it('counts instruments imported from CSV in the next identical search and its facets', async () => {
			const before = await searchInstruments(db, query('缓存导入'));
			expect(before.total).toBe(0);
			expect(before.facets.area).toEqual([]);
			const result = await importInstruments(db, w.a, w.facA.id, { name: 'cache.csv', bytes: new TextEncoder().encode(csv([csvRow('缓存导入的红外光谱仪', 'CACHE-IR'), csvRow('缓存导入的拉曼光谱仪', 'CACHE-RA')])) });
			expect(result.ok).toBe(true);
			const after = await searchInstruments(db, query('缓存导入'));
			expect(after.items.map((i) => i.name_zh).sort()).toEqual(['缓存导入的拉曼光谱仪', '缓存导入的红外光谱仪']);
			expect(after.total).toBe(2);
			expect(after.facets.area).toEqual([expect.objectContaining({ value: w.facA.area_code, count: 2 })]);
			expect(after.facets.mode.find((m) => m.value === 'self')?.count).toBe(2);
		});

		it("sees another process's writes (on its own connection) on the next identical search", async () => {
			expect(await names('缓存导入的拉曼')).toEqual(['缓存导入的拉曼光谱仪']);
			expect(await names('共聚焦拉曼')).toEqual([]);
			const other = otherProcess(db);
			try {
				const { id } = await other.kysely.selectFrom('instruments').select('id').where('model', '=', 'CACHE-RA').executeTakeFirstOrThrow();
				await other.kysely.updateTable('instruments').set({ name_zh: '缓存导入的共聚焦拉曼光谱仪' }).where('id', '=', id).execute();
				await indexInstrument(other.kysely, id);
			} finally {
				await other.close();
			}
			expect(await names('共聚焦拉曼')).toEqual(['缓存导入的共聚焦拉曼光谱仪']);
			const other2 = otherProcess(db);
			try {
				await sql`update instruments set published = 0 where model = 'CACHE-RA'`.execute(other2.kysely);
			} finally {
				await other2.close();
			}
			expect(await names('共聚焦拉曼')).toEqual([]);
			await sql`update instruments set published = 1 where model = 'CACHE-RA'`.execute(db.kysely);
		});

		it('stops listing an instrument deleted by another process, and keeps the text index in step', async () => {
			expect(await names('缓存导入的红外')).toEqual(['缓存导入的红外光谱仪']);
			const other = otherProcess(db);
			try {
				await other.kysely.deleteFrom('instrument_grams').where('instrument_id', 'in', (eb) => eb.selectFrom('instruments').select('id').where('model', '=', 'CACHE-IR')).execute();
				await other.kysely.deleteFrom('audit_log').execute();
				await other.kysely.deleteFrom('instruments').where('model', '=', 'CACHE-IR').execute();
			} finally {
				await other.close();
			}
			expect(await names('缓存导入的红外')).toEqual([]);
			expect(await names('缓存导入')).toEqual(['缓存导入的共聚焦拉曼光谱仪']);
		});
	});

	describe('instrument page and availability', () => {
		let db: TestDb;
		let w: Awaited<ReturnType<typeof buildBookingWorld>>;
		beforeEach(async () => {
			db = await openTestDb(kind);
			w = await buildBookingWorld(db);
		});
		afterEach(async () => db?.cleanup());

		it('keeps an instrument page row and its prices from the second view on (the first view of an instrument is not kept)', async () => {
			const rec = recording(db);
			const turn = () => new Promise((resolve) => setImmediate(resolve));
			const view = async () => {
				const detail = (await getInstrumentDetail(rec.db, w.instrumentId))!;
				await pricingForInstrumentPage(rec.db, null, detail);
				return rec.sent.filter((s) => !s.startsWith('select version from catalogue_version')).length;
			};
			try {
				await turn();
				expect(await view()).toBeGreaterThanOrEqual(2); // the instrument and its price rules
				rec.sent.length = 0;
				await turn();
				expect(await view()).toBeGreaterThanOrEqual(2); // read again: now kept
				rec.sent.length = 0;
				await turn();
				expect(await view()).toBe(0); // from the caches
				// a write raises the version: read again (and kept at once, the instrument was seen)
				await saveRule(db, w.managerBj, w.managerBjRoles, w.instrumentId, { mode: 'self', unit: 'hour', internalFen: 10_000, outsideFen: 45_000, minBilledMinutes: 30, freeQuotaPerYear: 0, freeKinds: [] });
				rec.sent.length = 0;
				await turn();
				expect(await view()).toBeGreaterThanOrEqual(2);
				rec.sent.length = 0;
				await turn();
				expect(await view()).toBe(0);
			} finally {
				await rec.close();
			}
		});

		it('shows a changed name and a new price rule on the next page view', async () => {
			const detail = (await getInstrumentDetail(db, w.instrumentId))!;
			expect(detail.name_zh).toBe('场发射扫描电子显微镜');
			const before = await pricingForInstrumentPage(db, null, detail);
			expect(before.prices?.find((p) => p.mode === 'self')).toMatchObject({ set: false, outsideFen: 30_000 });
			await saveRule(db, w.managerBj, w.managerBjRoles, w.instrumentId, { mode: 'self', unit: 'hour', internalFen: 10_000, outsideFen: 45_000, minBilledMinutes: 30, freeQuotaPerYear: 0, freeKinds: [] });
			const after = await pricingForInstrumentPage(db, null, (await getInstrumentDetail(db, w.instrumentId))!);
			expect(after.prices?.find((p) => p.mode === 'self')).toMatchObject({ set: true, internalFen: 10_000, outsideFen: 45_000 });
			// the displayed hourly rate on the instrument follows the rule
			expect((await getInstrumentDetail(db, w.instrumentId))!.price_hour_fen).toBe(45_000);
			await db.kysely.updateTable('facilities').set({ name_zh: '改名的测试重点实验室' }).where('id', '=', w.facilityId).execute();
			expect((await getInstrumentDetail(db, w.instrumentId))!.facility_name_zh).toBe('改名的测试重点实验室');
		});

		it("names the instrument's facility, institution, city and area from the per-version names, and reads a place newer than them with the join", async () => {
			const detail = (await getInstrumentDetail(db, w.instrumentId, 'en'))!;
			const joined = (await findInstrumentDetail(db.kysely, w.instrumentId))!;
			for (const k of ['facility_name_zh', 'facility_name_en', 'institution_name_zh', 'institution_name_en', 'institution_area_code', 'city_name_zh', 'city_name_en', 'area_name_zh', 'area_name_en'] as const) expect(detail[k]).toBe(joined[k]);
			// another process adds a facility and an instrument in it while this one holds the older version's names
			const version = await catalogueVersion(db.kysely);
			const other = otherProcess(db);
			try {
				const inst = await newInstitution(other, { area: 'HE', nameZh: '新建的河北研究院', kind: 'institute' });
				const lab = await newFacility(other, { institutionId: inst.id, kind: 'national_engineering_centre', nameZh: '新建的工程中心' });
				const added = await newInstrument(other, { facilityId: lab.id, nameZh: '新加入的色谱仪' });
				const seen = (await getInstrumentDetail(db, added.id, 'zh-CN', version))!; // the version read before the write
				expect(seen).toMatchObject({ name_zh: '新加入的色谱仪', facility_name_zh: '新建的工程中心', institution_name_zh: '新建的河北研究院', institution_area_code: 'HE', area_code: 'HE' });
				// a reader still at the older version once the names are newer: one join, not a read of every name it would not keep
				const rec = recording(db);
				try {
					const newer = await catalogueVersion(rec.db.kysely);
					expect(newer).toBeGreaterThan(version!);
					await getInstrumentDetail(rec.db, w.instrumentId, 'zh-CN', newer);
					expect(rec.sent.some((q) => /^select "id", "name_zh", "name_en" from "facilities"/.test(q))).toBe(true); // the names, read once
					rec.sent.length = 0;
					expect(await getInstrumentDetail(rec.db, added.id, 'en', version)).toMatchObject({ facility_name_zh: '新建的工程中心' });
					expect(rec.sent.filter((q) => /join "facilities"/.test(q))).toHaveLength(1);
					expect(rec.sent.some((q) => /from "facilities"$/.test(q) || /^select "id", "name_zh", "name_en" from "facilities"/.test(q))).toBe(false);
				} finally {
					await rec.close();
				}
			} finally {
				await other.close();
			}
		});

		it('takes a new closure and new opening hours out of the open time on the next availability request', async () => {
			const viewer = { userId: null, roles: NO_ROLES };
			const from = w.monday9 - 9 * H; // Monday 00:00 in Shanghai
			const open = async () => (await getAvailability(db, w.instrumentId, from, from + 7 * D, viewer)).open;
			const before = await open();
			expect(before.some((r) => r.start <= w.monday9 && r.end > w.monday9)).toBe(true);
			const created = await createClosure(db, w.managerBj, w.managerBjRoles, w.instrumentId, { recurrence: 'once', kind: 'maintenance', reason: '年度保养', start: w.monday9, end: w.monday9 + 2 * H }, [], w.now);
			expect(created.status).toBe('created');
			const closed = await getAvailability(db, w.instrumentId, from, from + 7 * D, viewer);
			expect(closed.closures).toEqual([{ start: w.monday9, end: w.monday9 + 2 * H, kind: 'maintenance', reason: '年度保养' }]);
			expect(closed.open.some((r) => r.start < w.monday9 + 2 * H && r.end > w.monday9)).toBe(false);
			if (created.status === 'created') await deleteClosure(db, w.managerBj, w.managerBjRoles, created.closureId, w.now);
			expect(await open()).toEqual(before);
			// closed on Mondays from now on
			await setOpeningHours(db, w.managerBj, w.managerBjRoles, w.instrumentId, [{ weekday: 2, start: '09:00', end: '17:00' }], w.now);
			const tuesdayOnly = await open();
			expect(tuesdayOnly).toEqual([{ start: w.monday9 + D, end: w.monday9 + D + 8 * H }]);
		});
	});
});
