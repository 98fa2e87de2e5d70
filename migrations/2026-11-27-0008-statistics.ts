// Statistics capability (开放共享绩效): the evaluation scheme an admin configures, and covering indexes
// for the period aggregates (bookings, usage records and reported samples by time), which GROUP BY in
// the database instead of keeping roll-up tables. Same for SQLite and PostgreSQL. Frozen once landed.
import { PostgresAdapter, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

function isPostgres(db: Kysely<any>): boolean {
	return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
	const pg = isPostgres(db);
	const id = (c: ColumnDefinitionBuilder) =>
		pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement();
	const idType = pg ? 'bigint' : 'integer';
	const big = pg ? 'bigint' : 'integer';

	await db.schema
		.createTable('evaluation_schemes')
		.addColumn('id', idType, id)
		// 'current': the scheme in force (one row); older versions stay for the record
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('config_json', 'text', (c) => c.notNull())
		.addColumn('updated_by', idType)
		.addColumn('updated_at', big, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('evaluation_schemes_name').on('evaluation_schemes').columns(['name', 'updated_at']).execute();

	// A period aggregate reads a start_at range and only these columns: covering, no table lookups.
	await db.schema
		.createIndex('bookings_stat_period')
		.on('bookings')
		.columns(['start_at', 'end_at', 'instrument_id', 'status', 'user_area_code', 'user_institution_id', 'user_id'])
		.execute();
	await db.schema
		.createIndex('usage_records_stat_period')
		.on('usage_records')
		.columns(['start_at', 'end_at', 'instrument_id', 'booking_id', 'user_id'])
		.execute();
	await db.schema
		.createIndex('sample_requests_stat_reported')
		.on('sample_requests')
		.columns(['status', 'reported_at', 'instrument_id'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const index of ['sample_requests_stat_reported', 'usage_records_stat_period', 'bookings_stat_period']) {
		await db.schema.dropIndex(index).ifExists().execute();
	}
	await db.schema.dropTable('evaluation_schemes').ifExists().execute();
}
