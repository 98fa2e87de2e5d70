// The demo data set: counts from reference/figures.md, valid credit codes, no overlapping active
// bookings, the nine demo accounts, the showcase instrument, and the same data on every run.
// Runs on a temporary SQLite file, and on PostgreSQL when TEST_DATABASE_URL is set (a fresh
// database with a random name is created through that URL and dropped afterwards).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { verify } from '@node-rs/argon2';
import { createDb, type Db } from '../../src/lib/server/db/dialect';
import { diskMigrations, migrateToLatest, RecordMigrationProvider } from '../../src/lib/server/db/migrate';
import { isValidCreditCode } from '../../src/lib/domain/institution/credit-code';
import { bigrams } from '../../src/lib/domain/catalogue/search-text';
import { CATEGORY_CODES } from '../../src/lib/domain/catalogue/categories';
import { DEFAULT_OPENING_HOURS } from '../../src/lib/domain/booking/opening-hours';
import { DAY } from '../../src/lib/domain/time/range';
import {
	clearAll,
	demoDayStart,
	findShowcaseInstrument,
	seedDemo,
	DEMO_PASSWORD,
	FACILITY_COUNTS,
	SHOWCASE_FREE_DAYS,
	type DemoAccount
} from '../../src/lib/server/demo/seed';

// 2026-12-01 12:00 in Asia/Shanghai: a fixed day so the assertions do not depend on the clock.
const NOW = Date.UTC(2026, 11, 1, 4, 0);
const SEED_TIMEOUT = 180_000;

interface Opened {
	db: Db;
	cleanup: () => Promise<void>;
}

async function openSqlite(): Promise<Opened> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jjj-demo-seed-'));
	const db = createDb(path.join(dir, 'demo.db'));
	return { db, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

async function openPostgres(adminUrl: string): Promise<Opened> {
	const name = `jjj_seed_${crypto.randomBytes(6).toString('hex')}`;
	const admin = new pg.Client({ connectionString: adminUrl });
	await admin.connect();
	try {
		await admin.query(`create database ${name}`);
	} finally {
		await admin.end();
	}
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	const db = createDb(url.toString());
	return {
		db,
		cleanup: async () => {
			const c = new pg.Client({ connectionString: adminUrl });
			await c.connect();
			try {
				await c.query(`drop database if exists ${name} with (force)`);
			} finally {
				await c.end();
			}
		}
	};
}

async function snapshot(db: Db) {
	const k = db.kysely;
	return {
		institutions: await k.selectFrom('institutions').select(['id', 'name_zh', 'credit_code', 'city_id']).orderBy('id').execute(),
		facilities: await k.selectFrom('facilities').select(['id', 'name_zh', 'kind', 'area_code', 'institution_id', 'confirmed_at']).orderBy('id').execute(),
		instruments: await k.selectFrom('instruments').select(['id', 'facility_id', 'name_zh', 'model', 'value_fen', 'opening_hours', 'search_text']).orderBy('id').execute(),
		grams: Number((await k.selectFrom('instrument_grams').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
		users: await k.selectFrom('users').select(['id', 'email', 'name', 'institution_id']).orderBy('id').execute(),
		bookings: await k.selectFrom('bookings').select(['id', 'instrument_id', 'user_id', 'start_at', 'end_at', 'status', 'quote_fen']).orderBy('id').execute()
	};
}

function demoSeedSuite(open: () => Promise<Opened>) {
	let db: Db;
	let cleanup: (() => Promise<void>) | undefined;
	let accounts: DemoAccount[];

	beforeAll(async () => {
		({ db, cleanup } = await open());
		await migrateToLatest(db, new RecordMigrationProvider(await diskMigrations()));
		accounts = await seedDemo(db, { now: NOW });
	}, SEED_TIMEOUT);

	afterAll(async () => {
		await db?.close();
		await cleanup?.();
	});

	it('has exactly the facility counts per kind of the three areas, Beijing holding more than half of each', async () => {
		const rows = await db.kysely
			.selectFrom('facilities')
			.select(['kind', 'area_code', (eb) => eb.fn.countAll().as('n')])
			.groupBy(['kind', 'area_code'])
			.execute();
		for (const [kind, expected] of Object.entries(FACILITY_COUNTS)) {
			const ofKind = rows.filter((r) => r.kind === kind);
			const total = ofKind.reduce((s, r) => s + Number(r.n), 0);
			const bj = Number(ofKind.find((r) => r.area_code === 'BJ')?.n ?? 0);
			expect(total, kind).toBe(expected);
			expect(bj, kind).toBeGreaterThan(expected / 2);
		}
		expect(FACILITY_COUNTS).toEqual({
			national_key_lab: 141,
			provincial_key_lab: 710,
			national_engineering_centre: 111,
			provincial_engineering_centre: 744,
			incubator: 197,
			maker_space: 103
		});
	});

	it('has branch sites: facilities located in another area than their institution', async () => {
		const branches = await db.kysely
			.selectFrom('facilities as f')
			.innerJoin('institutions as i', 'i.id', 'f.institution_id')
			.select(['f.area_code as facilityArea', 'i.area_code as institutionArea'])
			.whereRef('f.area_code', '<>', 'i.area_code')
			.execute();
		expect(branches.length).toBeGreaterThan(20);
		expect(branches.some((b) => b.institutionArea === 'BJ' && b.facilityArea === 'TJ')).toBe(true);
		expect(branches.some((b) => b.institutionArea === 'BJ' && b.facilityArea === 'HE')).toBe(true);
	});

	it('has 10,000 instruments over all categories, with the search index and denormalised columns', async () => {
		const k = db.kysely;
		const instruments = await k.selectFrom('instruments').select(['name_zh', 'category_code', 'value_fen']).execute();
		expect(instruments.length).toBe(10_000);
		expect(new Set(instruments.map((i) => i.category_code))).toEqual(new Set(CATEGORY_CODES));
		expect(new Set(instruments.map((i) => i.name_zh)).size).toBeGreaterThanOrEqual(60);
		expect(instruments.filter((i) => i.value_fen >= 50_000_000).length / instruments.length).toBeGreaterThan(0.9);
		const mismatched = await k
			.selectFrom('instruments as i')
			.innerJoin('facilities as f', 'f.id', 'i.facility_id')
			.select((eb) => eb.fn.countAll().as('n'))
			.where((eb) =>
				eb.or([
					eb('i.area_code', '<>', eb.ref('f.area_code')),
					eb('i.city_id', '<>', eb.ref('f.city_id')),
					eb('i.facility_kind', '<>', eb.ref('f.kind')),
					eb('i.institution_id', '<>', eb.ref('f.institution_id'))
				])
			)
			.executeTakeFirstOrThrow();
		expect(Number(mismatched.n)).toBe(0);
		const sample = await k.selectFrom('instruments').select(['id', 'search_text']).orderBy('id').limit(5).execute();
		for (const s of sample) {
			const grams = await k.selectFrom('instrument_grams').select('gram').where('instrument_id', '=', s.id).execute();
			expect(new Set(grams.map((g) => g.gram))).toEqual(new Set(bigrams(s.search_text)));
		}
		// the end-to-end search: 显微镜 narrowed to Tianjin
		const tjMicroscopes = await k
			.selectFrom('instruments')
			.select((eb) => eb.fn.countAll().as('n'))
			.where('area_code', '=', 'TJ')
			.where('published', '=', 1)
			.where('name_zh', 'like', '%显微镜%')
			.executeTakeFirstOrThrow();
		expect(Number(tjMicroscopes.n)).toBeGreaterThan(10);
	});

	it('gives every institution a valid unified social credit code', async () => {
		const codes = await db.kysely.selectFrom('institutions').select('credit_code').execute();
		expect(codes.length).toBeGreaterThan(200);
		expect(codes.filter((c) => !isValidCreditCode(c.credit_code))).toEqual([]);
	});

	it('never lets two active bookings overlap on one instrument, and flags active exactly', async () => {
		const bookings = await db.kysely
			.selectFrom('bookings')
			.select(['instrument_id', 'start_at', 'end_at', 'status', 'active'])
			.orderBy('instrument_id')
			.orderBy('start_at')
			.execute();
		expect(bookings.length).toBeGreaterThan(2000);
		for (const b of bookings) expect(b.active).toBe(['requested', 'approved', 'checked_in'].includes(b.status) ? 1 : 0);
		const active = bookings.filter((b) => b.active === 1);
		for (let i = 1; i < active.length; i++) {
			if (active[i].instrument_id === active[i - 1].instrument_id) {
				expect(active[i].start_at).toBeGreaterThanOrEqual(active[i - 1].end_at);
			}
		}
		const today = demoDayStart(NOW);
		for (const b of bookings) {
			const expected = b.start_at < today ? ['completed', 'no_show', 'cancelled', 'rejected'] : ['approved', 'requested', 'cancelled'];
			expect(expected).toContain(b.status);
		}
	});

	it('creates the nine demo accounts with their roles and the demo password', async () => {
		const k = db.kysely;
		expect(accounts.map((a) => a.email)).toEqual([
			'admin@demo.jjj',
			'evaluator@demo.jjj',
			'evaluator.tj@demo.jjj',
			'manager.bj@demo.jjj',
			'manager.tj@demo.jjj',
			'manager.he@demo.jjj',
			'researcher.bj@demo.jjj',
			'researcher.tj@demo.jjj',
			'researcher.he@demo.jjj'
		]);
		const roles = await k
			.selectFrom('users as u')
			.innerJoin('institutions as i', 'i.id', 'u.institution_id')
			.leftJoin('role_assignments as r', 'r.user_id', 'u.id')
			.leftJoin('facilities as f', 'f.id', 'r.facility_id')
			.select(['u.email', 'u.locale', 'i.area_code as userArea', 'i.kind as instKind', 'r.role', 'r.area_code', 'f.area_code as facArea', 'f.id as facId'])
			.where('u.email', 'like', '%@demo.jjj')
			.execute();
		const of = (email: string) => roles.filter((r) => r.email === email);
		expect(of('admin@demo.jjj').map((r) => r.role)).toEqual(['admin']);
		expect(of('evaluator@demo.jjj').map((r) => [r.role, r.area_code])).toEqual([['evaluator', null]]);
		expect(of('evaluator.tj@demo.jjj').map((r) => [r.role, r.area_code])).toEqual([['evaluator', 'TJ']]);
		for (const [email, area] of [['manager.bj@demo.jjj', 'BJ'], ['manager.tj@demo.jjj', 'TJ'], ['manager.he@demo.jjj', 'HE']]) {
			const rows = of(email);
			expect(rows.length).toBeGreaterThanOrEqual(3);
			expect(rows.length).toBeLessThanOrEqual(5);
			for (const r of rows) {
				expect(r.role).toBe('manager');
				expect(r.facArea).toBe(area);
				const n = await k.selectFrom('instruments').select((eb) => eb.fn.countAll().as('n')).where('facility_id', '=', r.facId!).executeTakeFirstOrThrow();
				expect(Number(n.n)).toBeGreaterThan(0);
			}
		}
		expect(of('researcher.bj@demo.jjj').map((r) => [r.role, r.userArea, r.instKind])).toEqual([[null, 'BJ', 'university']]);
		expect(of('researcher.tj@demo.jjj').map((r) => [r.role, r.userArea, r.instKind])).toEqual([[null, 'TJ', 'institute']]);
		expect(of('researcher.he@demo.jjj').map((r) => [r.role, r.userArea, r.instKind])).toEqual([[null, 'HE', 'enterprise']]);
		expect(roles.every((r) => r.locale === 'zh-CN')).toBe(true);
		const users = await k.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
		expect(Number(users.n)).toBeGreaterThanOrEqual(300);
		const admin = await k.selectFrom('users').select('password_hash').where('email', '=', 'admin@demo.jjj').executeTakeFirstOrThrow();
		expect(admin.password_hash.startsWith('$argon2id$')).toBe(true);
		expect(await verify(admin.password_hash, DEMO_PASSWORD)).toBe(true);
	});

	it('has the showcase instrument, managed by manager.bj and free for the next two weeks', async () => {
		const showcase = await findShowcaseInstrument(db);
		expect(showcase).toBeDefined();
		const i = await db.kysely.selectFrom('instruments').selectAll().where('id', '=', showcase!.instrumentId).executeTakeFirstOrThrow();
		expect(i.name_zh).toContain('场发射扫描电子显微镜');
		expect(i).toMatchObject({
			area_code: 'BJ',
			status: 'in_service',
			published: 1,
			approval_mode: 'manager',
			slot_minutes: 30,
			min_minutes: 30,
			max_minutes: 480,
			notice_minutes: 60,
			horizon_days: 60
		});
		expect(i.modes.split(',')).toEqual(expect.arrayContaining(['self', 'assisted']));
		expect(JSON.parse(i.opening_hours)).toEqual(DEFAULT_OPENING_HOURS);
		const today = demoDayStart(NOW);
		const soon = await db.kysely
			.selectFrom('bookings')
			.select((eb) => eb.fn.countAll().as('n'))
			.where('instrument_id', '=', i.id)
			.where('start_at', '>=', today)
			.where('start_at', '<', today + (SHOWCASE_FREE_DAYS + 1) * DAY)
			.executeTakeFirstOrThrow();
		expect(Number(soon.n)).toBe(0);
	});

	it(
		'gives the same data when cleared and seeded again later the same day',
		async () => {
			const before = await snapshot(db);
			await clearAll(db);
			const empty = await db.kysely.selectFrom('instruments').select('id').limit(1).execute();
			expect(empty).toEqual([]);
			await seedDemo(db, { now: NOW + 5 * 3_600_000 });
			const after = await snapshot(db);
			expect(after.instruments.length).toBe(before.instruments.length);
			expect(after).toEqual(before);
		},
		SEED_TIMEOUT
	);
}

describe('demo seed on SQLite', () => {
	demoSeedSuite(openSqlite);
});

const pgUrl = process.env.TEST_DATABASE_URL;
describe.skipIf(!pgUrl)('demo seed on PostgreSQL (skipped unless TEST_DATABASE_URL is set)', () => {
	demoSeedSuite(() => openPostgres(pgUrl!));
});
