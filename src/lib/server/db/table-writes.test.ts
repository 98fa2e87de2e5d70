import { describe, expect, it } from 'vitest';
import { DummyDriver, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, sql } from 'kysely';
import type { Database } from './schema';
import { TableWrites, writtenTables } from './table-writes';

// Builds queries without a database, only to read their operation nodes.
const k = new Kysely<Database>({
	dialect: {
		createAdapter: () => new SqliteAdapter(),
		createDriver: () => new DummyDriver(),
		createIntrospector: (db) => new SqliteIntrospector(db),
		createQueryCompiler: () => new SqliteQueryCompiler()
	}
});

describe('writtenTables', () => {
	it('names the table an insert, update or delete writes, aliased or not', () => {
		expect(writtenTables(k.insertInto('api_tokens').values({ user_id: 1, name: 'x', token_hash: 'h', created_at: 0 }).toOperationNode())).toEqual(['api_tokens']);
		expect(writtenTables(k.updateTable('users as u').set({ disabled: 1 }).where('u.id', '=', 1).toOperationNode())).toEqual(['users']);
		expect(writtenTables(k.deleteFrom('sessions').where('user_id', '=', 1).toOperationNode())).toEqual(['sessions']);
	});
	it('reads nothing written by a select, and the written table out of raw SQL', () => {
		expect(writtenTables(k.selectFrom('users').selectAll().toOperationNode())).toEqual([]);
		expect(writtenTables(sql`update "role_assignments" set role = 'admin'`.toOperationNode())).toEqual(['role_assignments']);
		expect(writtenTables(sql`insert or ignore into users (id) values (1)`.toOperationNode())).toEqual(['users']);
		expect(writtenTables(sql`select * from users`.toOperationNode())).toEqual([]);
		expect(writtenTables(sql`begin immediate`.toOperationNode())).toEqual([]);
	});
});

describe('TableWrites', () => {
	it('changes the version of the tables written, and again for those written since a mark', () => {
		const w = new TableWrites();
		const v0 = w.version(['users', 'sessions']);
		const mark = w.mark();
		w.plugin.transformQuery({ node: k.updateTable('users').set({ disabled: 1 }).toOperationNode(), queryId: { queryId: 'a' } });
		const v1 = w.version(['users', 'sessions']);
		expect(v1).not.toBe(v0);
		expect(w.version(['bookings'])).toBe(0);
		w.bumpSince(mark); // the commit
		expect(w.version(['users'])).not.toBe(v1);
		expect(w.version(['bookings'])).toBe(0);
	});
});
