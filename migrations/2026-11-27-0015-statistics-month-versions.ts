// A version per local month of the statistics roll-ups (migration 0012): the refresh raises the
// version of every month it recomputes (all months on a rebuild), so a process may keep the answer
// for a period while the versions of its months stay the same — a closed year is computed once, and
// another process's refresh is seen at the next question. Same for SQLite and PostgreSQL. Frozen once landed.
import { PostgresAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
	const big = db.getExecutor().adapter instanceof PostgresAdapter ? 'bigint' : 'integer';
	await db.schema
		.createTable('stat_month_versions')
		.addColumn('month_start', big, (c) => c.primaryKey())
		.addColumn('version', big, (c) => c.notNull())
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('stat_month_versions').ifExists().execute();
}
