// Fresh, migrated databases for integration tests: a temporary SQLite file, or a uniquely named
// PostgreSQL database created through TEST_DATABASE_URL (dropped again by close()).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDb, type Db } from '../../src/lib/server/db/dialect';
import { diskMigrations, migrateToLatest, RecordMigrationProvider } from '../../src/lib/server/db/migrate';

export const PG_URL = process.env.TEST_DATABASE_URL;
if (!PG_URL) console.warn('[tests] TEST_DATABASE_URL is not set: PostgreSQL integration tests are skipped');

/** The dialects to run database tests on: SQLite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const DIALECTS: ('sqlite' | 'postgres')[] = PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestDb extends Db {
	/** closes the handle and deletes the file or drops the database */
	cleanup(): Promise<void>;
}

export async function openTestDb(kind: 'sqlite' | 'postgres' = 'sqlite'): Promise<TestDb> {
	const suffix = `${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
	if (kind === 'postgres') {
		if (!PG_URL) throw new Error('TEST_DATABASE_URL is not set');
		const name = `jjj_test_${suffix}`;
		const admin = new pg.Client({ connectionString: PG_URL });
		await admin.connect();
		await admin.query(`create database ${name}`);
		await admin.end();
		const url = new URL(PG_URL);
		url.pathname = `/${name}`;
		const db = createDb(url.toString());
		await migrateToLatest(db, new RecordMigrationProvider(await diskMigrations()));
		return {
			...db,
			async cleanup() {
				await db.close();
				const c = new pg.Client({ connectionString: PG_URL });
				await c.connect();
				await c.query(`drop database if exists ${name} with (force)`);
				await c.end();
			}
		};
	}
	const file = path.join(os.tmpdir(), `jjj-test-${suffix}.db`);
	const db = createDb(file);
	await migrateToLatest(db, new RecordMigrationProvider(await diskMigrations()));
	return {
		...db,
		async cleanup() {
			await db.close();
			for (const s of ['', '-wal', '-shm']) fs.rmSync(file + s, { force: true });
		}
	};
}
