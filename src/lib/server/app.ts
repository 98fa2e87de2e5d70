// The process-wide database handle and start-up: migrate, then create the demo data on an empty database.
import { createDb, type Db } from './db/dialect';
import { migrateToLatest, RecordMigrationProvider } from './db/migrate';
import { bundledMigrations } from './db/migrations.bundled';
import { ensureDemoData } from './demo/startup';
import { startNoShowTimer } from './usage/no-show.job'; // usage capability
import { startNotificationJobs } from './notification/notification.jobs';
import { startWaitlistTimer } from './schedule/waitlist.service';
import { refreshRollups, startRollupTimer } from './statistics/statistics.rollup';
import { startBackgroundCheckpoints } from './db/sqlite-checkpoints';

let current: Db | undefined;

export function getDb(): Db {
	if (!current) current = createDb(process.env.DATABASE_URL);
	return current;
}

/** Runs once per process before the first request (SvelteKit's init hook). */
export async function initApp(): Promise<void> {
	const db = getDb();
	await migrateToLatest(db, new RecordMigrationProvider(bundledMigrations));
	await startBackgroundCheckpoints(db); // SQLite: WAL checkpoints off the request thread
	if (process.env.PORTAL_DEMO !== '0') await ensureDemoData(db);
	if (process.env.NO_SHOW_SWEEP !== '0') startNoShowTimer(db); // usage capability: no-show sweep every minute (NO_SHOW_SWEEP=0 stops it)
	startNotificationJobs(db); // notifications: reminders + outbox dispatcher timer
	startWaitlistTimer(db); // schedule: expired wait-list offers pass to the next person
	// statistics: build the roll-ups now if a migration or bulk load asked for it, then keep them current
	await refreshRollups(db);
	if (process.env.STATS_REFRESH_MS !== '0') startRollupTimer(db, Number(process.env.STATS_REFRESH_MS) || undefined); // STATS_REFRESH_MS=0: only when statistics are asked
}
