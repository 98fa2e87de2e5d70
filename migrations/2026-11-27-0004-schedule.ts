// Schedule capability: booking-rule columns on instruments (buffer between bookings, per-person
// limits), closures (one-off or weekly-recurring, with a kind and a reason) and the wait list with
// its offers of freed slots. Same for SQLite and PostgreSQL. Frozen once landed.
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

	await db.schema.alterTable('instruments').addColumn('buffer_minutes', 'integer', (c) => c.notNull().defaultTo(0)).execute();
	// null: no limit
	await db.schema.alterTable('instruments').addColumn('max_week_minutes', 'integer').execute();
	await db.schema.alterTable('instruments').addColumn('max_future_bookings', 'integer').execute();

	await db.schema
		.createTable('instrument_closures')
		.addColumn('id', idType, id)
		.addColumn('instrument_id', idType, (c) => c.notNull().references('instruments.id').onDelete('cascade'))
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('reason', 'text', (c) => c.notNull())
		// 'once': [start_at, end_at); 'weekly': weekday + local start_time–end_time, from_date..until_date (local, inclusive)
		.addColumn('recurrence', 'text', (c) => c.notNull())
		.addColumn('start_at', big)
		.addColumn('end_at', big)
		.addColumn('weekday', 'integer')
		.addColumn('start_time', 'varchar(5)')
		.addColumn('end_time', 'varchar(5)')
		.addColumn('from_date', 'varchar(10)')
		.addColumn('until_date', 'varchar(10)')
		.addColumn('created_by', idType)
		.addColumn('created_at', big, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('instrument_closures_instrument').on('instrument_closures').columns(['instrument_id', 'end_at']).execute();

	await db.schema
		.createTable('waitlist_entries')
		.addColumn('id', idType, id)
		.addColumn('instrument_id', idType, (c) => c.notNull().references('instruments.id').onDelete('cascade'))
		.addColumn('user_id', idType, (c) => c.notNull().references('users.id'))
		.addColumn('mode', 'text', (c) => c.notNull())
		.addColumn('start_at', big, (c) => c.notNull())
		.addColumn('end_at', big, (c) => c.notNull())
		.addColumn('purpose', 'text', (c) => c.notNull())
		.addColumn('project', 'text', (c) => c.notNull().defaultTo(''))
		// waiting → offered → booked | declined | expired; waiting → left
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('offered_at', big)
		.addColumn('offer_expires_at', big)
		.addColumn('booking_id', idType)
		.addColumn('created_at', big, (c) => c.notNull())
		.addColumn('updated_at', big, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('waitlist_instrument_status').on('waitlist_entries').columns(['instrument_id', 'status', 'start_at']).execute();
	await db.schema.createIndex('waitlist_user').on('waitlist_entries').columns(['user_id', 'status']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('waitlist_entries').ifExists().execute();
	await db.schema.dropTable('instrument_closures').ifExists().execute();
	for (const column of ['max_future_bookings', 'max_week_minutes', 'buffer_minutes']) {
		await db.schema.alterTable('instruments').dropColumn(column).execute();
	}
}
