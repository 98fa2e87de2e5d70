// Usage capability: the no-show threshold per instrument, the operator of an assisted booking,
// usage records (上机记录: what was really used), no-show blocks, per-instrument check-in codes and
// sample-testing requests (送样检测). Same for SQLite and PostgreSQL. Frozen once landed.
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

	// minutes after the start without check-in before a booking becomes a no-show
	await db.schema.alterTable('instruments').addColumn('no_show_minutes', 'integer', (c) => c.notNull().defaultTo(60)).execute();
	// staff-assisted bookings: the staff member assigned to run the instrument
	await db.schema.alterTable('bookings').addColumn('operator_user_id', idType).execute();
	await db.schema.createIndex('bookings_operator_start').on('bookings').columns(['operator_user_id', 'start_at']).execute();

	await db.schema
		.createTable('usage_records')
		.addColumn('id', idType, id)
		.addColumn('booking_id', idType, (c) => c.references('bookings.id'))
		.addColumn('instrument_id', idType, (c) => c.notNull().references('instruments.id'))
		.addColumn('user_id', idType, (c) => c.notNull().references('users.id'))
		.addColumn('operator_user_id', idType)
		.addColumn('start_at', big, (c) => c.notNull())
		// null while the instrument is in use (checked in, not yet out)
		.addColumn('end_at', big)
		.addColumn('recorded_by', idType)
		.addColumn('source', 'text', (c) => c.notNull())
		.addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('created_at', big, (c) => c.notNull())
		.addColumn('updated_at', big, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('usage_records_booking').on('usage_records').column('booking_id').unique().execute();
	await db.schema.createIndex('usage_records_instrument_start').on('usage_records').columns(['instrument_id', 'start_at']).execute();
	await db.schema.createIndex('usage_records_user_start').on('usage_records').columns(['user_id', 'start_at']).execute();

	await db.schema
		.createTable('usage_blocks')
		.addColumn('id', idType, id)
		.addColumn('user_id', idType, (c) => c.notNull().references('users.id'))
		.addColumn('facility_id', idType, (c) => c.notNull().references('facilities.id'))
		.addColumn('reason', 'text', (c) => c.notNull())
		.addColumn('no_show_count', 'integer', (c) => c.notNull())
		.addColumn('created_at', big, (c) => c.notNull())
		.addColumn('lifted_at', big)
		.addColumn('lifted_by', idType)
		.addColumn('lift_note', 'text')
		.execute();
	await db.schema.createIndex('usage_blocks_user_facility').on('usage_blocks').columns(['user_id', 'facility_id', 'lifted_at']).execute();
	await db.schema.createIndex('usage_blocks_facility').on('usage_blocks').columns(['facility_id', 'lifted_at']).execute();

	await db.schema
		.createTable('instrument_checkin_codes')
		.addColumn('instrument_id', idType, (c) => c.primaryKey().references('instruments.id').onDelete('cascade'))
		.addColumn('code', 'varchar(12)', (c) => c.notNull())
		.addColumn('rotated_by', idType)
		.addColumn('rotated_at', big, (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('sample_requests')
		.addColumn('id', idType, id)
		.addColumn('instrument_id', idType, (c) => c.notNull().references('instruments.id'))
		.addColumn('facility_id', idType, (c) => c.notNull().references('facilities.id'))
		.addColumn('user_id', idType, (c) => c.notNull().references('users.id'))
		.addColumn('sample_count', 'integer', (c) => c.notNull())
		.addColumn('sample_kind', 'text', (c) => c.notNull())
		.addColumn('hazards', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('wanted_date', 'varchar(10)')
		.addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
		// submitted → accepted | rejected; accepted → received → testing → reported; submitted/accepted → cancelled
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('quote_fen', big)
		.addColumn('reject_reason', 'text')
		.addColumn('booking_id', idType)
		.addColumn('result_path', 'text')
		.addColumn('result_name', 'text')
		.addColumn('result_type', 'text')
		.addColumn('result_size', big)
		.addColumn('reported_at', big)
		.addColumn('decided_by', idType)
		.addColumn('decided_at', big)
		.addColumn('user_area_code', 'varchar(2)', (c) => c.notNull())
		.addColumn('user_institution_id', idType, (c) => c.notNull())
		.addColumn('created_at', big, (c) => c.notNull())
		.addColumn('updated_at', big, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('sample_requests_user').on('sample_requests').columns(['user_id', 'created_at']).execute();
	await db.schema.createIndex('sample_requests_facility_status').on('sample_requests').columns(['facility_id', 'status']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of ['sample_requests', 'instrument_checkin_codes', 'usage_blocks', 'usage_records']) {
		await db.schema.dropTable(table).ifExists().execute();
	}
	await db.schema.dropIndex('bookings_operator_start').ifExists().execute();
	await db.schema.alterTable('bookings').dropColumn('operator_user_id').execute();
	await db.schema.alterTable('instruments').dropColumn('no_show_minutes').execute();
}
