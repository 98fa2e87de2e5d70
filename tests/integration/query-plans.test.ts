// Regression guard for the speed targets (issue 7): on a freshly migrated database with a few
// thousand rows, the queries the benchmark relies on still use their indexes. The real repository
// functions run on a Kysely that records the SQL it sends; each recorded statement is then
// EXPLAINed. SQLite: EXPLAIN QUERY PLAN, before and after ANALYZE (STAT4 statistics can flip a
// plan). PostgreSQL: EXPLAIN with enable_seqscan = off, which proves the index is usable for the
// query (on a table this small the planner would rightly prefer a sequential scan otherwise).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import type { Database } from '../../src/lib/server/db/schema';
import type { Db } from '../../src/lib/server/db/dialect';
import { findActiveOverlaps, listPendingForFacilities, listUserBookings } from '../../src/lib/server/booking/booking.repository';
import { searchInstruments } from '../../src/lib/server/catalogue/instrument-search';
import { getAvailability } from '../../src/lib/server/booking/availability.service';
import { NO_ROLES } from '../../src/lib/server/auth/roles';
import { instrumentQuerySchema } from '../../src/lib/server/catalogue/catalogue.query';
import { bookingFacts, sampleFacts, usageFacts } from '../../src/lib/server/statistics/statistics.repository';
import * as rollups from '../../src/lib/server/statistics/statistics.rollup.repository';
import { DIALECTS, openTestDb, PG_URL, type TestDb } from './test-db';
import { newFacility, newInstitution, newInstrument, newUser } from './fixtures';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const YEAR_START = Date.UTC(2025, 0, 1) - 8 * HOUR; // 2025-01-01 00:00 Asia/Shanghai
const YEAR = { start: YEAR_START, end: YEAR_START + 365 * DAY };
/** the same year as a whole local year (the roll-ups' yearly rows answer whole years) */
const YEAR_PERIOD = { start: YEAR_START, end: Date.UTC(2026, 0, 1) - 8 * HOUR };
const INSTRUMENT_NAMES = ['场发射扫描电子显微镜', 'X射线衍射仪', '核磁共振波谱仪', '液相色谱质谱联用仪', '激光共聚焦显微镜', '原子力显微镜'];

/** PostgreSQL: the index is used, whichever access path (index, index-only or bitmap scan) the planner picked. */
const pgUses = (index: string) => new RegExp(`(Index (Only )?Scan( Backward)? using|Bitmap Index Scan on) ${index}\\b`);

/** A Kysely over the same database that records every statement it sends. */
function recordingDb(db: TestDb, kind: 'sqlite' | 'postgres'): { db: Db; sent: CompiledQuery[]; close: () => Promise<void> } {
	const sent: CompiledQuery[] = [];
	const log = (event: { level: string; query: CompiledQuery }) => {
		if (event.level === 'query') sent.push(event.query);
	};
	const dialect =
		kind === 'sqlite'
			? new SqliteDialect({ database: new SqliteDatabase(db.location) })
			: new PostgresDialect({ pool: new pg.Pool({ connectionString: pgUrlOf(db), max: 1 }) });
	const kysely = new Kysely<Database>({ dialect, log });
	return { db: { ...db, kysely }, sent, close: () => kysely.destroy() };
}

/** The test database's URL: TEST_DATABASE_URL with the database name of the handle's location. */
function pgUrlOf(db: TestDb): string {
	const url = new URL(PG_URL!);
	url.pathname = new URL(db.location.replace(/:\*\*\*@/, '@')).pathname;
	return url.toString();
}

/** A few thousand rows: 3 areas' institutions, 12 facilities, 60 instruments, 40 people, 4,000 bookings, usage and samples. */
async function fill(db: TestDb): Promise<{ instrumentId: number; userId: number }> {
	const k = db.kysely;
	const instruments: { id: number; facility_id: number; institution_id: number; area_code: 'BJ' | 'TJ' | 'HE' }[] = [];
	const users: { id: number; institution_id: number; area: 'BJ' | 'TJ' | 'HE' }[] = [];
	for (const area of ['BJ', 'TJ', 'HE'] as const) {
		const inst = await newInstitution(db, { area });
		for (let f = 0; f < 4; f++) {
			const fac = await newFacility(db, { institutionId: inst.id });
			for (let i = 0; i < 5; i++) {
				const row = await newInstrument(db, { facilityId: fac.id, nameZh: INSTRUMENT_NAMES[(f * 5 + i) % INSTRUMENT_NAMES.length], nameEn: `Instrument ${f}-${i}` });
				instruments.push(row);
			}
		}
		for (let u = 0; u < 13; u++) users.push({ ...(await newUser(db, { institutionId: inst.id })), area });
	}
	const bookings = [];
	for (let n = 0; n < 4_000; n++) {
		const instrument = instruments[n % instruments.length];
		const user = users[(n * 7) % users.length];
		const start = YEAR_START - 60 * DAY + Math.floor(n / instruments.length) * 6 * HOUR;
		const status = n % 10 === 0 ? 'cancelled' : start < YEAR.end ? 'completed' : 'approved';
		bookings.push({
			instrument_id: instrument.id,
			user_id: user.id,
			mode: 'assisted' as const,
			start_at: start,
			end_at: start + 2 * HOUR,
			status: status as 'cancelled' | 'completed' | 'approved',
			active: status === 'approved' ? 1 : 0,
			purpose: 'plan check',
			user_area_code: user.area,
			user_institution_id: user.institution_id,
			created_at: start - DAY,
			updated_at: start - DAY
		});
	}
	for (let i = 0; i < bookings.length; i += 500) await k.insertInto('bookings').values(bookings.slice(i, i + 500)).execute();
	const done = await k.selectFrom('bookings').select(['id', 'instrument_id', 'user_id', 'start_at', 'end_at']).where('status', '=', 'completed').execute();
	const usage = done.map((b) => ({ booking_id: b.id, instrument_id: b.instrument_id, user_id: b.user_id, start_at: b.start_at, end_at: b.end_at, source: 'checkin' as const, created_at: b.end_at, updated_at: b.end_at }));
	for (let i = 0; i < usage.length; i += 500) await k.insertInto('usage_records').values(usage.slice(i, i + 500)).execute();
	// 600 requests over five years, most of them not yet reported: the year's reported ones are few.
	const samples = Array.from({ length: 600 }, (_, n) => {
		const x = instruments[n % instruments.length];
		const u = users[n % users.length];
		const reported = n % 3 === 0;
		return {
			instrument_id: x.id,
			facility_id: x.facility_id,
			user_id: u.id,
			sample_count: 3,
			sample_kind: 'powder',
			status: reported ? 'reported' : n % 3 === 1 ? 'received' : 'submitted',
			reported_at: reported ? YEAR_START - 2 * 365 * DAY + n * 3 * DAY : null,
			user_area_code: u.area,
			user_institution_id: u.institution_id,
			created_at: YEAR_START,
			updated_at: YEAR_START
		};
	});
	for (let i = 0; i < samples.length; i += 200) await (k as unknown as Kysely<any>).insertInto('sample_requests').values(samples.slice(i, i + 200)).execute();
	return { instrumentId: instruments[7].id, userId: users[3].id };
}

/** The plan text of one recorded statement. */
async function planOf(kind: 'sqlite' | 'postgres', k: Kysely<Database>, q: CompiledQuery): Promise<string> {
	if (kind === 'sqlite') {
		const { rows } = await k.executeQuery<{ detail: string }>({ ...q, sql: `explain query plan ${q.sql}` });
		return rows.map((r) => r.detail).join('\n');
	}
	return k.connection().execute(async (conn) => {
		await sql`set enable_seqscan = off`.execute(conn);
		try {
			const { rows } = await conn.executeQuery<{ 'QUERY PLAN': string }>({ ...q, sql: `explain ${q.sql}` });
			return rows.map((r) => r['QUERY PLAN']).join('\n');
		} finally {
			await sql`reset enable_seqscan`.execute(conn);
		}
	});
}

/** Runs fn on the recording handle and returns the plans of the statements whose SQL matches. */
async function plansFor(kind: 'sqlite' | 'postgres', rec: ReturnType<typeof recordingDb>, fn: (db: Db) => Promise<unknown>, match: RegExp): Promise<string[]> {
	rec.sent.length = 0;
	await fn(rec.db);
	const wanted = rec.sent.filter((q) => match.test(q.sql));
	expect(wanted.length, `no statement matched ${match}`).toBeGreaterThan(0);
	const plans: string[] = [];
	for (const q of [...wanted]) plans.push(await planOf(kind, rec.db.kysely, q));
	return plans;
}

describe.each(DIALECTS)('query plans the speed targets rely on (%s)', (kind) => {
	let db: TestDb;
	let rec: ReturnType<typeof recordingDb>;
	let ids: { instrumentId: number; userId: number };
	const sqlite = kind === 'sqlite';

	beforeAll(async () => {
		db = await openTestDb(kind);
		ids = await fill(db);
		rec = recordingDb(db, kind);
	}, 60_000);
	afterAll(async () => {
		await rec?.close();
		await db?.cleanup();
	});

	// Searches are cached per catalogue version: a write (here: the version raised by hand) makes the
	// next search run its SQL again, so each check records real statements.
	const newCatalogueVersion = () => sql`update catalogue_version set version = version + 1 where id = 1`.execute(db.kysely);

	const checks = () => {
		it('the booking overlap check reads only the covering index bookings_overlap', async () => {
			const [plan] = await plansFor(kind, rec, (d) => findActiveOverlaps(d.kysely, ids.instrumentId, YEAR.start + 30 * DAY, YEAR.start + 30 * DAY + 2 * HOUR), /from "bookings"/);
			expect(plan).toMatch(sqlite ? /USING COVERING INDEX bookings_overlap \(instrument_id=\? AND active=\? AND start_at<\?\)/ : pgUses('bookings_overlap'));
		});

		it('the catalogue text search finds 3+ character terms through the trigram index', async () => {
			const query = instrumentQuerySchema.parse({ q: '扫描电子显微镜', area: 'BJ' });
			await newCatalogueVersion();
			if (sqlite) {
				// The page of ids and the facet groups both take their candidates from FTS5 (a MATCH on the
				// virtual table) and never read the instruments table without an index. (Whether the
				// candidates drive rowid lookups or filter an index scan is the planner's call: at 50,000
				// instruments it drives, on these 60 it may filter.)
				const plans = await plansFor(kind, rec, (d) => searchInstruments(d, query), /instrument_fts match/);
				expect(plans).toHaveLength(2);
				for (const plan of plans) {
					expect(plan).toMatch(/SCAN instrument_fts VIRTUAL TABLE INDEX \d+:M/);
					expect(plan).not.toMatch(/SCAN instruments(?! USING)/);
				}
				return;
			}
			// PostgreSQL: on a table this small the planner rightly prefers other indexes even with
			// sequential scans off, so the check is that the search's LIKE can be answered by the GIN
			// trigram index at all (it could not without pg_trgm's operator class).
			rec.sent.length = 0;
			await searchInstruments(rec.db, query);
			const like = rec.sent.flatMap((q) => q.parameters).find((p) => p === '%扫描电子显微镜%');
			expect(like, 'the search sends the LIKE pattern').toBeDefined();
			const probe = { sql: 'select id from instruments where search_text like $1', parameters: [like], query: undefined } as unknown as CompiledQuery;
			expect(await planOf(kind, rec.db.kysely, probe)).toMatch(pgUses('instruments_search_trgm'));
		});

		it('the catalogue text search finds 2-character terms through the instrument_grams primary key', async () => {
			const query = instrumentQuerySchema.parse({ q: '质谱', area: 'BJ' });
			await newCatalogueVersion();
			const plans = await plansFor(kind, rec, (d) => searchInstruments(d, query), /"instrument_grams"/);
			for (const plan of plans) {
				expect(plan).toMatch(sqlite ? /SEARCH instrument_grams USING PRIMARY KEY \(gram=\?\)/ : pgUses('instrument_grams_pk'));
				if (sqlite) expect(plan).not.toMatch(/SCAN instrument_grams\b/);
			}
		});

		it('the catalogue version check reads one row by primary key', async () => {
			const query = instrumentQuerySchema.parse({ q: '核磁共振' });
			await new Promise((resolve) => setImmediate(resolve)); // a new turn of the event loop: the version is read again (catalogue-cache.ts)
			const [plan] = await plansFor(kind, rec, (d) => searchInstruments(d, query), /from catalogue_version/);
			expect(plan).toMatch(sqlite ? /SEARCH catalogue_version USING INTEGER PRIMARY KEY \(rowid=\?\)/ : pgUses('catalogue_version_pkey'));
		});

		it('availability reads the week of bookings through the covering index bookings_overlap', async () => {
			const from = YEAR.end + 30 * DAY;
			const [plan] = await plansFor(kind, rec, (d) => getAvailability(d, ids.instrumentId, from, from + 7 * DAY, { userId: null, roles: NO_ROLES }), /from "bookings"/);
			expect(plan).toMatch(sqlite ? /SEARCH bookings USING (COVERING )?INDEX bookings_overlap \(instrument_id=\? AND active=\? AND start_at<\?\)/ : pgUses('bookings_overlap'));
		});

		it('the bookings indexes on mostly-NULL columns are partial (inserts skip them) and still serve equality lookups', async () => {
			const partial = {
				bookings_qualification: 'qualification_id = 7',
				bookings_recognition_agreement: 'recognition_agreement_id = 7',
				bookings_recognition_case: 'recognition_case_id = 7',
				bookings_operator_start: 'operator_user_id = 7 and start_at > 0'
			};
			for (const [index, where] of Object.entries(partial)) {
				const plan = await planOf(kind, db.kysely, CompiledQuery.raw(`select id from bookings where ${where}`));
				expect(plan).toMatch(sqlite ? new RegExp(`SEARCH bookings USING (COVERING )?INDEX ${index} \\(`) : pgUses(index));
				const definition = sqlite
					? (await sql<{ d: string }>`select sql as d from sqlite_master where name = ${index}`.execute(db.kysely)).rows[0].d
					: (await sql<{ d: string }>`select indexdef as d from pg_indexes where indexname = ${index}`.execute(db.kysely)).rows[0].d;
				expect(definition).toMatch(/where .* is not null/i);
			}
		});

		it("a manager's pending requests start from the facility's instruments and their active bookings, not from every request", async () => {
			const [facility] = (await sql<{ f: number }>`select facility_id as f from instruments where id = ${ids.instrumentId}`.execute(db.kysely)).rows;
			const [plan] = await plansFor(kind, rec, (d) => listPendingForFacilities(d.kysely, [facility.f]), /from "instruments"/);
			if (sqlite) {
				expect(plan).toMatch(/SEARCH instruments USING (COVERING )?INDEX instruments_facility \(facility_id=\?\)/);
				expect(plan).toMatch(/SEARCH bookings USING INDEX bookings_overlap \(instrument_id=\? AND active=\?\)/);
			} else expect(plan).toMatch(pgUses('bookings_overlap'));
			expect(plan).not.toMatch(/bookings_status_start/);
			// migration 0019: the (status, instrument_id) index no query used is gone (every booking wrote it)
			const left = sqlite
				? (await sql<{ n: number }>`select count(*) as n from sqlite_master where name = 'bookings_status_instrument'`.execute(db.kysely)).rows[0]
				: (await sql<{ n: number }>`select count(*)::int as n from pg_indexes where indexname = 'bookings_status_instrument'`.execute(db.kysely)).rows[0];
			expect(Number(left.n)).toBe(0);
		});

		it("a person's bookings list walks bookings_user_start", async () => {
			const [plan] = await plansFor(kind, rec, (d) => listUserBookings(d.kysely, ids.userId), /from "bookings"/);
			expect(plan).toMatch(sqlite ? /SEARCH bookings USING INDEX bookings_user_start \(user_id=\?\)/ : pgUses('bookings_user_start'));
			if (sqlite) expect(plan).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
		});

		it('the statistics period aggregates range-scan their covering time indexes', async () => {
			const filter = { areas: null };
			const [bookingPlan] = await plansFor(kind, rec, (d) => bookingFacts(d.kysely, 'area', YEAR, filter), /from bookings b/);
			const [usagePlan] = await plansFor(kind, rec, (d) => usageFacts(d.kysely, 'area', YEAR, filter), /from usage_records u/);
			const [samplePlan] = await plansFor(kind, rec, (d) => sampleFacts(d.kysely, 'area', YEAR, filter), /from sample_requests s/);
			if (sqlite) {
				expect(bookingPlan).toMatch(/SEARCH b USING COVERING INDEX bookings_stat_period \(start_at>\? AND start_at<\?\)/);
				expect(usagePlan).toMatch(/SEARCH u USING COVERING INDEX usage_records_stat_period \(start_at>\? AND start_at<\?\)/);
				expect(samplePlan).toMatch(/SEARCH s USING (COVERING )?INDEX sample_requests_stat_reported \(status=\? AND reported_at>\? AND reported_at<\?\)/);
			} else {
				expect(bookingPlan).toMatch(pgUses('bookings_stat_period'));
				expect(usagePlan).toMatch(pgUses('usage_records_stat_period'));
				expect(samplePlan).toMatch(pgUses('sample_requests_stat_reported'));
			}
		});
		// Which of the two the planner takes depends on how many instruments a batch names against how
		// many bookings a month holds (at 5 M bookings: the instrument index); never a scan of the table.
		it('the roll-up refresh recomputes a few instruments through an index (by instrument or by time), never a table scan', async () => {
			const month = { start: YEAR_START, end: YEAR_START + 31 * DAY };
			const filter = { areas: null, instrumentIds: [ids.instrumentId, ids.instrumentId + 1] };
			const plans = await plansFor(kind, rec, async (d) => {
				await d.kysely.transaction().execute(async (trx) => {
					await rollups.insertMonthFromSource(trx, month, filter);
					throw new Error('rolled back: only the statements are wanted');
				}).catch(() => undefined);
			}, /insert into stat_rollups/);
			const [bookingPlan, usagePlan] = plans;
			if (sqlite) {
				expect(bookingPlan).toMatch(/SEARCH b USING (COVERING )?INDEX (bookings_overlap \(instrument_id=\?|bookings_stat_period \(start_at>\? AND start_at<\?)/);
				expect(usagePlan).toMatch(/SEARCH u USING (COVERING )?INDEX (usage_records_instrument_start \(instrument_id=\?|usage_records_stat_period \(start_at>\? AND start_at<\?)/);
			} else {
				expect(bookingPlan).toMatch(pgUses('(bookings_overlap|bookings_stat_period)'));
				expect(usagePlan).toMatch(pgUses('(usage_records_instrument_start|usage_records_stat_period)'));
			}
			expect(bookingPlan).not.toMatch(/SCAN b\b|Seq Scan on bookings/);
		});
		it('a year of the flow matrix reads the per-area roll-ups and a year per instrument the yearly roll-ups, by primary key', async () => {
			const filter = { areas: null };
			const [areaPlan] = await plansFor(kind, rec, (d) => rollups.bookingFacts(d.kysely, 'area', YEAR_PERIOD, filter), /stat_area_rollups/);
			const [yearPlan] = await plansFor(kind, rec, (d) => rollups.bookingFacts(d.kysely, 'instrument', YEAR_PERIOD, filter), /stat_year_rollups/);
			if (sqlite) {
				expect(areaPlan).toMatch(/SEARCH t USING INDEX sqlite_autoindex_stat_area_rollups_1 \(month_start>\? AND month_start<\?\)/);
				expect(yearPlan).toMatch(/SEARCH y USING INDEX sqlite_autoindex_stat_year_rollups_1 \(year_start>\? AND year_start<\?\)/);
			} else {
				expect(areaPlan).toMatch(pgUses('stat_area_rollups_pk'));
				// on a table this small PostgreSQL may walk the instrument index instead; either is an index
				expect(yearPlan).toMatch(pgUses('stat_year_rollups_(pk|instrument)'));
			}
		});
	};

	describe('before ANALYZE', checks);

	describe('after ANALYZE (planner statistics present)', () => {
		beforeAll(async () => {
			await sql`analyze`.execute(rec.db.kysely);
			// another connection's change: the test handle's reads see it from the next turn of the event loop
			await new Promise((resolve) => setImmediate(resolve));
			if (sqlite) {
				const stats = await sql<{ n: number }>`select count(*) as n from sqlite_stat1`.execute(db.kysely);
				expect(Number(stats.rows[0].n)).toBeGreaterThan(0);
			}
		});
		checks();
	});
});
