// WAL checkpoints of the portal's SQLite file on a worker thread. By default SQLite checkpoints
// inside the commit that pushes the WAL past 1,000 pages: that commit copies the pages into the
// database file and waits for two fsyncs, and since better-sqlite3 is synchronous every request of
// the process waits with it (a few ms every few dozen bookings). Here a worker with its own
// connection runs a PASSIVE checkpoint (never blocks readers or writers) a few times a second;
// the request thread's own automatic checkpoint stays as a backstop at a larger WAL.
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { sql } from 'kysely';
import type { Db } from './dialect';

/**
 * WAL pages after which a commit on the request thread checkpoints itself. Under a steady stream of
 * commits the worker's checkpoint rarely finishes before the next commit appends, so the log cannot
 * start over; the backstop then only copies the few pages the worker has not, and the log restarts.
 */
const BACKSTOP_PAGES = 4_000;
/** The log file is cut back to this size when it starts over. */
const WAL_FILE_LIMIT_BYTES = 16 * 1024 * 1024;

// CommonJS run by the worker (eval): better-sqlite3 is resolved by the main thread and passed in.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 1000');
let warned = false;
const timer = setInterval(() => {
	try {
		db.pragma('wal_checkpoint(PASSIVE)');
	} catch (error) {
		if (!warned) parentPort.postMessage(String(error && error.message || error));
		warned = true;
	}
}, workerData.everyMs);
parentPort.on('message', () => {
	clearInterval(timer);
	db.close();
	parentPort.close();
});
`;

/** Starts checkpointing a file-backed SQLite database on a worker thread; returns the stop function. */
export async function startBackgroundCheckpoints(db: Db, everyMs = 250): Promise<() => Promise<void>> {
	if (db.dialect !== 'sqlite' || db.location.endsWith(':memory:')) return async () => {};
	const require = createRequire(import.meta.url);
	const worker = new Worker(WORKER, { eval: true, workerData: { module: require.resolve('better-sqlite3'), file: db.location, everyMs } });
	worker.on('message', (message) => console.warn('[db] background checkpoint failed:', message));
	worker.on('error', (error) => console.warn('[db] checkpoint worker stopped:', error.message));
	worker.unref(); // never keeps the process alive
	await sql.raw(`pragma wal_autocheckpoint = ${BACKSTOP_PAGES}`).execute(db.kysely);
	await sql.raw(`pragma journal_size_limit = ${WAL_FILE_LIMIT_BYTES}`).execute(db.kysely);
	return async () => {
		const exited = new Promise((resolve) => worker.once('exit', resolve));
		worker.postMessage('stop');
		await exited;
	};
}
