// Catalogue read speed (issue 7): a full-text index for instrument search and a version number of
// the catalogue that per-process caches compare against.
//
// - SQLite: instrument_fts, an FTS5 table with the trigram tokenizer over instruments.search_text
//   (external content: it stores only the index, rowid = instruments.id), kept current by triggers
//   on instruments and built here from the existing rows. Trigram queries match substrings of 3+
//   characters; shorter terms keep using the bigram postings (instrument_grams).
// - PostgreSQL: when the pg_trgm extension is available, a GIN trigram index on
//   instruments.search_text (LIKE '%…%' of 3+ characters uses it). Without pg_trgm nothing is
//   created and search keeps the portable bigram path. The application looks for the index.
// - catalogue_version: one row whose version goes up whenever a row of the catalogue's tables
//   (areas, cities, institutions, facilities, instruments, closures, price rules, qualification
//   types) is inserted, updated or deleted — by triggers, so every writer (services, imports, seeds,
//   another process, a manual UPDATE) is seen. Caches keep the version they were filled at and are
//   refilled when it moved. PostgreSQL bumps it once per transaction at commit (a deferred
//   constraint trigger), so two writers never wait on each other for it mid-transaction; TRUNCATE
//   bumps it too.
// Frozen once landed.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

function isPostgres(db: Kysely<any>): boolean {
	return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** The tables whose rows the cached catalogue data (search, instrument page, availability, prices) is built from. */
const VERSIONED_TABLES = ['areas', 'cities', 'institutions', 'facilities', 'instruments', 'instrument_closures', 'price_rules', 'qualification_types'];

async function createVersionTable(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('catalogue_version')
		.addColumn('id', 'integer', (c) => c.primaryKey())
		.addColumn('version', 'bigint', (c) => c.notNull())
		.execute();
	await db.insertInto('catalogue_version').values({ id: 1, version: 1 }).execute();
}

async function upSqlite(db: Kysely<any>): Promise<void> {
	await sql`BEGIN IMMEDIATE`.execute(db);
	try {
		await createVersionTable(db);
		for (const table of VERSIONED_TABLES) {
			for (const event of ['insert', 'update', 'delete']) {
				await sql
					.raw(`create trigger ${table}_catalogue_version_${event} after ${event} on ${table} begin update catalogue_version set version = version + 1 where id = 1; end`)
					.execute(db);
			}
		}
		await sql`create virtual table instrument_fts using fts5(search_text, content='instruments', content_rowid='id', tokenize='trigram')`.execute(db);
		await sql`create trigger instruments_fts_insert after insert on instruments begin insert into instrument_fts(rowid, search_text) values (new.id, new.search_text); end`.execute(db);
		await sql`create trigger instruments_fts_delete after delete on instruments begin insert into instrument_fts(instrument_fts, rowid, search_text) values ('delete', old.id, old.search_text); end`.execute(db);
		await sql`create trigger instruments_fts_update after update of search_text on instruments begin insert into instrument_fts(instrument_fts, rowid, search_text) values ('delete', old.id, old.search_text); insert into instrument_fts(rowid, search_text) values (new.id, new.search_text); end`.execute(db);
		await sql`insert into instrument_fts(instrument_fts) values ('rebuild')`.execute(db);
		await sql`COMMIT`.execute(db);
	} catch (error) {
		await sql`ROLLBACK`.execute(db);
		throw error;
	}
}

async function upPostgres(db: Kysely<any>): Promise<void> {
	await createVersionTable(db);
	// once per transaction (a transaction-local setting remembers it), at commit
	await sql`create function catalogue_version_bump() returns trigger language plpgsql as $$
begin
	if current_setting('jjj.catalogue_version_bumped', true) is distinct from txid_current()::text then
		perform set_config('jjj.catalogue_version_bumped', txid_current()::text, true);
		update catalogue_version set version = version + 1 where id = 1;
	end if;
	return null;
end $$`.execute(db);
	for (const table of VERSIONED_TABLES) {
		await sql
			.raw(`create constraint trigger ${table}_catalogue_version after insert or update or delete on ${table} deferrable initially deferred for each row execute function catalogue_version_bump()`)
			.execute(db);
		await sql.raw(`create trigger ${table}_catalogue_version_truncate after truncate on ${table} for each statement execute function catalogue_version_bump()`).execute(db);
	}
	const available = await sql<{ n: number }>`select count(*) as n from pg_available_extensions where name = 'pg_trgm'`.execute(db);
	if (Number(available.rows[0]?.n ?? 0) === 0) return;
	// Creating an extension can be refused (rights); the catalogue then keeps its portable search.
	await sql`savepoint catalogue_trgm`.execute(db);
	try {
		await sql`create extension if not exists pg_trgm`.execute(db);
		await sql`create index instruments_search_trgm on instruments using gin (search_text gin_trgm_ops)`.execute(db);
		await sql`release savepoint catalogue_trgm`.execute(db);
	} catch (error) {
		await sql`rollback to savepoint catalogue_trgm`.execute(db);
		console.warn(`[migration] pg_trgm not used for catalogue search: ${(error as Error).message}`);
	}
}

export async function up(db: Kysely<any>): Promise<void> {
	if (isPostgres(db)) await upPostgres(db);
	else await upSqlite(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	if (isPostgres(db)) {
		await sql`drop index if exists instruments_search_trgm`.execute(db);
		for (const table of VERSIONED_TABLES) {
			await sql.raw(`drop trigger if exists ${table}_catalogue_version on ${table}`).execute(db);
			await sql.raw(`drop trigger if exists ${table}_catalogue_version_truncate on ${table}`).execute(db);
		}
		await sql`drop function if exists catalogue_version_bump()`.execute(db);
	} else {
		for (const name of ['insert', 'update', 'delete']) await sql.raw(`drop trigger if exists instruments_fts_${name}`).execute(db);
		await sql`drop table if exists instrument_fts`.execute(db);
		for (const table of VERSIONED_TABLES) {
			for (const event of ['insert', 'update', 'delete']) await sql.raw(`drop trigger if exists ${table}_catalogue_version_${event}`).execute(db);
		}
	}
	await db.schema.dropTable('catalogue_version').ifExists().execute();
}
