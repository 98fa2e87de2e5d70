// Kysely's SQLite dialect with a driver tuned for many concurrent requests on one connection:
// - a first-come-first-served lock on the one connection (Kysely's own mutex wakes every waiter on
//   each release and all but one go back to sleep: with 50 requests queued behind a booking
//   transaction that is 50 wake-ups per release);
// - prepared statements kept by SQL text (Kysely's driver prepares every query again, and parsing
//   and planning the SQL costs as much as running a short indexed query). SQLite re-prepares a kept
//   statement by itself when the schema changes; a statement still being iterated (a streamed
//   query) is never handed out twice;
// - the reads of one event-loop turn share one read transaction (see TurnRead below).
import { writeFileSync } from 'node:fs';
import { setImmediate } from 'node:timers';
import type SqliteDatabase from 'better-sqlite3';
import { processWriteGeneration } from './table-writes';
import type { DirectSqlite } from './direct';
import { CompiledQuery, SelectQueryNode, SqliteDialect, type DatabaseConnection, type Driver, type QueryResult } from 'kysely';

/** How many prepared statements the connection keeps (least recently used dropped first). */
const STATEMENT_CACHE_SIZE = 1000;

class FifoLock {
	#held = false;
	readonly #waiting: (() => void)[] = [];

	get held(): boolean {
		return this.#held;
	}

	lock(): Promise<void> {
		if (!this.#held) {
			this.#held = true;
			return Promise.resolve();
		}
		return new Promise((resolve) => this.#waiting.push(resolve));
	}

	/** Hands the lock straight to the longest waiter, if any. */
	unlock(): void {
		const next = this.#waiting.shift();
		if (next) next();
		else this.#held = false;
	}
}

const PLAIN_READ = /^\s*(select|with)\b/i;

interface Kept {
	statement: SqliteDatabase.Statement;
	/** a plain read (SELECT/WITH that changes nothing and returns rows): may run in the turn's read transaction */
	plainRead: boolean;
	/** statements that return rows run in raw mode (arrays of values); this makes the row objects */
	rows: { make: RowMaker; width: number } | null;
}

type RowMaker = (values: unknown[]) => Record<string, unknown>;

/**
 * Rows as objects, made in JavaScript from better-sqlite3's raw rows (arrays of values). In object
 * mode better-sqlite3 builds each row in C++, setting one property per column by name, and under
 * load — when the request's rendering between two reads has pushed SQLite and V8's key lookups out of
 * the CPU caches — that costs about 1 µs per column: a 40-column row took ~75 µs, against ~30 µs for
 * the same read in raw mode plus an object literal of a fixed shape (measured, README "Session 15").
 * The maker is one object literal per statement (the column names quoted as JSON strings, so any
 * name is a safe key); like object mode, a later column of the same name wins.
 */
function rowMaker(names: string[]): RowMaker {
	if (names.includes('__proto__')) {
		// a literal `"__proto__": v` would set the prototype instead of a property
		return (values) => {
			const row: Record<string, unknown> = {};
			names.forEach((name, i) => Object.defineProperty(row, name, { value: values[i], enumerable: true, writable: true, configurable: true }));
			return row;
		};
	}
	return new Function('v', `return {${names.map((name, i) => `${JSON.stringify(name)}: v[${i}]`).join(', ')}};`) as RowMaker;
}

/** The row maker of a statement that returns rows, else null. */
function makerOf(statement: SqliteDatabase.Statement): Kept['rows'] {
	if (!statement.reader) return null;
	const names = statement.columns().map((c) => c.name);
	return { make: rowMaker(names), width: names.length };
}

/** A freshly prepared statement: raw mode when it returns rows, with its row maker. */
function rawRows(statement: SqliteDatabase.Statement): Kept['rows'] {
	if (statement.reader) statement.raw(true);
	return makerOf(statement);
}

/**
 * Reads outside an explicit transaction share one read transaction per event-loop turn. In
 * autocommit mode SQLite takes and drops its file locks around every statement (three system calls,
 * ~6 µs per statement here, more under load: as much as the indexed read itself). The first plain
 * read of a turn opens a deferred transaction, the turn's other reads join it, and it is committed
 * at the end of the turn (setImmediate) — or at once, before any other statement (a write, BEGIN,
 * PRAGMA), so this connection's writes and transactions start as before and reads after a write see
 * it; likewise after a write of this process through another handle (processWriteGeneration). The
 * reads of a turn see one snapshot, as if they had run together at its start; another process's
 * commit is seen from the next turn. Streamed queries run outside it.
 */
class CachingConnection implements DatabaseConnection {
	readonly #db: SqliteDatabase.Database;
	readonly #statements = new Map<string, Kept>();
	readonly #begin: SqliteDatabase.Statement;
	readonly #commit: SqliteDatabase.Statement;
	/** the turn's read transaction is open */
	#turnRead = false;
	/** streamed queries being iterated */
	#streams = 0;

	constructor(db: SqliteDatabase.Database) {
		this.#db = db;
		this.#begin = db.prepare('begin');
		this.#commit = db.prepare('commit');
	}

	#prepare(text: string): Kept {
		const kept = this.#statements.get(text);
		if (kept && !kept.statement.busy) {
			this.#statements.delete(text); // most recently used goes last
			this.#statements.set(text, kept);
			return kept;
		}
		sqlProfile?.prepared(text);
		const select = PLAIN_READ.test(text);
		// SQLite decides some things when it prepares (a PRAGMA inside a transaction becomes a no-op),
		// so anything but a SELECT is prepared outside the turn's read transaction.
		if (!select) this.#endTurnRead();
		const statement = this.#db.prepare(text);
		const made = { statement, plainRead: select && statement.reader && statement.readonly, rows: rawRows(statement) };
		if (kept) return made; // the kept one is being iterated; this one is used once
		this.#statements.set(text, made);
		if (this.#statements.size > STATEMENT_CACHE_SIZE) this.#statements.delete(this.#statements.keys().next().value!);
		return made;
	}

	/** processWriteGeneration() when the turn's read transaction began */
	#turnGeneration = 0;
	#endScheduled = false;
	readonly #endTurn = () => {
		this.#endScheduled = false;
		this.#endTurnRead();
	};

	#endTurnRead(): void {
		if (!this.#turnRead) return;
		this.#turnRead = false;
		if (this.#db.inTransaction) this.#commit.run();
	}

	executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
		return Promise.resolve(this.executeSync<R>(compiled));
	}

	/** Runs the statement now (the caller holds the connection, or nobody does: see db/direct.ts). */
	executeSync<R>(compiled: CompiledQuery): QueryResult<R> {
		if (sqlProfile) return sqlProfile.time(compiled.sql, () => this.#execute<R>(compiled));
		return this.#execute<R>(compiled);
	}

	#execute<R>(compiled: CompiledQuery): QueryResult<R> {
		const kept = this.#prepare(compiled.sql);
		const { statement, plainRead } = kept;
		if (plainRead && this.#streams === 0) {
			// a write of this process on another handle (its own connection) since the transaction began: read it
			if (this.#turnRead && this.#turnGeneration !== processWriteGeneration()) this.#endTurnRead();
			if (!this.#turnRead && !this.#db.inTransaction) {
				this.#begin.run();
				this.#turnRead = true;
				this.#turnGeneration = processWriteGeneration();
				if (!this.#endScheduled) {
					this.#endScheduled = true;
					setImmediate(this.#endTurn);
				}
			}
			return { rows: objects<R>(kept, statement.all(compiled.parameters) as unknown[][]) };
		}
		this.#endTurnRead();
		if (statement.reader) return { rows: objects<R>(kept, statement.all(compiled.parameters) as unknown[][]) };
		const { changes, lastInsertRowid } = statement.run(compiled.parameters);
		return {
			numAffectedRows: changes === undefined || changes === null ? undefined : BigInt(changes),
			insertId: lastInsertRowid === undefined || lastInsertRowid === null ? undefined : BigInt(lastInsertRowid),
			rows: []
		};
	}

	async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
		if (!SelectQueryNode.is(compiled.query)) throw new Error('SQLite can only stream select queries');
		this.#endTurnRead();
		this.#streams++;
		try {
			const kept = this.#prepare(compiled.sql);
			for (const values of kept.statement.iterate(compiled.parameters)) yield { rows: objects<R>(kept, [values as unknown[]]) };
		} finally {
			this.#streams--;
		}
	}
}

/** The raw rows of a kept statement as objects (rebuilding its maker if SQLite re-prepared it with other columns). */
function objects<R>(kept: Kept, raw: unknown[][]): R[] {
	if (raw.length === 0) return [];
	// SQLite re-prepares a statement by itself after a schema change: `select *` may then have other columns
	if (!kept.rows || kept.rows.width !== raw[0].length) kept.rows = makerOf(kept.statement);
	const make = kept.rows!.make;
	const rows = new Array<R>(raw.length);
	for (let i = 0; i < raw.length; i++) rows[i] = make(raw[i]) as R;
	return rows;
}

/** PORTAL_SQL_PROFILE=<file, %p for the pid>: time every statement by SQL text and write the totals there on exit (benchmark diagnostics). */
const sqlProfile = process.env.PORTAL_SQL_PROFILE ? makeSqlProfile(process.env.PORTAL_SQL_PROFILE.replace('%p', String(process.pid))) : null;

function makeSqlProfile(file: string) {
	const totals = new Map<string, { calls: number; ns: bigint; prepares: number }>();
	process.once('exit', () => {
		const rows = [...totals].sort((a, b) => Number(b[1].ns - a[1].ns)).map(([sql, t]) => `${(Number(t.ns) / 1e6).toFixed(1)} ms\t${t.calls}\t${(Number(t.ns) / 1e3 / t.calls).toFixed(1)} µs\t${t.prepares} prepared\t${sql.replace(/\s+/g, ' ').slice(0, 400)}`);
		writeFileSync(file, rows.join('\n') + '\n');
	});
	const entry = (sql: string) => {
		let t = totals.get(sql);
		if (!t) totals.set(sql, (t = { calls: 0, ns: 0n, prepares: 0 }));
		return t;
	};
	return {
		/** a statement prepared (not found in the cache) */
		prepared(sql: string): void {
			entry(sql).prepares++;
		},
		time<T>(sql: string, run: () => T): T {
			const started = process.hrtime.bigint();
			try {
				return run();
			} finally {
				const t = entry(sql);
				t.calls++;
				t.ns += process.hrtime.bigint() - started;
			}
		}
	};
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

class PortalSqliteDriver implements Driver {
	readonly #lock = new FifoLock();
	readonly #db: SqliteDatabase.Database;
	readonly #connection: CachingConnection;

	constructor(db: SqliteDatabase.Database) {
		this.#db = db;
		this.#connection = new CachingConnection(db);
	}

	async init(): Promise<void> {}

	async acquireConnection(): Promise<DatabaseConnection> {
		await this.#lock.lock();
		return this.#connection;
	}

	async releaseConnection(): Promise<void> {
		this.#lock.unlock();
	}

	/** db/direct.ts: the statement run now if nobody holds the connection, else undefined. */
	runIfFree<R>(compiled: CompiledQuery): QueryResult<R> | undefined {
		return this.#lock.held ? undefined : this.#connection.executeSync<R>(compiled);
	}

	/** db/direct.ts: the statement run now by a caller that holds the connection. */
	runHeld<R>(compiled: CompiledQuery): QueryResult<R> {
		return this.#connection.executeSync<R>(compiled);
	}

	async beginTransaction(connection: DatabaseConnection): Promise<void> {
		await connection.executeQuery(CompiledQuery.raw('begin'));
	}

	async commitTransaction(connection: DatabaseConnection): Promise<void> {
		await connection.executeQuery(CompiledQuery.raw('commit'));
	}

	async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
		await connection.executeQuery(CompiledQuery.raw('rollback'));
	}

	async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
		await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoted(name)}`));
	}

	async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
		await connection.executeQuery(CompiledQuery.raw(`rollback to ${quoted(name)}`));
	}

	async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
		await connection.executeQuery(CompiledQuery.raw(`release ${quoted(name)}`));
	}

	async destroy(): Promise<void> {
		this.#db.close();
	}
}

/** SQLite through better-sqlite3 with the driver above (compiler, adapter and introspector are Kysely's). */
export class PortalSqliteDialect extends SqliteDialect {
	readonly #db: SqliteDatabase.Database;
	#driver: PortalSqliteDriver | null = null;

	constructor(db: SqliteDatabase.Database) {
		super({ database: db });
		this.#db = db;
	}

	override createDriver(): Driver {
		this.#driver = new PortalSqliteDriver(this.#db);
		return this.#driver;
	}

	/** The synchronous runners of db/direct.ts (after Kysely created the driver). */
	direct(): DirectSqlite {
		const driver = this.#driver;
		if (!driver) throw new Error('the dialect has no driver yet');
		return { ifFree: (c) => driver.runIfFree(c), held: (c) => driver.runHeld(c) };
	}
}
