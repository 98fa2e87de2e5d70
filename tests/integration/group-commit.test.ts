// Group commit of SQLite write transactions (db/dialect.ts): the transactions asked for in one turn
// of the event loop share one BEGIN IMMEDIATE … COMMIT, each in its own savepoint. What a caller can
// observe: each runs alone and in order, sees the ones before it, is answered after the commit that
// carries it, and a failing one takes nothing with it but itself — unless the commit fails.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import SqliteDatabase from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { withWriteTransaction } from '../../src/lib/server/db/dialect';
import type { Database } from '../../src/lib/server/db/schema';
import { openTestDb, type TestDb } from './test-db';

describe('group commit of write transactions (SQLite)', () => {
	let db: TestDb;
	let other: SqliteDatabase.Database; // another connection, as another process would read
	beforeEach(async () => {
		db = await openTestDb('sqlite');
		await sql`create table gc_items (id integer primary key, label text not null unique, parent integer references gc_items(id))`.execute(db.kysely);
		other = new SqliteDatabase(db.location, { readonly: true });
	});
	afterEach(async () => {
		other.close();
		await db.cleanup();
	});

	const committed = () => (other.prepare('select label from gc_items order by id').all() as { label: string }[]).map((r) => r.label);
	const insert = (trx: Kysely<Database>, label: string, parent: number | null = null) => sql`insert into gc_items (label, parent) values (${label}, ${parent})`.execute(trx);
	const seen = async (trx: Kysely<Database>) => (await sql<{ label: string }>`select label from gc_items order by id`.execute(trx)).rows.map((r) => r.label);

	it('runs the transactions of one turn in order under one commit, each seeing the ones before it', async () => {
		const views: { inside: string[]; committed: string[] }[] = [];
		const results = await Promise.all(
			['a', 'b', 'c'].map((label) =>
				withWriteTransaction(db, async (trx) => {
					await insert(trx, label);
					views.push({ inside: await seen(trx), committed: committed() });
					return label.toUpperCase();
				})
			)
		);
		expect(results).toEqual(['A', 'B', 'C']);
		// b and c ran while a was not yet committed: one commit carried all three
		expect(views).toEqual([
			{ inside: ['a'], committed: [] },
			{ inside: ['a', 'b'], committed: [] },
			{ inside: ['a', 'b', 'c'], committed: [] }
		]);
		expect(committed()).toEqual(['a', 'b', 'c']);
	});

	it('answers a transaction only once its commit is done', async () => {
		const done = await Promise.all(['x', 'y'].map((label) => withWriteTransaction(db, (trx) => insert(trx, label)).then(() => committed())));
		expect(done).toEqual([
			['x', 'y'],
			['x', 'y']
		]);
	});

	it('rolls back a transaction that throws, to its own savepoint: the others of its group are kept', async () => {
		const outcomes = await Promise.allSettled([
			withWriteTransaction(db, (trx) => insert(trx, 'kept-1')),
			withWriteTransaction(db, async (trx) => {
				await insert(trx, 'undone-1');
				await insert(trx, 'undone-2');
				throw new Error('a rule refused it');
			}),
			// a constraint error half-way: the row written before it goes too
			withWriteTransaction(db, async (trx) => {
				await insert(trx, 'undone-3');
				await insert(trx, 'kept-1');
			}),
			withWriteTransaction(db, async (trx) => {
				expect(await seen(trx)).toEqual(['kept-1']);
				await insert(trx, 'kept-2');
			})
		]);
		expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
		expect((outcomes[1] as PromiseRejectedResult).reason.message).toBe('a rule refused it');
		expect(String((outcomes[2] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
		expect(committed()).toEqual(['kept-1', 'kept-2']);
	});

	it('fails every transaction of the group when the commit itself fails, and keeps none of their writes', async () => {
		const outcomes = await Promise.allSettled([
			withWriteTransaction(db, (trx) => insert(trx, 'lost-1')),
			withWriteTransaction(db, async (trx) => {
				// a foreign key checked at COMMIT: the commit fails, not the statement
				await sql`pragma defer_foreign_keys = on`.execute(trx);
				await insert(trx, 'dangling', 999_999);
			}),
			withWriteTransaction(db, (trx) => insert(trx, 'lost-2'))
		]);
		expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
		expect(String((outcomes[0] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/);
		expect(committed()).toEqual([]);
		// the connection is usable again
		await withWriteTransaction(db, (trx) => insert(trx, 'after'));
		expect(committed()).toEqual(['after']);
	});

	it('commits hundreds asked for at once (in groups), and takes new ones asked for while a group runs', async () => {
		const labels = Array.from({ length: 300 }, (_, i) => `n${i}`);
		const late: Promise<unknown>[] = [];
		await Promise.all(
			labels.map((label, i) =>
				withWriteTransaction(db, async (trx) => {
					await insert(trx, label);
					// asked for from inside a running group (as a request's continuation would)
					if (i % 100 === 0) late.push(Promise.resolve().then(() => withWriteTransaction(db, (t) => insert(t, `late-${label}`))));
				})
			)
		);
		await Promise.all(late);
		const rows = committed();
		expect(rows.length).toBe(303);
		expect(rows.slice(0, 300)).toEqual(labels);
	});

	it('keeps readers of the same handle from seeing a group before its commit', async () => {
		const write = withWriteTransaction(db, (trx) => insert(trx, 'w'));
		const before = seen(db.kysely); // asked for in the same turn, before the group starts
		await write;
		expect(await before).toEqual([]);
		expect(await seen(db.kysely)).toEqual(['w']);
	});
});
