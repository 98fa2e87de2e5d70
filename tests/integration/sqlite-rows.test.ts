// The SQLite driver reads rows in better-sqlite3's raw mode and makes the objects itself
// (db/sqlite-driver.ts, rowMaker): what a caller sees must be what object mode gave — names and
// values of every column, a later column of the same name winning, odd names kept as plain keys,
// streamed rows, RETURNING, and `select *` following a schema change.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDb, type TestDb } from './test-db';

describe('rows read in raw mode come back as the same objects (SQLite)', () => {
	let db: TestDb;
	beforeEach(async () => {
		db = await openTestDb('sqlite');
		await sql`create table rr_items (id integer primary key, label text not null, amount real, note blob)`.execute(db.kysely);
		await sql`insert into rr_items (label, amount, note) values ('甲', 1.5, null), ('b"\\', null, x'0102')`.execute(db.kysely);
	});
	afterEach(async () => {
		await db.cleanup();
	});

	it('names and values of every column, in order', async () => {
		const { rows } = await sql`select * from rr_items order by id`.execute(db.kysely);
		expect(rows).toEqual([
			{ id: 1, label: '甲', amount: 1.5, note: null },
			{ id: 2, label: 'b"\\', amount: null, note: Buffer.from([1, 2]) }
		]);
		expect(Object.keys(rows[0] as object)).toEqual(['id', 'label', 'amount', 'note']);
		expect(Object.getPrototypeOf(rows[0])).toBe(Object.prototype);
	});

	it('a later column of the same name wins; quotes, spaces and __proto__ stay plain keys', async () => {
		const { rows } = await sql`select 1 as x, 2 as x, 'v' as "a ""b"" c", 3 as "__proto__", 4 as "constructor" from rr_items where id = 1`.execute(db.kysely);
		const row = rows[0] as Record<string, unknown>;
		expect(row.x).toBe(2);
		expect(row['a "b" c']).toBe('v');
		expect(Object.getOwnPropertyDescriptor(row, '__proto__')?.value).toBe(3);
		expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
		expect(Object.hasOwn(row, 'constructor') && row.constructor).toBe(4);
	});

	it('no rows, streamed rows and INSERT … RETURNING', async () => {
		expect((await sql`select * from rr_items where id < 0`.execute(db.kysely)).rows).toEqual([]);
		const streamed = [];
		for await (const row of db.kysely.selectFrom('rr_items' as never).select(sql<string>`label`.as('label')).orderBy(sql`id`).stream()) streamed.push(row);
		expect(streamed).toEqual([{ label: '甲' }, { label: 'b"\\' }]);
		const { rows } = await sql`insert into rr_items (label) values ('c') returning id, label`.execute(db.kysely);
		expect(rows).toEqual([{ id: 3, label: 'c' }]);
	});

	it('`select *` kept prepared follows a column added later', async () => {
		const all = () => sql`select * from rr_items where id = 1`.execute(db.kysely);
		expect(Object.keys((await all()).rows[0] as object)).toEqual(['id', 'label', 'amount', 'note']);
		await sql`alter table rr_items add column extra integer not null default 7`.execute(db.kysely);
		expect((await all()).rows[0]).toEqual({ id: 1, label: '甲', amount: 1.5, note: null, extra: 7 });
	});
});
