import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDb, type TestDb } from './test-db';
import { startBackgroundCheckpoints } from '../../src/lib/server/db/sqlite-checkpoints';

describe('WAL checkpoints on a worker thread (SQLite)', () => {
	let db: TestDb;
	beforeEach(async () => {
		db = await openTestDb('sqlite');
		await sql`create table filler (id integer primary key, body text not null)`.execute(db.kysely);
	});
	afterEach(async () => {
		await db.cleanup();
	});
	const walBytes = () => fs.statSync(`${db.location}-wal`).size;
	/** About 4 MB of new pages, in one transaction. */
	const writeBatch = async (n: number) => {
		const body = 'x'.repeat(4000);
		await db.kysely.transaction().execute(async (trx) => {
			for (let i = 0; i < 10; i++) await trx.insertInto('filler' as never).values(Array.from({ length: 100 }, (_, j) => ({ id: n * 1000 + i * 100 + j, body })) as never).execute();
		});
	};

	it('keeps the write-ahead log from growing while the request thread never checkpoints', async () => {
		const stop = await startBackgroundCheckpoints(db, 50);
		try {
			const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db.kysely);
			expect(rows[0].wal_autocheckpoint).toBeGreaterThan(1000); // SQLite's default: the request thread is only a backstop now
			for (let n = 0; n < 6; n++) {
				await writeBatch(n);
				await new Promise((r) => setTimeout(r, 300)); // the worker checkpoints; the next write starts the log over
			}
			expect(walBytes()).toBeLessThan(8 * 1024 * 1024); // without the worker: 16 MB, the backstop
		} finally {
			await stop();
		}
		const { rows } = await sql<{ n: number }>`select count(*) as n from filler`.execute(db.kysely);
		expect(Number(rows[0].n)).toBe(6000);
	});
});
