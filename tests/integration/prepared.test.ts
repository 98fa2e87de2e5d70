import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { DIALECTS, openTestDb, type TestDb } from './test-db';
import { newUser } from './fixtures';
import { withWriteTransaction } from '../../src/lib/server/db/dialect';
import { prepared, preparedNamed } from '../../src/lib/server/db/prepared';
import type { Database } from '../../src/lib/server/db/schema';

type K = Kysely<Database>;

const usersNamed = prepared((db: K, name: string, minId: number) =>
	db.selectFrom('users').select(['id', 'name', 'disabled']).where('name', '=', name).where('disabled', '=', 0).where('id', '>=', minId).orderBy('id')
);
// the same argument used twice, around a constant
const sameTwice = prepared((db: K, id: number) =>
	db.selectFrom('users').select('id').where((eb) => eb.or([eb('id', '=', id), eb.and([eb('id', '=', id), eb('disabled', '=', 1)])]))
);

// a write with named values, a constant among them, returning the row
const renameUser = preparedNamed((db: K, v: { id: number; name: string }) =>
	db.updateTable('users').set({ name: v.name, disabled: 0 }).where('id', '=', v.id).returning(['id', 'name', 'disabled'])
);

describe.each(DIALECTS)('prepared read queries on %s', (dialect) => {
	let db: TestDb;
	beforeEach(async () => {
		db = await openTestDb(dialect);
	});
	afterEach(async () => {
		await db.cleanup();
	});

	it('answers like the builder for every set of values, keeping the constants the builder bound', async () => {
		const a = await newUser(db, { name: '张三' });
		const b = await newUser(db, { name: '张三' });
		await newUser(db, { name: '李四' });
		await db.kysely.updateTable('users').set({ disabled: 1 }).where('id', '=', b.id).execute();
		for (const [name, minId] of [['张三', 0], ['张三', a.id + 1], ['李四', 0], ['nobody', 0]] as const) {
			const built = await db.kysely.selectFrom('users').select(['id', 'name', 'disabled']).where('name', '=', name).where('disabled', '=', 0).where('id', '>=', minId).orderBy('id').execute();
			expect(await usersNamed(db.kysely, name, minId)).toEqual(built);
		}
		expect((await usersNamed(db.kysely, '张三', 0)).map((r) => r.id)).toEqual([a.id]); // the disabled one stays out: the constant 0 is kept
	});

	it('runs on a transaction’s connection and sees its uncommitted rows', async () => {
		const a = await newUser(db, { name: '事务前' });
		const seen = await withWriteTransaction(db, async (trx) => {
			await trx.updateTable('users').set({ name: '事务中' }).where('id', '=', a.id).execute();
			return usersNamed(trx, '事务中', 0);
		});
		expect(seen.map((r) => r.id)).toEqual([a.id]);
	});

	it('refuses a query whose argument did not become a bound parameter', async () => {
		const inlined = prepared((k: K, id: number) => k.selectFrom('users').select('id').limit(1).where('id', '>', 0).$if(id === -1, (q) => q));
		await expect(inlined(db.kysely, 5)).rejects.toThrow(/argument 0 is not a bound parameter/);
	});

	it('puts an argument used twice in both places', async () => {
		const a = await newUser(db, { name: '甲' });
		const b = await newUser(db, { name: '乙' });
		expect(await sameTwice(db.kysely, a.id)).toEqual([{ id: a.id }]);
		expect(await sameTwice(db.kysely, b.id)).toEqual([{ id: b.id }]);
	});

	it('writes with named values, like the builder, and keeps the constant the builder bound', async () => {
		const a = await newUser(db, { name: '旧名' });
		await db.kysely.updateTable('users').set({ disabled: 1 }).where('id', '=', a.id).execute();
		expect(await renameUser(db.kysely, { id: a.id, name: '新名' })).toEqual([{ id: a.id, name: '新名', disabled: 0 }]);
		expect(await renameUser(db.kysely, { id: a.id + 1000, name: '无人' })).toEqual([]); // no such row: nothing written
		const row = await db.kysely.selectFrom('users').select(['name', 'disabled']).where('id', '=', a.id).executeTakeFirstOrThrow();
		expect(row).toEqual({ name: '新名', disabled: 0 });
	});

	it('shows every run of a prepared write to the plugins, so the caches keyed on table writes move', async () => {
		const a = await newUser(db, { name: '缓存' });
		await renameUser(db.kysely, { id: a.id, name: '一' }); // the first run builds the template
		for (const name of ['二', '三']) {
			const before = db.writes.version(['users']);
			await renameUser(db.kysely, { id: a.id, name });
			expect(db.writes.version(['users'])).toBeGreaterThan(before);
		}
		// inside a write transaction too (TableWrites bumps again after the commit)
		const before = db.writes.version(['users']);
		await withWriteTransaction(db, (trx) => renameUser(trx, { id: a.id, name: '四' }));
		expect(db.writes.version(['users'])).toBeGreaterThan(before);
		// reads leave the versions alone
		const unchanged = db.writes.version(['users']);
		await usersNamed(db.kysely, '四', 0);
		expect(db.writes.version(['users'])).toBe(unchanged);
	});

	it('refuses a named value that is missing or did not become a bound parameter', async () => {
		const a = await newUser(db, { name: '缺' });
		await expect(renameUser(db.kysely, { id: a.id } as { id: number; name: string })).rejects.toThrow(/no value for name/);
		const unbound = preparedNamed((k: K, v: { id: number; limit: number }) => k.selectFrom('users').select('id').where('id', '=', v.id).$if(v.limit === -1, (q) => q));
		await expect(unbound(db.kysely, { id: a.id, limit: 1 })).rejects.toThrow(/argument limit is not a bound parameter/);
	});

	// SQLite runs prepared statements synchronously where it may (db/direct.ts): never past a write
	// transaction that holds the connection, and in a group's own transaction with its savepoints.
	it('a read on the database waits while a write transaction holds the connection, and never sees its rows before the commit', async () => {
		const a = await newUser(db, { name: '提交前' });
		let open!: () => void;
		const gate = new Promise<void>((resolve) => (open = resolve));
		let wrote!: () => void;
		const written = new Promise<void>((resolve) => (wrote = resolve));
		const writing = withWriteTransaction(db, async (trx) => {
			await renameUser(trx, { id: a.id, name: '提交后' });
			wrote();
			await gate; // the transaction stays open, holding the connection
		});
		await written;
		let seen: { id: number }[] | null = null;
		const reading = usersNamed(db.kysely, '提交后', 0).then((rows) => (seen = rows));
		await new Promise((resolve) => setTimeout(resolve, 30));
		if (dialect === 'sqlite') expect(seen).toBeNull(); // one connection: the read waits for it
		else expect(seen).toEqual([]); // PostgreSQL: another connection, the committed state
		open();
		await writing;
		await reading;
		expect((await usersNamed(db.kysely, '提交后', 0)).map((r) => r.id)).toEqual([a.id]);
	});

	it('in a group of write transactions, a failed one leaves nothing of its prepared writes and the others keep theirs', async () => {
		const a = await newUser(db, { name: '甲组' });
		const b = await newUser(db, { name: '乙组' });
		const [first, second] = await Promise.allSettled([
			withWriteTransaction(db, async (trx) => {
				await renameUser(trx, { id: a.id, name: '甲改' });
				expect((await usersNamed(trx, '甲改', 0)).map((r) => r.id)).toEqual([a.id]); // its own write, uncommitted
				throw new Error('refused');
			}),
			withWriteTransaction(db, async (trx) => {
				expect(await usersNamed(trx, '甲改', 0)).toEqual([]); // the failed one's write is gone
				return renameUser(trx, { id: b.id, name: '乙改' });
			})
		]);
		expect(first.status).toBe('rejected');
		expect(second).toEqual({ status: 'fulfilled', value: [{ id: b.id, name: '乙改', disabled: 0 }] });
		const names = await db.kysely.selectFrom('users').select('name').where('id', 'in', [a.id, b.id]).orderBy('id').execute();
		expect(names.map((r) => r.name)).toEqual(['甲组', '乙改']);
	});
});
