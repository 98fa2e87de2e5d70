// Kysely's SQLite dialect with a driver tuned for many concurrent requests on one connection:
// - a first-come-first-served lock on the one connection (Kysely's own mutex wakes every waiter on
//   each release and all but one go back to sleep: with 50 requests queued behind a booking
//   transaction that is 50 wake-ups per release);
// - prepared statements kept by SQL text (Kysely's driver prepares every query again, and parsing
//   and planning the SQL costs as much as running a short indexed query). SQLite re-prepares a kept
//   statement by itself when the schema changes; a statement still being iterated (a streamed
//   query) is never handed out twice.
import { writeFileSync } from 'node:fs';
import type SqliteDatabase from 'better-sqlite3';
import { CompiledQuery, SelectQueryNode, SqliteDialect, type DatabaseConnection, type Driver, type QueryResult } from 'kysely';

/** How many prepared statements the connection keeps (least recently used dropped first). */
const STATEMENT_CACHE_SIZE = 1000;

class FifoLock {
	#held = false;
	readonly #waiting: (() => void)[] = [];

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

class CachingConnection implements DatabaseConnection {
	readonly #db: SqliteDatabase.Database;
	readonly #statements = new Map<string, SqliteDatabase.Statement>();

	constructor(db: SqliteDatabase.Database) {
		this.#db = db;
	}

	#prepare(text: string): SqliteDatabase.Statement {
		const kept = this.#statements.get(text);
		if (kept && !kept.busy) {
			this.#statements.delete(text); // most recently used goes last
			this.#statements.set(text, kept);
			return kept;
		}
		sqlProfile?.prepared(text);
		const statement = this.#db.prepare(text);
		if (kept) return statement; // the kept one is being iterated; this one is used once
		this.#statements.set(text, statement);
		if (this.#statements.size > STATEMENT_CACHE_SIZE) this.#statements.delete(this.#statements.keys().next().value!);
		return statement;
	}

	executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
		if (sqlProfile) return sqlProfile.time(compiled.sql, () => this.#execute<R>(compiled));
		return this.#execute<R>(compiled);
	}

	#execute<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
		const statement = this.#prepare(compiled.sql);
		if (statement.reader) return Promise.resolve({ rows: statement.all(compiled.parameters) as R[] });
		const { changes, lastInsertRowid } = statement.run(compiled.parameters);
		return Promise.resolve({
			numAffectedRows: changes === undefined || changes === null ? undefined : BigInt(changes),
			insertId: lastInsertRowid === undefined || lastInsertRowid === null ? undefined : BigInt(lastInsertRowid),
			rows: []
		});
	}

	async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
		if (!SelectQueryNode.is(compiled.query)) throw new Error('SQLite can only stream select queries');
		for (const row of this.#prepare(compiled.sql).iterate(compiled.parameters)) yield { rows: [row as R] };
	}
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

	constructor(db: SqliteDatabase.Database) {
		super({ database: db });
		this.#db = db;
	}

	override createDriver(): Driver {
		return new PortalSqliteDriver(this.#db);
	}
}
