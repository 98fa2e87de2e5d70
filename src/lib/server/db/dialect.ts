// The only module that knows which database is behind Kysely: connection set-up, pragmas,
// write transactions and row locks. Everything else is dialect-neutral Kysely.
import fs from 'node:fs';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { CompiledQuery, Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import type { Database } from './schema';
import { TableWrites } from './table-writes';
import { PortalSqliteDialect } from './sqlite-driver';
import { directRunner, holdDirect, registerDirectRoot } from './direct';

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
	const sqliteDialect = new PortalSqliteDialect(sqlite);
	const kysely = new Kysely<Database>({ dialect: sqliteDialect, plugins: [writes.plugin] });
	registerDirectRoot(kysely, sqliteDialect.direct()); // prepared statements run synchronously (db/direct.ts)
	return { kysely, dialect, location: path.resolve(target), writes, close: () => kysely.destroy() };
}

/**
 * Runs fn in a transaction that holds the write lock from its first statement, so a check
 * (e.g. for overlapping bookings) and the write that depends on it cannot interleave with another
 * writer. PostgreSQL: a normal transaction; callers take row locks with lockRow(). SQLite: BEGIN
 * IMMEDIATE (Kysely's transaction() issues a plain BEGIN), with group commit (below): the promise
 * settles after the commit that carries fn's writes.
 */
export async function withWriteTransaction<T>(db: Db, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
	if (db.dialect === 'postgres') {
		const mark = db.writes.mark();
		const result = await db.kysely.transaction().execute((trx) => fn(trx));
		db.writes.bumpSince(mark); // committed: caches filled from the old rows meanwhile are stale too
		return result;
	}
	let group = groups.get(db.kysely);
	if (!group) groups.set(db.kysely, (group = new GroupCommit(db.kysely)));
	return group.run(fn);
}

// The group's own statements, compiled once (they write no table a plugin needs to see).
const BEGIN_IMMEDIATE = CompiledQuery.raw('begin immediate');
const SAVEPOINT = CompiledQuery.raw('savepoint group_write');
const RELEASE = CompiledQuery.raw('release group_write');
const ROLLBACK_TO = CompiledQuery.raw('rollback to group_write');
const COMMIT = CompiledQuery.raw('commit');
const ROLLBACK = CompiledQuery.raw('rollback');

/** How many queued write transactions one SQLite commit carries at most. */
const MAX_GROUP = 64;

interface WriteJob {
	fn: (trx: Kysely<Database>) => Promise<unknown>;
	resolve: (value: unknown) => void;
	reject: (error: unknown) => void;
}

/**
 * Group commit on SQLite's one connection. A commit costs more than a short write transaction's
 * statements (the dirty pages go to the WAL), and SQLite runs one writer at a time anyway. So the
 * write transactions asked for in one turn of the event loop queue up; at the end of the turn one
 * BEGIN IMMEDIATE runs them in order, each inside its own savepoint, and one COMMIT ends them all.
 * A transaction that throws is rolled back to its savepoint (nothing of it stays) and its caller
 * gets the error at once; the others are unaffected and are answered after the commit. Each still
 * sees every write made before it, the earlier ones of its group included, so a check and the
 * write that depends on it stay atomic. If the commit itself fails (disk full, I/O error), every
 * transaction of the group fails with it. Readers wait on the connection lock until the commit, so
 * nobody reads uncommitted rows.
 */
class GroupCommit {
	readonly #queue: WriteJob[] = [];
	#scheduled = false;

	constructor(private readonly kysely: Kysely<Database>) {}

	run<T>(fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
		return new Promise<T>((resolve, reject) => {
			this.#queue.push({ fn, resolve: resolve as (value: unknown) => void, reject });
			this.#schedule();
		});
	}

	#schedule(): void {
		if (this.#scheduled) return;
		this.#scheduled = true;
		nextTurn(() => void this.#drain());
	}

	async #drain(): Promise<void> {
		try {
			await this.kysely.connection().execute(async (conn) => {
				const release = holdDirect(this.kysely, conn); // the group's prepared statements run at once (db/direct.ts)
				try {
					while (this.#queue.length > 0) await this.#runGroup(conn, this.#queue.splice(0, MAX_GROUP));
				} finally {
					release();
				}
			});
		} catch (error) {
			// the connection could not be had (closed database): nothing queued can run
			for (const job of this.#queue.splice(0)) job.reject(error);
		} finally {
			this.#scheduled = false;
			if (this.#queue.length > 0) this.#schedule(); // queued after the loop's last look
		}
	}

	async #runGroup(conn: Kysely<Database>, jobs: WriteJob[]): Promise<void> {
		const direct = directRunner(conn);
		const exec = (q: CompiledQuery) => (direct ? direct(q) : conn.executeQuery(q)); // the group's own statements, at once where it can
		try {
			await exec(BEGIN_IMMEDIATE);
		} catch (error) {
			for (const job of jobs) job.reject(error);
			return;
		}
		const alone = jobs.length === 1; // no savepoint needed: a failure rolls the transaction back
		const done: { job: WriteJob; value: unknown }[] = [];
		for (let i = 0; i < jobs.length; i++) {
			const job = jobs[i];
			try {
				if (!alone) await exec(SAVEPOINT);
				const value = await job.fn(conn);
				if (!alone) await exec(RELEASE);
				done.push({ job, value });
			} catch (error) {
				const undone = alone ? false : await conn.executeQuery(ROLLBACK_TO).then(
					() => conn.executeQuery(RELEASE).then(() => true),
					() => false
				);
				if (undone) {
					job.reject(error);
					continue;
				}
				// alone, or SQLite rolled the whole transaction back by itself: nothing of the group holds
				await conn.executeQuery(ROLLBACK).catch(() => undefined);
				job.reject(error);
				for (const d of done) d.job.reject(groupLost(error));
				this.#queue.unshift(...jobs.slice(i + 1)); // not run yet: they run in the next group
				return;
			}
		}
		try {
			await exec(COMMIT);
		} catch (error) {
			await conn.executeQuery(ROLLBACK).catch(() => undefined);
			for (const d of done) d.job.reject(error);
			return;
		}
		for (const d of done) d.job.resolve(d.value);
	}
}

function groupLost(cause: unknown): Error {
	return new Error(`the write transaction was rolled back with its group: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
}

const groups = new WeakMap<Kysely<Database>, GroupCommit>();

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
