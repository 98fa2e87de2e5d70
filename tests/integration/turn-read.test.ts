// The SQLite driver's shared read transaction (db/sqlite-driver.ts): the plain reads of one turn of
// the event loop run in one deferred transaction, ended at the end of the turn or before any other
// statement. What a caller can observe: one snapshot per turn for reads, its own writes at once,
// transactions and pragmas working as before, another connection's commits from the next turn.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { createDb, withWriteTransaction } from '../../src/lib/server/db/dialect';
import { openTestDb, type TestDb } from './test-db';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('reads of one event-loop turn share a read transaction (SQLite)', () => {
	let db: TestDb;
	let other: SqliteDatabase.Database; // another connection, as another process would write
	beforeEach(async () => {
		db = await openTestDb('sqlite');
		await sql`create table tr_items (id integer primary key, label text not null)`.execute(db.kysely);
		await nextTurn();
		other = new SqliteDatabase(db.location);
		other.pragma('busy_timeout = 2000');
	});
	afterEach(async () => {
		other.close();
		await db.cleanup();
	});

	const labels = async () => (await db.kysely.selectFrom('tr_items' as never).select(sql<string>`label`.as('label')).orderBy(sql`id`).execute()).map((r) => (r as { label: string }).label);
	const otherInsert = (label: string) => other.prepare('insert into tr_items (label) values (?)').run(label);

	it('reads of one turn see one snapshot; another connection’s commit is seen from the next turn', async () => {
		otherInsert('a');
		expect(await labels()).toEqual(['a']);
		otherInsert('b'); // commits while this turn's read transaction is open (WAL: the writer is not blocked)
		expect(await labels()).toEqual(['a']);
		await nextTurn();
		expect(await labels()).toEqual(['a', 'b']);
	});

	it('a write of this connection ends the turn’s read transaction: later reads in the same turn see it', async () => {
		expect(await labels()).toEqual([]);
		otherInsert('theirs'); // committed while the first read transaction is open
		await sql`insert into tr_items (label) values ('mine')`.execute(db.kysely);
		expect(await labels()).toEqual(['theirs', 'mine']); // a new read transaction: both commits are in it
	});

	it('write transactions and Kysely transactions start after reads in the same turn', async () => {
		expect(await labels()).toEqual([]);
		await withWriteTransaction(db, (trx) => sql`insert into tr_items (label) values ('grouped')`.execute(trx));
		expect(await labels()).toEqual(['grouped']);
		await db.kysely.transaction().execute(async (trx) => {
			await sql`insert into tr_items (label) values ('kysely')`.execute(trx);
		});
		expect(await labels()).toEqual(['grouped', 'kysely']);
		expect((other.prepare('select count(*) as n from tr_items').get() as { n: number }).n).toBe(2); // committed, not held open
	});

	it('pragmas that only work outside a transaction still work after a read in the same turn', async () => {
		await labels();
		await sql`pragma foreign_keys = off`.execute(db.kysely);
		expect((await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db.kysely)).rows[0].foreign_keys).toBe(0);
		await sql`pragma foreign_keys = on`.execute(db.kysely);
		expect((await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db.kysely)).rows[0].foreign_keys).toBe(1);
	});

	it('a read that fails leaves the connection usable, in the same turn and the next', async () => {
		await labels();
		await expect(sql`select json_extract('not json', '$.x') as x`.execute(db.kysely)).rejects.toThrow(/malformed JSON/i);
		await sql`insert into tr_items (label) values ('after')`.execute(db.kysely);
		expect(await labels()).toEqual(['after']);
		await nextTurn();
		otherInsert('other');
		expect(await labels()).toEqual(['after', 'other']);
	});

	it('a streamed query runs outside the turn’s read transaction and sees the current rows', async () => {
		otherInsert('x');
		otherInsert('y');
		expect(await labels()).toEqual(['x', 'y']);
		const streamed: string[] = [];
		otherInsert('late'); // after this turn's snapshot: the stream runs outside it and sees the row
		for await (const row of db.kysely.selectFrom('tr_items' as never).select(sql<string>`label`.as('label')).orderBy(sql`id`).stream()) {
			streamed.push((row as { label: string }).label);
		}
		expect(streamed).toEqual(['x', 'y', 'late']);
		await sql`insert into tr_items (label) values ('z')`.execute(db.kysely);
		expect(await labels()).toEqual(['x', 'y', 'late', 'z']);
	});

	it('does not keep the file locked between turns: another connection can checkpoint and write', async () => {
		await labels();
		await nextTurn();
		const r = other.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
		expect(r[0].busy).toBe(0);
		otherInsert('w');
		expect(await labels()).toEqual(['w']);
	});

	it('a write of this process through another handle is seen at once, as the catalogue caches assume', async () => {
		expect(await labels()).toEqual([]);
		const second = createDb(db.location); // its own connection, in this process
		try {
			await sql`insert into tr_items (label) values ('second')`.execute(second.kysely);
		} finally {
			await second.close();
		}
		expect(await labels()).toEqual(['second']);
	});
});
