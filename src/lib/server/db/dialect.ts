// The only module that knows which database is behind Kysely: connection set-up, pragmas,
// write transactions and row locks. Everything else is dialect-neutral Kysely.
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import type { Database } from './schema';
import { TableWrites } from './table-writes';
import { PortalSqliteDialect } from './sqlite-driver';

export type DialectName = 'sqlite' | 'postgres';

export interface Db {
	kysely: Kysely<Database>;
	dialect: DialectName;
	/** where the data lives, for messages (file path or URL without password) */
	location: string;
	/** which tables this process has written through this handle (per-process caches forget on a write) */
	writes: TableWrites;
	close(): Promise<void>;
}

export const DEFAULT_SQLITE_PATH = 'data/portal.db';

/** Parses DATABASE_URL: unset → data/portal.db; a path or sqlite: URL → that file; postgres:// → PostgreSQL. */
export function parseDatabaseUrl(url: string | undefined): { dialect: DialectName; target: string } {
	if (!url || url.trim() === '') return { dialect: 'sqlite', target: DEFAULT_SQLITE_PATH };
	const value = url.trim();
	if (/^postgres(ql)?:\/\//i.test(value)) return { dialect: 'postgres', target: value };
	if (value.startsWith('sqlite://')) return { dialect: 'sqlite', target: value.slice('sqlite://'.length) };
	if (value.startsWith('sqlite:')) return { dialect: 'sqlite', target: value.slice('sqlite:'.length) };
	if (value.startsWith('file:')) return { dialect: 'sqlite', target: value.slice('file:'.length) };
	return { dialect: 'sqlite', target: value };
}

// PostgreSQL returns int8 and numeric as strings; our instants and fen fit in a JS number.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export function createDb(url: string | undefined = process.env.DATABASE_URL): Db {
	const { dialect, target } = parseDatabaseUrl(url);
	if (dialect === 'postgres') {
		const pool = new pg.Pool({ connectionString: target, max: Number(process.env.PG_POOL_SIZE ?? 10) });
		// An idle client can be cut off by the server (restart, DROP DATABASE … WITH (FORCE)); pg emits
		// that on the pool, and without a listener it would crash the process.
		pool.on('error', (error) => console.warn('[db] idle PostgreSQL connection closed:', error.message));
		const writes = new TableWrites();
		const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [writes.plugin] });
		return {
			kysely,
			dialect,
			location: target.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@'),
			writes,
			close: () => kysely.destroy()
		};
	}
	if (target !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
	const sqlite = new SqliteDatabase(target);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 10000');
	// WAL with synchronous = NORMAL: a commit appends to the WAL without waiting for fsync (the WAL
	// is synced at checkpoints). A committed transaction survives the application crashing or being
	// killed; after a power loss or OS crash the last transactions before it may be lost (never a
	// corrupt file). See README "Design notes": the durability we trade for write throughput.
	sqlite.pragma('synchronous = NORMAL');
	const writes = new TableWrites();
	const kysely = new Kysely<Database>({ dialect: new PortalSqliteDialect(sqlite), plugins: [writes.plugin] });
	return { kysely, dialect, location: path.resolve(target), writes, close: () => kysely.destroy() };
}

/**
 * Runs fn in a transaction that holds the write lock from its first statement, so a check
 * (e.g. for overlapping bookings) and the write that depends on it cannot interleave with another
 * writer. SQLite: BEGIN IMMEDIATE (Kysely's transaction() issues a plain BEGIN). PostgreSQL: a
 * normal transaction; callers take row locks with lockRow().
 */
export async function withWriteTransaction<T>(db: Db, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
	if (db.dialect === 'postgres') {
		const mark = db.writes.mark();
		const result = await db.kysely.transaction().execute((trx) => fn(trx));
		db.writes.bumpSince(mark); // committed: caches filled from the old rows meanwhile are stale too
		return result;
	}
	return db.kysely.connection().execute(async (conn) => {
		await sql`begin immediate`.execute(conn);
		try {
			const result = await fn(conn);
			await sql`commit`.execute(conn);
			return result;
		} catch (error) {
			await sql`rollback`.execute(conn).catch(() => undefined);
			throw error;
		}
	});
}

/** Serialises writers on one parent row (PostgreSQL: SELECT … FOR UPDATE; SQLite: the write lock already does). */
export async function lockRow(
	db: Db,
	trx: Kysely<Database> | Transaction<Database>,
	table: 'instruments' | 'users' | 'facilities',
	id: number
): Promise<void> {
	if (db.dialect !== 'postgres') return;
	await trx.selectFrom(table).select('id').where('id', '=', id).forUpdate().execute();
}

/** Refreshes planner statistics after a bulk load. PostgreSQL plans badly without them; on SQLite
 * ANALYZE (STAT4) can flip the plans the catalogue relies on, so it is left alone there. */
export async function afterBulkLoad(db: Db): Promise<void> {
	if (db.dialect === 'postgres') await sql`analyze`.execute(db.kysely);
}

/** The trigram index of instruments.search_text (migration 0011), if this database has one. */
export type TextIndex = 'fts5' | 'pg_trgm' | null;
const textIndexes = new WeakMap<Kysely<Database>, Promise<TextIndex>>();

/**
 * Which trigram index catalogue search can use: SQLite's FTS5 table instrument_fts, PostgreSQL's GIN
 * index instruments_search_trgm (only where the pg_trgm extension could be installed), else null
 * (the portable bigram path alone). Looked up once per handle.
 */
export function instrumentTextIndex(db: Db): Promise<TextIndex> {
	let found = textIndexes.get(db.kysely);
	if (!found) {
		found = (async (): Promise<TextIndex> => {
			if (db.dialect === 'postgres') {
				const r = await sql<{ n: number }>`select count(*) as n from pg_indexes where indexname = 'instruments_search_trgm'`.execute(db.kysely);
				return Number(r.rows[0]?.n ?? 0) > 0 ? 'pg_trgm' : null;
			}
			const r = await sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table' and name = 'instrument_fts'`.execute(db.kysely);
			return Number(r.rows[0]?.n ?? 0) > 0 ? 'fts5' : null;
		})();
		found.catch(() => textIndexes.delete(db.kysely));
		textIndexes.set(db.kysely, found);
	}
	return found;
}
