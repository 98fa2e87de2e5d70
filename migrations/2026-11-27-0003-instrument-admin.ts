// Instrument administration: the acceptance date (验收日期) a registration is measured against, the
// instrument's own accreditations, when its listing was last confirmed (信息定期更新), and indexes
// the admin audit page filters on. Same for SQLite and PostgreSQL. Frozen once landed.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

function isPostgres(db: Kysely<any>): boolean {
	return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
	const big = isPostgres(db) ? 'bigint' : 'integer';
	// local day "YYYY-MM-DD" in the instrument's zone; null for instruments listed before this column
	await db.schema.alterTable('instruments').addColumn('acceptance_date', 'varchar(10)').execute();
	await db.schema.alterTable('instruments').addColumn('accreditations', 'text', (c) => c.notNull().defaultTo('')).execute();
	// nullable so older writers need not know it: readers take coalesce(confirmed_at, created_at)
	await db.schema.alterTable('instruments').addColumn('confirmed_at', big).execute();
	await sql`update instruments set confirmed_at = created_at where confirmed_at is null`.execute(db);
	await db.schema.createIndex('instruments_facility_confirmed').on('instruments').columns(['facility_id', 'confirmed_at']).execute();

	await db.schema.createIndex('audit_log_created').on('audit_log').column('created_at').execute();
	await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor_user_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('audit_log_actor').ifExists().execute();
	await db.schema.dropIndex('audit_log_created').ifExists().execute();
	await db.schema.dropIndex('instruments_facility_confirmed').ifExists().execute();
	for (const column of ['confirmed_at', 'accreditations', 'acceptance_date']) {
		await db.schema.alterTable('instruments').dropColumn(column).execute();
	}
}
