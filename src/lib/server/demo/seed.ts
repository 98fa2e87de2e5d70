// The deterministic demo data set: areas, 42 cities/districts, 279 institutions, 2,030 facilities (the counts of
// reference/figures.md plus 24 testing centres), ~10,000 instruments with their search index,
// ~310 people with the nine demo accounts, and a few thousand bookings around today.
//
// Same data on every run for the same local day (Asia/Shanghai): everything is drawn from seeded
// PRNG streams and placed relative to the start of that day. Works on SQLite and PostgreSQL
// through the same Kysely code; the database assigns every id.
//
// The showcase instrument (for end-to-end tests): a 场发射扫描电子显微镜, model SHOWCASE_MODEL
// ("GeminiSEM 560", used by no other instrument), in a Beijing facility managed by
// manager.bj@demo.jjj; modes self,assisted,sample, approval 'manager', opening hours Mon–Fri
// 08:30–12:00 and 13:30–17:30, slot 30, min 30, max 480, notice 60, horizon 60, and no bookings
// in the next SHOWCASE_FREE_DAYS (14) days. Find it with findShowcaseInstrument(db).
import { hash } from '@node-rs/argon2';
import { sql, type Kysely } from 'kysely';
import { withWriteTransaction, type Db } from '../db/dialect';
import type { Database } from '../db/schema';
import { bigrams } from '../../domain/catalogue/search-text';
import { zonedToUtc, wallTime } from '../../domain/time/zone';
import { AREAS, CITIES } from './places';
import { buildFacilities, buildInstitutions } from './build-orgs';
import { buildInstruments, SHOWCASE_FORCED, type ForcedInstrument } from './build-instruments';
import { buildPeople, demoAccounts, managerFacilities, type DemoAccount } from './build-people';
import { buildBookings } from './build-bookings';
import { M } from './manufacturers';
import { SHOWCASE_MODEL, SHOWCASE_TYPE_ZH } from './instrument-types';

export { DEMO_PASSWORD, DEMO_ACCOUNT_SPECS, type DemoAccount, type DemoRole } from './build-people';
export { SHOWCASE_MODEL, SHOWCASE_TYPE_ZH } from './instrument-types';
export { SHOWCASE_FREE_DAYS } from './build-bookings';
export { FACILITY_COUNTS, TESTING_CENTRES } from './build-orgs';

export const DEMO_TIME_ZONE = 'Asia/Shanghai';
export const DEFAULT_DEMO_INSTRUMENTS = 10_000;
export const SHOWCASE_MANAGER_EMAIL = 'manager.bj@demo.jjj';

export interface SeedOptions {
	/** the instant the data is placed around (default Date.now()); only its local day matters */
	now?: number;
	/** how many instruments (default 10,000); facilities and people do not change */
	instruments?: number;
}

/** Local midnight (Asia/Shanghai) of the day containing now. */
export function demoDayStart(now: number): number {
	const w = wallTime(now, DEMO_TIME_ZONE);
	return zonedToUtc(w.year, w.month, w.day, 0, 0, DEMO_TIME_ZONE);
}

/**
 * Fills an empty, migrated database with the demo data set and returns the demo logins.
 * Everything is written in one write transaction: on failure nothing is left behind.
 */
export async function seedDemo(db: Db, options: SeedOptions = {}): Promise<DemoAccount[]> {
	const today = demoDayStart(options.now ?? Date.now());
	const total = options.instruments ?? DEFAULT_DEMO_INSTRUMENTS;

	const insts = buildInstitutions(today);
	const facs = buildFacilities(insts, today);
	const managed = managerFacilities(insts, facs);
	const minimums = new Map<number, number>();
	for (const list of managed.values()) for (const f of list) minimums.set(f, 4);
	const forced = new Map<number, ForcedInstrument>([
		[managed.get(SHOWCASE_MANAGER_EMAIL)![0], SHOWCASE_FORCED],
		[managed.get('manager.tj@demo.jjj')![0], { typeZh: SHOWCASE_TYPE_ZH, model: 'Regulus 8230', manufacturer: M.HITACHI, modes: 'self,assisted,sample', approval: 'manager' }],
		[managed.get('manager.he@demo.jjj')![0], { typeZh: '原子力显微镜', model: 'Dimension Icon', manufacturer: M.BRUKER, modes: 'self,assisted', approval: 'manager' }]
	]);
	const instruments = buildInstruments(insts, facs, total, minimums, forced, today);
	const showcase = instruments.findIndex((x) => x.model === SHOWCASE_MODEL);
	const { users, roles } = buildPeople(insts, managed, today);
	const bookings = buildBookings(insts, facs, instruments, users, roles, showcase, today);

	// One hash for every demo user: argon2id is deliberately slow.
	const passwordHash = await hash(demoAccounts()[0].password);
	const maxParams = db.dialect === 'postgres' ? 65_000 : 32_000;

	await withWriteTransaction(db, async (trx) => {
		await insertRows(trx, 'areas', AREAS.map(({ code, name_zh, name_en, sort_order }) => ({ code, name_zh, name_en, sort_order })), maxParams);
		const cityIds = await insertIds(
			trx,
			'cities',
			CITIES.map((c) => ({ area_code: c.area, name_zh: c.name_zh, name_en: c.name_en, kind: c.kind })),
			'name_zh',
			maxParams
		);
		const instIds = await insertIds(
			trx,
			'institutions',
			insts.map((i) => ({
				name_zh: i.name_zh,
				name_en: i.name_en,
				kind: i.kind,
				area_code: i.area_code,
				city_id: cityIds[i.city],
				credit_code: i.credit_code,
				created_at: i.created_at
			})),
			'credit_code',
			maxParams
		);
		const facIds = await insertIds(
			trx,
			'facilities',
			facs.map((f) => ({
				institution_id: instIds[f.inst],
				name_zh: f.name_zh,
				name_en: f.name_en,
				kind: f.kind,
				area_code: f.area_code,
				city_id: cityIds[f.city],
				address: f.address,
				accreditations: f.accreditations,
				contact_email: f.contact_email,
				contact_phone: f.contact_phone,
				description: f.description,
				confirmed_at: f.confirmed_at,
				created_at: f.created_at
			})),
			'name_zh',
			maxParams
		);
		const instrumentIds = await insertIds(
			trx,
			'instruments',
			instruments.map(({ fac, ...row }) => ({
				...row,
				facility_id: facIds[fac],
				area_code: facs[fac].area_code,
				city_id: cityIds[facs[fac].city],
				facility_kind: facs[fac].kind,
				institution_id: instIds[facs[fac].inst]
			})),
			'search_text',
			maxParams
		);
		const grams: { gram: string; instrument_id: number }[] = [];
		instruments.forEach((x, i) => {
			for (const gram of bigrams(x.search_text)) grams.push({ gram, instrument_id: instrumentIds[i] });
		});
		await insertRows(trx, 'instrument_grams', grams, maxParams);
		const userIds = await insertIds(
			trx,
			'users',
			users.map((u) => ({
				email: u.email,
				name: u.name,
				institution_id: instIds[u.inst],
				password_hash: passwordHash,
				locale: 'zh-CN',
				created_at: u.created_at,
				disabled: 0
			})),
			'email',
			maxParams
		);
		await insertRows(
			trx,
			'role_assignments',
			roles.map((r) => ({
				user_id: userIds[r.user],
				role: r.role,
				facility_id: r.fac === null ? null : facIds[r.fac],
				area_code: r.area_code
			})),
			maxParams
		);
		await insertRows(
			trx,
			'bookings',
			bookings.map(({ instr, user, user_inst, decided_by, ...b }) => ({
				...b,
				instrument_id: instrumentIds[instr],
				user_id: userIds[user],
				user_institution_id: instIds[user_inst],
				decided_by: decided_by === null ? null : userIds[decided_by]
			})),
			maxParams
		);
	});
	return demoAccounts();
}

type Row = Record<string, unknown>;

/** Multi-row inserts in chunks that stay under the dialect's bound-parameter limit. */
async function insertRows(trx: Kysely<Database>, table: keyof Database, rows: Row[], maxParams: number): Promise<void> {
	if (rows.length === 0) return;
	const size = Math.max(1, Math.floor(maxParams / Object.keys(rows[0]).length));
	const k = trx as unknown as Kysely<any>;
	for (let i = 0; i < rows.length; i += size) await k.insertInto(table).values(rows.slice(i, i + size)).execute();
}

/**
 * Inserts rows and returns their new ids in input order. Both dialects assign ids to a multi-row
 * VALUES list in order; the key column checks that the returned rows line up with the input.
 */
async function insertIds(trx: Kysely<Database>, table: keyof Database, rows: Row[], key: string, maxParams: number): Promise<number[]> {
	if (rows.length === 0) return [];
	const size = Math.max(1, Math.floor(maxParams / Object.keys(rows[0]).length));
	const k = trx as unknown as Kysely<any>;
	const ids: number[] = [];
	for (let i = 0; i < rows.length; i += size) {
		const chunk = rows.slice(i, i + size);
		const back = (await k.insertInto(table).values(chunk).returning(['id', key]).execute()) as Row[];
		back.sort((a, b) => Number(a.id) - Number(b.id));
		if (back.length !== chunk.length || back.some((r, j) => r[key] !== chunk[j][key])) {
			throw new Error(`demo seed: ids returned for ${table} do not line up with the inserted rows`);
		}
		for (const r of back) ids.push(Number(r.id));
	}
	return ids;
}

/** Foundation tables, children before parents. Tables added by later migrations are cleared first. */
const FOUNDATION_ORDER = [
	'audit_log', 'bookings', 'role_assignments', 'api_tokens', 'sessions', 'users',
	'instrument_grams', 'instruments', 'facilities', 'institutions', 'cities', 'areas'
];

/**
 * Deletes every row of every application table (not the migration bookkeeping), so the demo can be
 * seeded again; identity counters restart so a re-seed yields the same ids.
 * PostgreSQL: one TRUNCATE … RESTART IDENTITY CASCADE over the tables of the schema holding
 * `instruments`. SQLite: DELETE per table with foreign keys deferred to the commit, then the
 * AUTOINCREMENT counters are reset.
 */
export async function clearAll(db: Db): Promise<void> {
	const tables = (await db.kysely.introspection.getTables()).filter((t) => !t.isView);
	const home = tables.find((t) => t.name === 'instruments')?.schema;
	// Left alone: catalogue_version (only goes up, so caches never take new rows for old ones) and
	// the FTS5 index of instruments with its shadow tables (its triggers follow the deleted rows).
	const kept = (name: string) => name === 'catalogue_version' || name.startsWith('instrument_fts');
	const mine = tables.filter((t) => t.schema === home && !kept(t.name));
	const rank = (name: string) => {
		const i = FOUNDATION_ORDER.indexOf(name);
		return i < 0 ? -1 : i;
	};
	const ordered = mine.sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
	if (ordered.length === 0) return;
	if (db.dialect === 'postgres') {
		const ids = ordered.map((t) => (t.schema ? sql.id(t.schema, t.name) : sql.id(t.name)));
		await sql`truncate table ${sql.join(ids)} restart identity cascade`.execute(db.kysely);
		return;
	}
	await withWriteTransaction(db, async (trx) => {
		await sql`pragma defer_foreign_keys = on`.execute(trx);
		for (const t of ordered) await sql`delete from ${sql.id(t.name)}`.execute(trx);
		const seq = await sql<{ n: number }>`select count(*) as n from sqlite_master where name = 'sqlite_sequence'`.execute(trx);
		if (Number(seq.rows[0]?.n) > 0) await sql`delete from sqlite_sequence`.execute(trx);
	});
}

export interface ShowcaseInstrument {
	instrumentId: number;
	facilityId: number;
	managerEmail: string;
}

/** The showcase instrument of a seeded database (see the top of this file), or undefined. */
export async function findShowcaseInstrument(db: Db | Kysely<Database>): Promise<ShowcaseInstrument | undefined> {
	const k = 'kysely' in db ? db.kysely : db;
	const row = await k
		.selectFrom('instruments as i')
		.innerJoin('role_assignments as r', (j) => j.onRef('r.facility_id', '=', 'i.facility_id').on('r.role', '=', 'manager'))
		.innerJoin('users as u', 'u.id', 'r.user_id')
		.select(['i.id as instrumentId', 'i.facility_id as facilityId'])
		.where('u.email', '=', SHOWCASE_MANAGER_EMAIL)
		.where('i.model', '=', SHOWCASE_MODEL)
		.where('i.name_zh', '=', SHOWCASE_TYPE_ZH)
		.orderBy('i.id')
		.limit(1)
		.executeTakeFirst();
	return row ? { instrumentId: Number(row.instrumentId), facilityId: Number(row.facilityId), managerEmail: SHOWCASE_MANAGER_EMAIL } : undefined;
}
