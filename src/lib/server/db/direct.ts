// Synchronous statements on SQLite's one connection, for the prepared queries (db/prepared.ts).
// better-sqlite3 runs a statement synchronously, yet through Kysely each one passes six or seven
// async functions (executor, connection provider, lock, driver, result plugins): promises whose cost —
// with SvelteKit's AsyncLocalStorage hooks on every promise — was more than the indexed read itself.
// A handle registered here can run a compiled statement at once:
// - the root handle of a SQLite database, when nobody holds the connection (then running the
//   statement now is what acquiring the lock, running it and releasing the lock would do, without the
//   turns of the event loop in between); when the connection is held (a write transaction is open),
//   undefined: the caller takes Kysely's path and waits its turn;
// - the handle a group of write transactions runs on while the group holds the connection.
// PostgreSQL handles are never registered.
import type { CompiledQuery, Kysely, QueryResult } from 'kysely';
import type { Database } from './schema';

export type DirectRun = (compiled: CompiledQuery) => QueryResult<unknown> | undefined;

export interface DirectSqlite {
	/** runs the statement if the connection is free, else undefined */
	ifFree: DirectRun;
	/** runs the statement on the connection its caller holds */
	held: (compiled: CompiledQuery) => QueryResult<unknown>;
}

const roots = new WeakMap<Kysely<Database>, DirectSqlite>();
const runners = new WeakMap<Kysely<Database>, DirectRun>();

export function registerDirectRoot(root: Kysely<Database>, direct: DirectSqlite): void {
	roots.set(root, direct);
	runners.set(root, direct.ifFree);
}

/** Marks conn (a handle bound to root's connection, which the caller holds) as direct until the returned function is called. */
export function holdDirect(root: Kysely<Database>, conn: Kysely<Database>): () => void {
	const direct = roots.get(root);
	if (!direct) return () => {};
	runners.set(conn, direct.held);
	return () => runners.delete(conn);
}

/** The direct runner of a handle, if it has one. */
export function directRunner(k: Kysely<Database>): DirectRun | undefined {
	return runners.get(k);
}
