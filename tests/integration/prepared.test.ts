import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { DIALECTS, openTestDb, type TestDb } from './test-db';
import { newUser } from './fixtures';
import { withWriteTransaction } from '../../src/lib/server/db/dialect';
import { prepared } from '../../src/lib/server/db/prepared';
import type { Database } from '../../src/lib/server/db/schema';

type K = Kysely<Database>;

const usersNamed = prepared((db: K, name: string, minId: number) =>
	db.selectFrom('users').select(['id', 'name', 'disabled']).where('name', '=', name).where('disabled', '=', 0).where('id', '>=', minId).orderBy('id')
);
// the same argument used twice, around a constant
const sameTwice = prepared((db: K, id: number) =>
	db.selectFrom('users').select('id').where((eb) => eb.or([eb('id', '=', id), eb.and([eb('id', '=', id), eb('disabled', '=', 1)])]))
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
});
